import type { MentorAssessmentState } from '../../services/mentor-assessments.js';
import type { WorkLanguage } from './work-messages.js';

/** The words of the host mentor's assessment section on the console's stay page. */
const en = {
  title: 'Host mentor’s assessment',
  intro: 'Send the host mentor a one-time link: they fill in the grid on a phone, in their language, and sign it. You then accept the answer, or return it with a question.',
  none: 'No link sent yet.',
  send: 'Send the link to the mentor',
  sendNew: 'Send a new link (ends this one)',
  emailIt: 'Email it to the mentor',
  validDays: 'The link stays valid for (days)',
  language: 'The mentor’s language (beside French)',
  languageHint: 'The host country’s by default. The school may add a language in “Translations of the mentor’s grid”.',
  resend: 'Email the link again',
  revoke: 'Revoke the link',
  link: 'The mentor’s link',
  copy: 'Copy the link',
  copied: 'Copied',
  noSmtp: 'This service cannot send emails (no SMTP server is configured): you pass the link on to the mentor yourself.',
  qr: 'The link as a QR code, to print on the placement agreement',
  state: 'State',
  states: { sent: 'Sent', opened: 'Opened by the mentor', answered: 'Answered: waiting for your review', accepted: 'Accepted', returned: 'Returned with a question', revoked: 'Revoked', expired: 'Expired' } satisfies Record<MentorAssessmentState, string>,
  expires: 'Expires',
  emailed: 'Emailed',
  opened: 'Opened',
  answered: 'Answered',
  revoked: 'Revoked',
  reviewed: 'Reviewed',
  answer: 'The mentor’s answer',
  skills: 'Skills',
  outcomes: 'Learning outcomes reached',
  ufmPart1: 'UFM part 1',
  part1: (mark: number) => `${mark} points`,
  cefr: 'Language level observed',
  comment: 'Comment',
  signedBy: 'Signed by',
  question: 'Your question',
  accept: 'Accept the answer',
  acceptHint: 'It becomes the stay’s assessment; the credentials issued then carry the host’s signed statement.',
  returnIt: 'Return with a question',
  questionHint: 'The link opens again for the mentor, filled in, with your question.',
  done: {
    ready: 'The link is ready, but no email was sent: give it to the mentor yourself. Copy it below into your own message, or print its QR code on the placement agreement.',
    emailed: 'The link was emailed to the mentor.',
    resent: 'The link was emailed again.',
    revoked: 'The link is revoked.',
    accepted: 'The answer is accepted: it is the stay’s assessment.',
    returned: 'The grid is open again for the mentor, with your question, but no email was sent: tell the mentor yourself and give them the link below (the same link as before).',
    'returned-emailed': 'The answer went back to the mentor by email, with your question.',
  },
  refused: {
    conflict: 'Not possible in the link’s current state (or email is not configured).',
    question: 'Write the question for the mentor (at most 1,000 characters).',
    days: 'Give the link’s validity as a number of days from 1 to 180.',
    language: 'The grid has no texts in this language for the school’s mentors.',
    other: 'The request was refused.',
  },
};

export type MentorMessages = typeof en;

const fr: MentorMessages = {
  title: 'Évaluation du tuteur de l’organisme d’accueil',
  intro: 'Envoyez au tuteur un lien à usage unique : il remplit la grille sur son téléphone, dans sa langue, et la signe. Vous acceptez ensuite sa réponse, ou la lui renvoyez avec une question.',
  none: 'Aucun lien envoyé.',
  send: 'Envoyer le lien au tuteur',
  sendNew: 'Envoyer un nouveau lien (met fin à celui-ci)',
  emailIt: 'L’envoyer par courriel au tuteur',
  validDays: 'Le lien reste valable (jours)',
  language: 'La langue du tuteur (à côté du français)',
  languageHint: 'Celle du pays d’accueil par défaut. L’établissement peut ajouter une langue dans « Traductions de la grille du tuteur ».',
  resend: 'Renvoyer le lien par courriel',
  revoke: 'Retirer le lien',
  link: 'Le lien du tuteur',
  copy: 'Copier le lien',
  copied: 'Copié',
  noSmtp: 'Ce service ne peut pas envoyer de courriel (aucun serveur SMTP configuré) : c’est à vous de transmettre le lien au tuteur.',
  qr: 'Le lien en QR code, à imprimer sur la convention de stage',
  state: 'État',
  states: { sent: 'Envoyé', opened: 'Ouvert par le tuteur', answered: 'Répondu : à examiner', accepted: 'Accepté', returned: 'Renvoyé avec une question', revoked: 'Retiré', expired: 'Expiré' },
  expires: 'Expire le',
  emailed: 'Envoyé par courriel le',
  opened: 'Ouvert le',
  answered: 'Répondu le',
  revoked: 'Retiré le',
  reviewed: 'Examiné le',
  answer: 'La réponse du tuteur',
  skills: 'Compétences',
  outcomes: 'Acquis d’apprentissage atteints',
  ufmPart1: 'UFM partie 1',
  part1: (mark: number) => `${String(mark).replace('.', ',')} points`,
  cefr: 'Niveau de langue observé',
  comment: 'Commentaire',
  signedBy: 'Signé par',
  question: 'Votre question',
  accept: 'Accepter la réponse',
  acceptHint: 'Elle devient l’évaluation du séjour ; les attestations émises ensuite portent la déclaration signée de l’accueil.',
  returnIt: 'Renvoyer avec une question',
  questionHint: 'Le lien s’ouvre à nouveau pour le tuteur, rempli, avec votre question.',
  done: {
    ready: 'Le lien est prêt, mais aucun courriel n’a été envoyé : transmettez-le vous-même au tuteur. Copiez-le ci-dessous dans votre propre message, ou imprimez son QR code sur la convention de stage.',
    emailed: 'Le lien a été envoyé par courriel au tuteur.',
    resent: 'Le lien a été renvoyé par courriel.',
    revoked: 'Le lien est retiré.',
    accepted: 'La réponse est acceptée : c’est l’évaluation du séjour.',
    returned: 'La grille est de nouveau ouverte au tuteur, avec votre question, mais aucun courriel n’a été envoyé : prévenez vous-même le tuteur et donnez-lui le lien ci-dessous (le même qu’avant).',
    'returned-emailed': 'La réponse est renvoyée au tuteur par courriel, avec votre question.',
  },
  refused: {
    conflict: 'Impossible dans l’état actuel du lien (ou le courriel n’est pas configuré).',
    question: 'Écrivez la question pour le tuteur (1 000 caractères au plus).',
    days: 'Indiquez la validité du lien en jours, de 1 à 180.',
    language: 'La grille n’a pas de textes dans cette langue pour les tuteurs de l’établissement.',
    other: 'La demande a été refusée.',
  },
};

export const MENTOR_MESSAGES: Record<WorkLanguage, MentorMessages> = { en, fr };

/** What the mentor section says after an action on the link (its `?mentor=` outcome), if it is one. */
export function mentorNotice(outcome: string | undefined, language: WorkLanguage): { text: string; refused: boolean } | undefined {
  const t = MENTOR_MESSAGES[language];
  const refused = outcome?.startsWith('refused-') ?? false;
  const text = refused ? t.refused[outcome!.slice('refused-'.length) as keyof MentorMessages['refused']] : t.done[outcome as keyof MentorMessages['done']];
  return text === undefined ? undefined : { text, refused };
}

import type { ElementKind } from '../../domain/pathways.js';
import type { RefusalReason } from '../../services/pathways.js';

/** The words of the order's check page (issue #23), French first. */
export interface PathwayMessages {
  title: string;
  intro: string;
  formLabel: string;
  formHint: string;
  checkButton: string;
  skipToResult: string;
  resultHeading: string;
  summary: (counts: { prescribed: number; satisfied: number; refused: number; missing: number }) => string;
  prescriptionNotValid: string;
  prescriptionHeading: string;
  order: string;
  profession: string;
  decisionLabel: string;
  decision: (reference: string, date: string) => string;
  candidate: string;
  candidateNote: string;
  elementsHeading: string;
  elementKinds: Record<ElementKind, string>;
  terms: (hours: number, stageRequired: boolean, deadline: string) => string;
  competency: (code: string, referential: string) => string;
  outcomes: { satisfied: string; refused: string; missing: string };
  satisfiedBy: string;
  completedOn: (date: string) => string;
  afterDeadline: string;
  signatureVerified: string;
  frenchLevels: string;
  refusedCredentials: string;
  reasons: Record<RefusalReason, string>;
  unrelatedHeading: string;
  unrelatedReasons: { 'names-no-element': string; 'another-prescription': string; unreadable: string };
  submittedItem: (index: number) => string;
  refusals: { 'one-prescription': string; 'prescription-hosted-here': string; other: string };
  apiNote: string;
}

export const PATHWAY_MESSAGES: Record<'fr' | 'en', PathwayMessages> = {
  fr: {
    title: 'Vérifier un parcours prescrit',
    intro:
      'Pour l’ordre professionnel : collez la prescription et les attestations que la personne candidate vous a transmises. Chaque élément prescrit est vérifié — signature, émetteur, statut (révocation) — et rapproché de l’attestation qui le complète.',
    formLabel: 'Attestations (un lien ou un VC-JWT par ligne, ou un JSON)',
    formHint: 'La prescription et les attestations de formation d’appoint, de stage ou de francisation, dans n’importe quel ordre.',
    checkButton: 'Vérifier le parcours',
    skipToResult: 'Aller au résultat',
    resultHeading: 'Résultat',
    summary: ({ prescribed, satisfied, refused, missing }) =>
      `${satisfied} élément${satisfied > 1 ? 's' : ''} satisfait${satisfied > 1 ? 's' : ''} sur ${prescribed}` +
      (missing ? ` · ${missing} manquant${missing > 1 ? 's' : ''}` : '') +
      (refused ? ` · ${refused} refusé${refused > 1 ? 's' : ''}` : ''),
    prescriptionNotValid: 'La prescription elle-même n’est pas valide : aucun élément ne peut être tenu pour satisfait.',
    prescriptionHeading: 'Prescription',
    order: 'Ordre',
    profession: 'Profession',
    decisionLabel: 'Décision',
    decision: (reference, date) => `${reference} du ${date}`,
    candidate: 'Personne candidate',
    candidateNote: 'Chaque attestation est rapprochée de la personne à qui la prescription a été délivrée (adresse courriel hachée, jamais affichée).',
    elementsHeading: 'Éléments prescrits',
    elementKinds: { 'bridging-training': 'Formation d’appoint', stage: 'Stage prescrit', francisation: 'Francisation' },
    terms: (hours, stageRequired, deadline) => `${hours} h · ${stageRequired ? 'stage requis' : 'sans stage'} · à terminer au plus tard le ${deadline}`,
    competency: (code, referential) => `Compétence ${code} — ${referential}`,
    outcomes: { satisfied: 'Satisfait', refused: 'Refusé', missing: 'Manquant' },
    satisfiedBy: 'Satisfait par',
    completedOn: (date) => `terminé le ${date}`,
    afterDeadline: 'après l’échéance',
    signatureVerified: 'signature, émetteur et statut vérifiés',
    frenchLevels: 'Niveaux atteints (Échelle québécoise, 1 à 12)',
    refusedCredentials: 'Attestations refusées pour cet élément :',
    reasons: {
      'not-verified': 'non vérifiée',
      'unrecognised-institution': 'établissement non reconnu par l’ordre',
      'other-candidate': 'délivrée à une autre personne',
    },
    unrelatedHeading: 'Autres documents transmis',
    unrelatedReasons: {
      'names-no-element': 'ne complète aucun élément de cette prescription',
      'another-prescription': 'complète un élément d’une autre prescription',
      unreadable: 'illisible ou introuvable',
    },
    submittedItem: (index) => `Document n° ${index + 1}`,
    refusals: {
      'one-prescription': 'Joignez une prescription, et une seule, parmi les attestations.',
      'prescription-hosted-here': 'Cette prescription n’a pas été délivrée par un ordre professionnel sur ce service.',
      other: 'Ces attestations ne peuvent pas être vérifiées ensemble.',
    },
    apiNote: 'Les systèmes des ordres obtiennent le même résultat en JSON : POST /v1/pathways/check.',
  },
  en: {
    title: 'Check a prescribed pathway',
    intro:
      'For the professional order: paste the prescription and the credentials the candidate sent you. Each prescribed element is verified — signature, issuer, status (revocation) — and matched with the credential that completes it.',
    formLabel: 'Credentials (one link or VC-JWT per line, or a JSON)',
    formHint: 'The prescription and the bridging training, work placement or French-language credentials, in any order.',
    checkButton: 'Check the pathway',
    skipToResult: 'Skip to the result',
    resultHeading: 'Result',
    summary: ({ prescribed, satisfied, refused, missing }) =>
      `${satisfied} of ${prescribed} element${prescribed > 1 ? 's' : ''} satisfied` + (missing ? ` · ${missing} missing` : '') + (refused ? ` · ${refused} refused` : ''),
    prescriptionNotValid: 'The prescription itself is not valid: no element can be taken as satisfied.',
    prescriptionHeading: 'Prescription',
    order: 'Order',
    profession: 'Profession',
    decisionLabel: 'Decision',
    decision: (reference, date) => `${reference} of ${date}`,
    candidate: 'Candidate',
    candidateNote: 'Each credential is matched with the person the prescription was issued to (hashed email address, never shown).',
    elementsHeading: 'Prescribed elements',
    elementKinds: { 'bridging-training': 'Bridging training', stage: 'Prescribed work placement', francisation: 'French-language training' },
    terms: (hours, stageRequired, deadline) => `${hours} h · ${stageRequired ? 'work placement required' : 'no work placement'} · to be completed by ${deadline}`,
    competency: (code, referential) => `Competency ${code} — ${referential}`,
    outcomes: { satisfied: 'Satisfied', refused: 'Refused', missing: 'Missing' },
    satisfiedBy: 'Satisfied by',
    completedOn: (date) => `completed on ${date}`,
    afterDeadline: 'after the deadline',
    signatureVerified: 'signature, issuer and status verified',
    frenchLevels: 'Levels reached (Échelle québécoise, 1 to 12)',
    refusedCredentials: 'Credentials refused for this element:',
    reasons: {
      'not-verified': 'not verified',
      'unrecognised-institution': 'institution not recognised by the order',
      'other-candidate': 'issued to someone else',
    },
    unrelatedHeading: 'Other documents sent',
    unrelatedReasons: {
      'names-no-element': 'completes no element of this prescription',
      'another-prescription': 'completes an element of another prescription',
      unreadable: 'unreadable or not found',
    },
    submittedItem: (index) => `Document no. ${index + 1}`,
    refusals: {
      'one-prescription': 'Include one prescription, and only one, among the credentials.',
      'prescription-hosted-here': 'This prescription was not issued by a professional order on this service.',
      other: 'These credentials cannot be checked together.',
    },
    apiNote: 'Orders’ systems get the same result as JSON: POST /v1/pathways/check.',
  },
};

import type { PrivacyFacts } from '../../services/privacy-facts.js';

/** The words of the privacy and terms page (/privacy), in French and English. */
export type PrivacyLanguage = 'fr' | 'en';
export const PRIVACY_LANGUAGES: readonly PrivacyLanguage[] = ['fr', 'en'];


export interface PrivacyMessages {
  title: string;
  intro: string;
  responsibleHeading: string;
  schoolsResponsible: string;
  operatorRuns: (name: string) => string;
  operatorContact: string;
  operatorUnnamed: string;
  recordedHeading: string;
  /** Who the data is about, and what is kept of them. */
  recorded: (facts: PrivacyFacts) => readonly { who: string; what: string }[];
  retentionHeading: string;
  retention: (facts: PrivacyFacts) => readonly string[];
  cookiesHeading: string;
  cookies: string;
  rightsHeading: string;
  rightsSpace: string;
  rightsSpaceLink: string;
  rightsSchool: string;
  rightsMinors: string;
  termsHeading: string;
  terms: readonly string[];
}

export const PRIVACY_MESSAGES: Record<PrivacyLanguage, PrivacyMessages> = {
  fr: {
    title: 'Données personnelles et conditions d’utilisation',
    intro:
      'mobicred permet aux établissements de délivrer des badges numériques signés pour les compétences acquises lors d’une mobilité à l’étranger, et à chacun de les vérifier. Voici quelles données il conserve, pourquoi, combien de temps, et comment exercer vos droits.',
    responsibleHeading: 'Qui est responsable',
    schoolsResponsible:
      'Chaque établissement (ou académie, ou organisme) qui délivre des badges ici décide de ce qu’il enregistre et en est responsable au sens du RGPD. Son nom figure sur la page de chacun de ses badges, avec son adresse électronique quand il l’a donnée.',
    operatorRuns: (name) => `Ce service est exploité par ${name}, qui héberge les données pour le compte des établissements.`,
    operatorContact: 'Pour le joindre :',
    operatorUnnamed: 'L’organisme qui exploite ce service héberge les données pour le compte des établissements : pour toute question, écrivez à l’établissement qui vous a délivré un badge.',
    recordedHeading: 'Ce qui est enregistré, et pourquoi',
    recorded: (facts) => [
      {
        who: 'Les personnes parties en mobilité (élèves, apprentis, personnels)',
        what: 'Adresse électronique, nom, classe et diplôme préparé ; le séjour (dates, organisme d’accueil, ville et pays, programme), l’évaluation et les résultats. La date de naissance (ou la seule mention « mineur ») et l’adresse d’un parent ou tuteur seulement si l’établissement les enregistre : elles servent à ne pas publier le nom d’un mineur. Le but : délivrer les badges que l’établissement décerne.',
      },
      {
        who: 'Les badges eux-mêmes',
        what: 'Le nom du titulaire (sauf s’il l’a masqué ou s’il est mineur), ce qui a été acquis, l’organisme d’accueil et les dates. L’adresse électronique n’y figure que sous forme d’empreinte salée : seul qui connaît déjà l’adresse peut vérifier qu’elle correspond (c’est ce que ce service propose aux employeurs). Un badge est public par son lien : c’est ce qui permet à un employeur de le vérifier.',
      },
      {
        who: 'Les tuteurs des organismes d’accueil',
        what: 'Nom, fonction, adresse électronique, et leurs réponses à la grille d’évaluation, avec le nom qu’ils y signent.',
      },
      {
        who: 'Les personnels des établissements',
        what: 'Nom, adresse électronique, rôle. Le mot de passe n’est conservé que sous forme d’empreinte, le secret de la vérification en deux étapes chiffré.',
      },
      {
        who: 'L’espace apprenant',
        what: 'Les adresses que vous avez confirmées, le nombre de consultations de vos badges par jour, les badges que des plateformes y ont ajoutés avec votre accord et les plateformes que vous avez autorisées.',
      },
      {
        who: 'Les employeurs et les visiteurs',
        what: 'Rien qui vous concerne. Une vérification compte une consultation de plus pour le badge, sans dire qui l’a consulté ; l’adresse saisie pour vérifier à qui est un badge n’est ni conservée ni journalisée.',
      },
      {
        who: 'Les journaux du service',
        what: `Pour chaque requête : son chemin, son statut et sa durée — ni votre adresse IP, ni vos cookies. L’adresse IP sert, en mémoire seulement, à limiter les abus ; après un échec de connexion à la console, elle est gardée avec l’adresse électronique saisie, ${facts.signInFailureMinutes} minutes au plus, pour freiner qui devine des mots de passe.`,
      },
    ],
    retentionHeading: 'Combien de temps',
    retention: (facts) => [
      'Les séjours et les badges restent tant que l’établissement les garde. Un badge révoqué reste publié comme révoqué, pour qu’un employeur l’apprenne.',
      `Les liens à usage unique (connexion, tuteur, récupération d’un badge) servent jusqu’à leur expiration ; les liens expirés de récupération d’un badge, de recommandation, d’invitation et de nouveau mot de passe sont effacés ${facts.expiredRetentionDays} jours plus tard.`,
      `Une session se ferme après ${facts.learnerIdleMinutes} minutes sans activité dans l’espace apprenant, ${facts.staffIdleMinutes} minutes dans la console, et au bout de ${facts.sessionHours} heures dans tous les cas.`,
      `Une plateforme inscrite qu’aucun apprenant n’a autorisée est effacée ${facts.unapprovedPlatformDays} jours après son inscription.`,
    ],
    cookiesHeading: 'Cookies',
    cookies:
      'Seulement ceux qu’il faut pour rester connecté (console, espace apprenant, autorisation d’une plateforme). Aucun cookie de mesure d’audience ni de publicité ; aucune page ne charge quoi que ce soit depuis un autre site, sauf le logo d’une plateforme qu’un apprenant est invité à autoriser.',
    rightsHeading: 'Vos droits',
    rightsSpace: 'Dans votre espace, vous pouvez télécharger toutes vos données, masquer votre nom sur vos badges et supprimer votre espace, ce qui retire aussi l’accès des plateformes que vous aviez autorisées.',
    rightsSpaceLink: 'Ouvrir mon espace',
    rightsSchool:
      'Pour faire corriger ou effacer un séjour ou un badge, ou vous opposer à son traitement, écrivez à l’établissement qui l’a délivré (voir la page du badge). Vous pouvez aussi saisir l’autorité de protection des données de votre pays (en France, la CNIL).',
    rightsMinors: 'Si votre établissement a enregistré que vous êtes mineur(e), votre nom n’apparaît sur vos badges qu’avec l’accord d’un parent ou responsable légal, ou, s’il a enregistré votre date de naissance, à partir de vos 18 ans : vous choisissez alors, badge par badge.',
    termsHeading: 'Conditions d’utilisation',
    terms: [
      'Vérifier un badge est gratuit et ne demande aucun compte.',
      'Un badge est une déclaration de l’établissement qui l’a signé. mobicred en vérifie la signature, l’état (révoqué ou non) et les dates, et dit quels registres reconnaissent l’établissement ; il ne garantit pas ce que le badge affirme.',
      'Le nombre de requêtes par client est limité : n’essayez pas de perturber le service.',
    ],
  },
  en: {
    title: 'Privacy and terms of use',
    intro:
      'mobicred lets schools issue signed digital badges for the skills gained during a stay abroad, and lets anyone verify them. Here is what it keeps, why, for how long, and how to exercise your rights.',
    responsibleHeading: 'Who is responsible',
    schoolsResponsible:
      'Each school (or academy, or body) that issues badges here decides what it records and is responsible for it under the GDPR (the controller). Its name is on the page of each of its badges, with its email address when it gave one.',
    operatorRuns: (name) => `This service is run by ${name}, which hosts the data on the schools’ behalf.`,
    operatorContact: 'To reach it:',
    operatorUnnamed: 'The organisation that runs this service hosts the data on the schools’ behalf: for any question, write to the school that issued your badge.',
    recordedHeading: 'What is recorded, and why',
    recorded: (facts) => [
      {
        who: 'People who go abroad (learners, apprentices, staff)',
        what: 'Email address, name, class and qualification; the stay (dates, host organisation, city and country, programme), the assessment and the results. A date of birth (or only the word “minor”) and a parent’s or guardian’s address only if the school records them: they keep a minor’s name from being published. The purpose: issuing the badges the school awards.',
      },
      {
        who: 'The badges themselves',
        what: 'The holder’s name (unless they hid it or are a minor), what was achieved, the host organisation and the dates. The email address appears only as a salted hash: only someone who already knows the address can check that it matches (which this service offers employers). A badge is public by its link: that is what lets an employer verify it.',
      },
      {
        who: 'Mentors at host organisations',
        what: 'Name, role, email address, and their answers to the assessment grid, with the name they sign it with.',
      },
      {
        who: 'School staff',
        what: 'Name, email address, role. The password is kept only as a hash, the two-step verification secret encrypted.',
      },
      {
        who: 'The learner space',
        what: 'The addresses you confirmed, how many times a day your badges were looked up, the badges platforms added with your consent and the platforms you approved.',
      },
      {
        who: 'Employers and visitors',
        what: 'Nothing about you. A verification counts one more look-up for the badge, without saying who looked; the address typed to check whose badge it is is neither kept nor logged.',
      },
      {
        who: 'The service’s logs',
        what: `For each request: its path, status and duration — not your IP address, not your cookies. The IP address is used, in memory only, to limit abuse; after a failed sign-in to the console it is kept with the email address typed, ${facts.signInFailureMinutes} minutes at most, to slow down password guessing.`,
      },
    ],
    retentionHeading: 'For how long',
    retention: (facts) => [
      'Stays and badges remain as long as the school keeps them. A revoked badge stays published as revoked, so that an employer learns it.',
      `One-time links (sign-in, mentor, claiming a badge) work until they expire; expired claim, endorsement, invitation and password-reset links are deleted ${facts.expiredRetentionDays} days later.`,
      `A session ends after ${facts.learnerIdleMinutes} minutes without activity in the learner space, ${facts.staffIdleMinutes} minutes in the console, and after ${facts.sessionHours} hours in any case.`,
      `A registered platform that no learner approved is deleted ${facts.unapprovedPlatformDays} days after registering.`,
    ],
    cookiesHeading: 'Cookies',
    cookies:
      'Only those needed to stay signed in (console, learner space, approving a platform). No audience-measurement or advertising cookies; no page loads anything from another site, but for the logo of a platform a learner is asked to approve.',
    rightsHeading: 'Your rights',
    rightsSpace: 'In your space you can download all your data, hide your name on your badges and delete your space, which also ends the access of the platforms you had approved.',
    rightsSpaceLink: 'Open my space',
    rightsSchool:
      'To have a stay or a badge corrected or erased, or to object to its processing, write to the school that issued it (see the badge’s page). You may also complain to your country’s data protection authority (in France, the CNIL).',
    rightsMinors: 'If your school recorded that you are a minor, your name appears on your badges only once a parent or guardian agrees, or, if it recorded your date of birth, from your 18th birthday: you then choose, badge by badge.',
    termsHeading: 'Terms of use',
    terms: [
      'Verifying a badge is free and needs no account.',
      'A badge is a statement by the school that signed it. mobicred checks its signature, its status (revoked or not) and its dates, and says which registries recognise the school; it does not guarantee what the badge claims.',
      'Requests are limited per client: do not try to disrupt the service.',
    ],
  },
};

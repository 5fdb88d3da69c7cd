/** The words of the landing page (/), in French and English. */
export type LandingLanguage = 'fr' | 'en';
export const LANDING_LANGUAGES: readonly LandingLanguage[] = ['fr', 'en'];

export interface LandingMessages {
  title: string;
  lead: string;
  what: string;
  schoolsTitle: string;
  schoolsText: string;
  schoolsLink: string;
  employersTitle: string;
  employersText: string;
  employersLink: string;
  learnersTitle: string;
  learnersText: string;
  learnersLink: string;
  developersTitle: string;
  developersText: string;
  developersLink: string;
}

export const LANDING_MESSAGES: Record<LandingLanguage, LandingMessages> = {
  fr: {
    title: 'mobicred — titres de mobilité vérifiables',
    lead: 'Des titres signés et vérifiables pour les compétences acquises lors d’une mobilité à l’étranger.',
    what: 'Les lycées professionnels, les CFA et les centres de formation délivrent ici des Open Badges 3.0 — des attestations numériques signées — pour les stages et séjours Erasmus+ de leurs élèves et personnels. N’importe qui peut les vérifier, sans compte.',
    schoolsTitle: 'Établissements et académies',
    schoolsText: 'Enregistrez les mobilités, remplissez l’évaluation, délivrez et suivez les titres.',
    schoolsLink: 'Se connecter à la console',
    employersTitle: 'Employeurs et jurys',
    employersText: 'Vérifiez un titre présenté par un candidat : collez-le ou déposez son image de badge.',
    employersLink: 'Vérifier un titre',
    learnersTitle: 'Apprenants',
    learnersText: 'Retrouvez les titres de tous vos établissements, partagez-les sur votre CV ou LinkedIn, ajoutez-les à un portefeuille : il suffit de l’adresse électronique à laquelle ils ont été envoyés.',
    learnersLink: 'Ouvrir mon espace',
    developersTitle: 'Développeurs',
    developersText: 'L’API de mobicred, décrite en OpenAPI 3.1.',
    developersLink: 'Documentation de l’API',
  },
  en: {
    title: 'mobicred — verifiable mobility credentials',
    lead: 'Signed, verifiable credentials for the skills gained during a stay abroad.',
    what: 'Vocational schools, apprenticeship centres and training centres issue Open Badges 3.0 here — signed digital credentials — for the Erasmus+ placements and stays of their learners and staff. Anyone can verify them, with no account.',
    schoolsTitle: 'Schools and academies',
    schoolsText: 'Record stays, fill in the assessment, issue and follow credentials.',
    schoolsLink: 'Sign in to the console',
    employersTitle: 'Employers and juries',
    employersText: 'Verify a credential a candidate shows you: paste it or drop its badge image.',
    employersLink: 'Verify a credential',
    learnersTitle: 'Learners',
    learnersText: 'Find the credentials of all your schools, share them on your CV or LinkedIn, add them to a wallet: all it takes is the email address they were sent to.',
    learnersLink: 'Open my space',
    developersTitle: 'Developers',
    developersText: 'mobicred’s API, described in OpenAPI 3.1.',
    developersLink: 'API documentation',
  },
};

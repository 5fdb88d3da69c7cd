/** The learner space's emails, in the language of the page that asked for them. */
export type LearnerEmailLanguage = 'fr' | 'en';

export function learnerEmail(
  options:
    | { kind: 'sign-in'; language: LearnerEmailLanguage; url: string; validMinutes: number }
    | { kind: 'add-email'; language: LearnerEmailLanguage; url: string; validHours: number }
    | { kind: 'guardian-approval'; language: LearnerEmailLanguage; url: string; validDays: number },
): { subject: string; text: string } {
  const fr = options.language === 'fr';
  switch (options.kind) {
    case 'sign-in':
      return fr
        ? {
            subject: 'mobicred — votre lien pour voir vos badges',
            text: `Bonjour,\n\nPour ouvrir votre espace et voir tous vos badges, ouvrez ce lien (valable ${options.validMinutes} minutes, une seule fois) :\n${options.url}\n\nSi vous n’avez rien demandé, ignorez ce message : personne n’entre dans votre espace sans ce lien.\n`,
          }
        : {
            subject: 'mobicred — your link to see your badges',
            text: `Hello,\n\nTo open your space and see all your badges, open this link (valid for ${options.validMinutes} minutes, once):\n${options.url}\n\nIf you did not ask for it, ignore this message: nobody gets into your space without this link.\n`,
          };
    case 'add-email':
      return fr
        ? {
            subject: 'mobicred — confirmer cette adresse',
            text: `Bonjour,\n\nVous avez demandé à ajouter cette adresse à votre espace de badges : les badges reçus à cette adresse y apparaîtront. Confirmez en ouvrant ce lien (valable ${options.validHours} heures) :\n${options.url}\n\nSi vous n’avez rien demandé, ignorez ce message.\n`,
          }
        : {
            subject: 'mobicred — confirm this address',
            text: `Hello,\n\nYou asked to add this address to your badge space: the badges received at this address will appear there. Confirm by opening this link (valid for ${options.validHours} hours):\n${options.url}\n\nIf you did not ask for it, ignore this message.\n`,
          };
    case 'guardian-approval':
      return fr
        ? {
            subject: 'mobicred — autoriser l’affichage du nom de votre enfant',
            text: `Bonjour,\n\nUn ou une élève mineur(e) dont vous êtes responsable a reçu des badges de son établissement pour un séjour à l’étranger. Tant que vous ne l’autorisez pas, son nom n’apparaît pas sur les pages publiques de ses badges.\n\nPour voir la demande et l’autoriser, ouvrez ce lien (valable ${options.validDays} jours) :\n${options.url}\n\nSi vous ne connaissez pas cette demande, ignorez ce message : rien ne change.\n`,
          }
        : {
            subject: 'mobicred — allow your child’s name to be shown',
            text: `Hello,\n\nA minor learner in your care received badges from their school for a stay abroad. Until you allow it, their name does not appear on the public pages of their badges.\n\nTo see the request and allow it, open this link (valid for ${options.validDays} days):\n${options.url}\n\nIf you do not know of this request, ignore this message: nothing changes.\n`,
          };
  }
}

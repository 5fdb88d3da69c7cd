/** The learner space's emails, in the language of the page that asked for them. */
export type LearnerEmailLanguage = 'fr' | 'en';

export function learnerEmail(
  options:
    | { kind: 'sign-in'; language: LearnerEmailLanguage; url: string; validMinutes: number }
    | { kind: 'add-email'; language: LearnerEmailLanguage; url: string; validHours: number; askedBy: string }
    | { kind: 'guardian-approval'; language: LearnerEmailLanguage; url: string; validDays: number; learner: string; schools: string },
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
            text: `Bonjour,\n\nL’espace de badges de ${options.askedBy} demande à ajouter cette adresse. Si vous confirmez, les badges reçus à cette adresse y apparaîtront, et si cette adresse a déjà son propre espace, les deux espaces n’en feront plus qu’un : celui de ${options.askedBy}.\nPour confirmer, ouvrez ce lien (valable ${options.validHours} heures) en étant connecté(e) à l’espace de ${options.askedBy} :\n${options.url}\n\nSi ${options.askedBy} n’est pas votre adresse, ou si vous n’avez rien demandé, ignorez ce message : rien ne change sans confirmation.\n`,
          }
        : {
            subject: 'mobicred — confirm this address',
            text: `Hello,\n\nThe badge space of ${options.askedBy} asks to add this address. If you confirm, the badges received at this address will appear there, and if this address already has its own space, the two spaces will become one: that of ${options.askedBy}.\nTo confirm, open this link (valid for ${options.validHours} hours) while signed in to the space of ${options.askedBy}:\n${options.url}\n\nIf ${options.askedBy} is not your address, or you did not ask for it, ignore this message: nothing changes unless you confirm.\n`,
          };
    case 'guardian-approval':
      return fr
        ? {
            subject: 'mobicred — autoriser l’affichage du nom de votre enfant',
            text: `Bonjour,\n\n${options.learner || 'Un ou une élève mineur(e)'}, dont ${options.schools || 'son établissement'} vous a enregistré(e) comme parent ou responsable légal, a reçu des badges pour un séjour à l’étranger. Tant que vous ne l’autorisez pas, son nom n’apparaît pas sur les pages publiques de ses badges.\n\nPour voir la demande et l’autoriser, ouvrez ce lien (valable ${options.validDays} jours) :\n${options.url}\n\nSi vous ne connaissez pas cette demande, ignorez ce message : rien ne change.\n`,
          }
        : {
            subject: 'mobicred — allow your child’s name to be shown',
            text: `Hello,\n\n${options.learner || 'A minor learner'}, for whom ${options.schools || 'their school'} recorded you as parent or guardian, received badges for a stay abroad. Until you allow it, their name does not appear on the public pages of their badges.\n\nTo see the request and allow it, open this link (valid for ${options.validDays} days):\n${options.url}\n\nIf you do not know of this request, ignore this message: nothing changes.\n`,
          };
  }
}

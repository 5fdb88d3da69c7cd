/** The console's emails: a password-reset link, an invitation. In the language of the page that asked. */
export type StaffEmailLanguage = 'fr' | 'en';

export function staffEmail(
  options:
    | { kind: 'password-reset'; language: StaffEmailLanguage; url: string }
    | { kind: 'invitation'; language: StaffEmailLanguage; url: string; organisation: string; invitedBy: string },
): { subject: string; text: string } {
  if (options.kind === 'password-reset') {
    return options.language === 'fr'
      ? {
          subject: 'mobicred — choisir un nouveau mot de passe',
          text: `Bonjour,\n\nPour choisir un nouveau mot de passe pour la console de mobicred, ouvrez ce lien (valable une heure) :\n${options.url}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n`,
        }
      : {
          subject: 'mobicred — choose a new password',
          text: `Hello,\n\nTo choose a new password for mobicred's console, open this link (valid for one hour):\n${options.url}\n\nIf you did not ask for it, ignore this message: your password does not change.\n`,
        };
  }
  return options.language === 'fr'
    ? {
        subject: `mobicred — invitation à la console de ${options.organisation}`,
        text: `Bonjour,\n\n${options.invitedBy} vous invite à la console de mobicred pour ${options.organisation}, où l’établissement délivre et suit les titres de mobilité de ses élèves et personnels.\n\nAcceptez l’invitation ici (lien valable 7 jours) :\n${options.url}\n`,
      }
    : {
        subject: `mobicred — invitation to ${options.organisation}'s console`,
        text: `Hello,\n\n${options.invitedBy} invites you to mobicred's console for ${options.organisation}, where the school issues and follows the mobility credentials of its learners and staff.\n\nAccept the invitation here (link valid for 7 days):\n${options.url}\n`,
      };
}

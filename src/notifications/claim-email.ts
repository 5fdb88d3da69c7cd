import type { TemplateLanguage } from '../domain/mobility-achievements.js';
import { readableDate } from '../domain/dates.js';

/** The email that brings a learner to their claim page, in the language of the credential. */
export function claimEmail(options: { language: TemplateLanguage; achievementName: string; issuerName: string; claimUrl: string; expiresAt: string }): {
  subject: string;
  text: string;
} {
  const until = readableDate(new Date(options.expiresAt), options.language === 'fr' ? 'fr-FR' : 'en-GB');
  if (options.language === 'fr') {
    return {
      subject: `Votre badge « ${options.achievementName} » — ${options.issuerName}`,
      text: `Bonjour,\n\n${options.issuerName} vous a délivré le titre « ${options.achievementName} ».\n\nRécupérez-le ici, jusqu’au ${until} :\n${options.claimUrl}\n\nVous pourrez l’ajouter à votre CV, à votre profil LinkedIn ou à votre portefeuille numérique. Ce lien est personnel : ne le transmettez pas.\n`,
    };
  }
  return {
    subject: `Your badge "${options.achievementName}" — ${options.issuerName}`,
    text: `Hello,\n\n${options.issuerName} has issued you the credential "${options.achievementName}".\n\nClaim it here, until ${until}:\n${options.claimUrl}\n\nYou can then add it to your CV, your LinkedIn profile or your wallet. This link is personal: do not pass it on.\n`,
  };
}

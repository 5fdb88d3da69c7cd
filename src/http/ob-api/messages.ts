import { OB_SCOPES, type ObScope } from '../../domain/ob-api.js';

/** The learner's consent page of the OB 3.0 API, in French and English. */
export type ConsentLanguage = 'fr' | 'en';
export const CONSENT_LANGUAGES: readonly ConsentLanguage[] = ['fr', 'en'];

export interface ConsentMessages {
  title: (platform: string) => string;
  logoAlt: (platform: string) => string;
  /** Before the platform's address: who they say they are. */
  platformSite: string;
  asks: string;
  scopes: Record<ObScope, string>;
  duration: string;
  signedInAs: (emails: string) => string;
  approve: string;
  refuse: string;
  platformTerms: string;
  platformPrivacy: string;
  expiredTitle: string;
  expired: string;
  /** The footer's link to the learner's space. */
  mySpace: string;
}

export const CONSENT_MESSAGES: Record<ConsentLanguage, ConsentMessages> = {
  fr: {
    title: (platform) => `${platform} demande l’accès à vos badges`,
    logoAlt: (platform) => `Logo de ${platform}`,
    platformSite: 'Site de la plateforme :',
    asks: 'Si vous acceptez, cette plateforme pourra :',
    scopes: {
      [OB_SCOPES.credentialReadonly]: 'voir vos badges : ceux que les écoles ont délivrés à vos adresses e-mail, et ceux que vous avez ajoutés',
      [OB_SCOPES.credentialUpsert]: 'ajouter des badges à votre espace (chaque badge est vérifié avant d’être gardé)',
      [OB_SCOPES.profileReadonly]: 'connaître vos adresses e-mail vérifiées',
    },
    duration: 'Cet accès dure au plus 90 jours. Vous pouvez refuser : la plateforme ne recevra rien.',
    signedInAs: (emails) => `Vous êtes connecté·e comme ${emails}.`,
    approve: 'Accepter',
    refuse: 'Refuser',
    platformTerms: 'Conditions d’utilisation de la plateforme',
    platformPrivacy: 'Politique de confidentialité de la plateforme',
    expiredTitle: 'Cette demande a expiré',
    expired: 'Retournez sur la plateforme et recommencez : elle vous renverra ici.',
    mySpace: 'Mon espace de badges',
  },
  en: {
    title: (platform) => `${platform} asks to access your badges`,
    logoAlt: (platform) => `${platform} logo`,
    platformSite: 'Platform’s website:',
    asks: 'If you approve, this platform will be able to:',
    scopes: {
      [OB_SCOPES.credentialReadonly]: 'see your badges: those schools issued to your email addresses, and those you added',
      [OB_SCOPES.credentialUpsert]: 'add badges to your space (each badge is verified before it is kept)',
      [OB_SCOPES.profileReadonly]: 'know your verified email addresses',
    },
    duration: 'This access lasts 90 days at most. You may refuse: the platform will then receive nothing.',
    signedInAs: (emails) => `You are signed in as ${emails}.`,
    approve: 'Approve',
    refuse: 'Refuse',
    platformTerms: 'The platform’s terms of service',
    platformPrivacy: 'The platform’s privacy policy',
    expiredTitle: 'This request has expired',
    expired: 'Go back to the platform and start again: it will send you back here.',
    mySpace: 'My badges space',
  },
};

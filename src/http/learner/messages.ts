/**
 * The learner space's words, in French and English (a Record over the languages: a missing translation is a
 * compile error). Phone first: short sentences, one action a screen.
 */
export type LearnerLanguage = 'fr' | 'en';
export const LEARNER_LANGUAGES: readonly LearnerLanguage[] = ['fr', 'en'];

export interface LearnerMessages {
  spaceName: string;
  skipToContent: string;
  navigation: string;
  nav: { badges: string; data: string };
  signOut: string;
  signIn: {
    title: string;
    intro: string;
    email: string;
    emailHint: string;
    submit: string;
    sent: string;
    sentHint: string;
    invalidEmail: string;
    noPassword: string;
  };
  link: {
    title: string;
    intro: string;
    submit: string;
    notUsable: string;
    askAgain: string;
  };
  signedOut: string;
  problems: { formExpired: string; notFound: string; other: string; errorTitle: string };
  home: { title: string; addresses: string };
}

export const LEARNER_MESSAGES: Record<LearnerLanguage, LearnerMessages> = {
  en: {
    spaceName: 'my badges',
    skipToContent: 'Skip to the content',
    navigation: 'My space',
    nav: { badges: 'My badges', data: 'My data' },
    signOut: 'Sign out',
    signIn: {
      title: 'See all my badges',
      intro: 'Enter the email address your school sent your badges to. We email you a link to open your space: no password to remember.',
      email: 'Email address',
      emailHint: 'The one your school used, e.g. your school or personal address.',
      submit: 'Email me a link',
      sent: 'If badges were issued to this address, a link to open your space is on its way. Check your inbox (and your spam folder); the link works once, for 30 minutes.',
      sentHint: 'Nothing after a few minutes? Try the other addresses your school may have used.',
      invalidEmail: 'Enter an email address, like name@example.org',
      noPassword: 'No account to create: your badges are found by the address they were sent to.',
    },
    link: {
      title: 'Open my space',
      intro: 'Press the button to open your space on this device. The link then stops working: keep your space open here, or ask for a new link later.',
      submit: 'Open my space',
      notUsable: 'This link can no longer be used: it was already used, or it has expired.',
      askAgain: 'Ask for a new link',
    },
    signedOut: 'You are signed out.',
    problems: {
      formExpired: 'This form has expired. Go back, reload the page and try again.',
      notFound: 'There is nothing here. Check the address, or go back to your badges.',
      other: 'This could not be done. Go back and try again.',
      errorTitle: 'Something went wrong',
    },
    home: { title: 'My badges', addresses: 'Your addresses' },
  },
  fr: {
    spaceName: 'mes badges',
    skipToContent: 'Aller au contenu',
    navigation: 'Mon espace',
    nav: { badges: 'Mes badges', data: 'Mes données' },
    signOut: 'Me déconnecter',
    signIn: {
      title: 'Voir tous mes badges',
      intro: 'Saisissez l’adresse électronique à laquelle votre établissement a envoyé vos badges. Nous vous envoyons un lien pour ouvrir votre espace : aucun mot de passe à retenir.',
      email: 'Adresse électronique',
      emailHint: 'Celle que votre établissement a utilisée, par exemple votre adresse scolaire ou personnelle.',
      submit: 'M’envoyer un lien',
      sent: 'Si des badges ont été délivrés à cette adresse, un lien pour ouvrir votre espace est en route. Regardez votre boîte de réception (et les indésirables) ; le lien sert une fois, pendant 30 minutes.',
      sentHint: 'Rien après quelques minutes ? Essayez les autres adresses que votre établissement a pu utiliser.',
      invalidEmail: 'Saisissez une adresse électronique, comme nom@exemple.fr',
      noPassword: 'Aucun compte à créer : vos badges sont retrouvés par l’adresse à laquelle ils ont été envoyés.',
    },
    link: {
      title: 'Ouvrir mon espace',
      intro: 'Appuyez sur le bouton pour ouvrir votre espace sur cet appareil. Le lien ne servira plus ensuite : gardez votre espace ouvert ici, ou demandez un nouveau lien plus tard.',
      submit: 'Ouvrir mon espace',
      notUsable: 'Ce lien ne peut plus servir : il a déjà été utilisé, ou il a expiré.',
      askAgain: 'Demander un nouveau lien',
    },
    signedOut: 'Vous êtes déconnecté(e).',
    problems: {
      formExpired: 'Ce formulaire a expiré. Revenez en arrière, rechargez la page et recommencez.',
      notFound: 'Il n’y a rien ici. Vérifiez l’adresse, ou revenez à vos badges.',
      other: 'Cela n’a pas pu être fait. Revenez en arrière et recommencez.',
      errorTitle: 'Un problème est survenu',
    },
    home: { title: 'Mes badges', addresses: 'Vos adresses' },
  },
};

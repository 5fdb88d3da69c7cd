/**
 * The learner space's words, in French and English (a Record over the languages: a missing translation is a
 * compile error). Phone first: short sentences, one action a screen.
 */
import type { LearnerCredentialStatus } from '../../services/learner-space.js';

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
  home: {
    title: string;
    intro: string;
    empty: string;
    open: (achievement: string) => string;
    issuedBy: (school: string) => string;
    issuedOn: (date: string) => string;
    addresses: string;
    addressesIntro: string;
    addAddress: string;
    addAddressHint: string;
    addAddressSubmit: string;
    addressSent: string;
    addressAdded: string;
  };
  statuses: Record<LearnerCredentialStatus, string>;
  minor: {
    heading: string;
    byDate: (date: string) => string;
    byMark: string;
    approved: string;
    askGuardian: string;
    guardianHint: string;
    guardianSubmit: string;
    guardianSent: string;
    askSchool: string;
  };
  credential: {
    back: string;
    publicHeading: string;
    nameLegend: string;
    nameIntro: string;
    showName: (name: string) => string;
    hideName: string;
    noName: string;
    nameSave: string;
    nameSaved: string;
    minorNoChoice: string;
    shareHeading: string;
    verificationLink: string;
    verificationLinkHint: string;
    copy: string;
    copied: string;
    openPublicPage: string;
    addToLinkedIn: string;
    downloadHeading: string;
    bakedPng: string;
    bakedSvg: string;
    certificatePdf: string;
    europass: string;
    /** Where the Europass file goes. */
    europassHint: string;
    credentialJson: string;
    credentialJwt: string;
    walletHeading: string;
    walletIntro: string;
    walletStart: string;
    walletQrAlt: string;
    walletLink: string;
    walletExpires: (date: string) => string;
    notShareable: string;
    lookupsHeading: string;
    lookupsIntro: (days: number) => string;
    lookupsNone: string;
    lookupsDay: string;
    lookupsCount: string;
    lookupsTotal: (count: number) => string;
  };
  data: {
    title: string;
    downloadHeading: string;
    downloadIntro: string;
    download: string;
    deleteHeading: string;
    deleteIntro: string;
    deleteRemoved: string;
    deleteKept: string;
    deleteConfirm: string;
    deleteSubmit: string;
    deleteMustConfirm: string;
    deleted: string;
  };
  addressLink: { title: string; intro: (address: string, askedBy: string) => string; oneSpace: (askedBy: string) => string; submit: string; otherSpace: (askedBy: string) => string };
  guardian: { title: string; intro: string; names: (names: string) => string; badges: string; submit: string; done: string };
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
    home: {
      title: 'My badges',
      intro: 'Every badge sent to your addresses, by every school. Open one to share it, download it or choose what its public page shows.',
      empty: 'No badge has been sent to these addresses yet. If your school used another address, add it below.',
      open: (achievement) => `Open “${achievement}”`,
      issuedBy: (school) => `Issued by ${school}`,
      issuedOn: (date) => `on ${date}`,
      addresses: 'My addresses',
      addressesIntro: 'Badges sent to any of these addresses appear here.',
      addAddress: 'Add another address',
      addAddressHint: 'An old school address, a personal one: we email it a link to confirm it is yours.',
      addAddressSubmit: 'Send a confirmation link',
      addressSent: 'A confirmation link is on its way to that address (valid for 24 hours). Open it to add the address and its badges.',
      addressAdded: 'The address is now one of yours: the badges sent to it are in your space.',
    },
    statuses: { valid: 'Valid', revoked: 'Revoked by the school', suspended: 'Suspended by the school', expired: 'Expired' },
    minor: {
      heading: 'Why your name is not shown',
      byDate: (date) => `Your school recorded that you are under 18. Until ${date}, or until a parent or guardian allows it, the public pages of your badges do not show your name: they name you only by your email address, in a scrambled form. Your badges are just as valid.`,
      byMark: 'Your school recorded that you are a minor, without your date of birth. Until a parent or guardian allows it, the public pages of your badges do not show your name: they name you only by your email address, in a scrambled form. Your badges are just as valid. Once you are 18, ask your school to record your date of birth on your stay: you can then show your name.',
      approved: 'A parent or guardian has allowed your name to be shown: you can now choose, badge by badge.',
      askGuardian: 'Ask a parent or guardian',
      guardianHint: 'We email the parent or guardian whose address your school recorded a link to allow your name on the public pages of your badges.',
      guardianSubmit: 'Send them the request',
      guardianSent: 'The request is on its way to your parent or guardian (the link is valid for 7 days).',
      askSchool: 'To show your name before you are 18, ask your school to record the email address of a parent or guardian on your stay: the request to allow it goes only there.',
    },
    credential: {
      back: 'All my badges',
      publicHeading: 'What its public page shows',
      nameLegend: 'Your name on the public page',
      nameIntro: 'Anyone with the link can check this badge. Either way it stays valid and verifiable: without your name, it names you only by your email address, in a scrambled form.',
      showName: (name) => `Show my name (${name})`,
      hideName: 'Do not show my name',
      noName: 'This badge does not name you: only your email address, in a scrambled form.',
      nameSave: 'Save my choice',
      nameSaved: 'Saved: the public page now shows what you chose.',
      minorNoChoice: 'Your name cannot be shown yet: see “Why your name is not shown” on your badges page.',
      shareHeading: 'Share it',
      verificationLink: 'Link to check this badge',
      verificationLinkHint: 'Give it to an employer or put it on your CV: it opens the badge’s public page, checked live.',
      copy: 'Copy the link',
      copied: 'Copied',
      openPublicPage: 'Open the public page',
      addToLinkedIn: 'Add to my LinkedIn profile',
      downloadHeading: 'Download it',
      bakedPng: 'Badge image with the signed badge inside (PNG)',
      bakedSvg: 'Badge image with the signed badge inside (SVG)',
      certificatePdf: 'Certificate to print (PDF, French and English)',
      europass: 'Europass credential (for the Europass wallet)',
      europassHint: 'A file to upload to your Europass profile (europass.europa.eu), with your other digital credentials.',
      credentialJson: 'The signed badge (JSON-LD)',
      credentialJwt: 'The signed badge (VC-JWT)',
      walletHeading: 'Send it to a wallet',
      walletIntro: 'A digital wallet app (OpenID for Verifiable Credential Issuance) keeps a copy of the badge on your phone.',
      walletStart: 'Show the wallet code',
      walletQrAlt: 'QR code to scan with your wallet app',
      walletLink: 'Open in a wallet app on this phone',
      walletExpires: (date) => `Scan it with your wallet app. The code works until ${date}.`,
      notShareable: 'The school has revoked or suspended this badge: it can no longer be sent to a wallet, printed or exported. Its public page says so.',
      lookupsHeading: 'Who looked it up',
      lookupsIntro: (days) => `How many times its public page or its check was opened, each day over the last ${days} days. Nothing is recorded about who looked.`,
      lookupsNone: 'Nobody has looked it up over this period.',
      lookupsDay: 'Day',
      lookupsCount: 'Look-ups',
      lookupsTotal: (count) => `${count} in all`,
    },
    data: {
      title: 'My data',
      downloadHeading: 'Download my data',
      downloadIntro: 'Everything your space holds: your addresses, your badges and your choices about them, their look-up counts.',
      download: 'Download my data (JSON)',
      deleteHeading: 'Delete my space',
      deleteIntro: 'Deleting your space removes it for good:',
      deleteRemoved: 'removed: your addresses, your sessions and links, the look-up counts of your badges, the names you chose to hide;',
      deleteKept: 'kept: your badges themselves, as your schools issued them (and as you last chose to show them). They stay valid and anyone with their link can still check them. Your schools see in their records that you deleted your space.',
      deleteConfirm: 'I understand: delete my space',
      deleteSubmit: 'Delete my space',
      deleteMustConfirm: 'Tick the box to confirm.',
      deleted: 'Your space is deleted. Your badges remain valid; sign in again any time to see them.',
    },
    addressLink: {
      title: 'Add this address',
      intro: (address, askedBy) => `You are signed in as ${askedBy}. Press the button to add ${address} to this space: the badges sent to it will appear with the others.`,
      oneSpace: (askedBy) => `If that address already has its own space, the two spaces will become one: that of ${askedBy}.`,
      submit: 'Add this address',
      otherSpace: (askedBy) => `This link was asked for by the space of ${askedBy}, and you are signed in to another space: nothing was added. If ${askedBy} is not yours, ignore the link.`,
    },
    guardian: {
      title: 'Allow the name to be shown',
      intro: 'A learner in your care received these badges from their school for a stay abroad. As they are a minor, the public pages of their badges do not show their name. You can allow it: the learner then chooses, badge by badge.',
      names: (names) => `Name: ${names}`,
      badges: 'Their badges',
      submit: 'I allow their name to be shown',
      done: 'Thank you: the learner can now choose to show their name.',
    },
  },
  fr: {
    spaceName: 'mes badges',
    skipToContent: 'Aller au contenu',
    navigation: 'Mon espace',
    nav: { badges: 'Mes badges', data: 'Mes données' },
    signOut: 'Me déconnecter',
    signIn: {
      title: 'Voir tous mes badges',
      intro: 'Saisissez l’adresse électronique à laquelle votre établissement a envoyé vos badges. Nous vous envoyons un lien pour ouvrir votre espace : aucun mot de passe à retenir.',
      email: 'Adresse électronique',
      emailHint: 'Celle que votre établissement a utilisée, par exemple votre adresse scolaire ou personnelle.',
      submit: 'M’envoyer un lien',
      sent: 'Si des badges ont été délivrés à cette adresse, un lien pour ouvrir votre espace est en route. Regardez votre boîte de réception (et les indésirables) ; le lien sert une fois, pendant 30 minutes.',
      sentHint: 'Rien après quelques minutes ? Essayez les autres adresses que votre établissement a pu utiliser.',
      invalidEmail: 'Saisissez une adresse électronique, comme nom@exemple.fr',
      noPassword: 'Aucun compte à créer : vos badges sont retrouvés par l’adresse à laquelle ils ont été envoyés.',
    },
    link: {
      title: 'Ouvrir mon espace',
      intro: 'Appuyez sur le bouton pour ouvrir votre espace sur cet appareil. Le lien ne servira plus ensuite : gardez votre espace ouvert ici, ou demandez un nouveau lien plus tard.',
      submit: 'Ouvrir mon espace',
      notUsable: 'Ce lien ne peut plus servir : il a déjà été utilisé, ou il a expiré.',
      askAgain: 'Demander un nouveau lien',
    },
    signedOut: 'Vous êtes déconnecté(e).',
    problems: {
      formExpired: 'Ce formulaire a expiré. Revenez en arrière, rechargez la page et recommencez.',
      notFound: 'Il n’y a rien ici. Vérifiez l’adresse, ou revenez à vos badges.',
      other: 'Cela n’a pas pu être fait. Revenez en arrière et recommencez.',
      errorTitle: 'Un problème est survenu',
    },
    home: {
      title: 'Mes badges',
      intro: 'Tous les badges envoyés à vos adresses, par tous les établissements. Ouvrez-en un pour le partager, le télécharger ou choisir ce que sa page publique affiche.',
      empty: 'Aucun badge n’a encore été envoyé à ces adresses. Si votre établissement en a utilisé une autre, ajoutez-la ci-dessous.',
      open: (achievement) => `Ouvrir « ${achievement} »`,
      issuedBy: (school) => `Délivré par ${school}`,
      issuedOn: (date) => `le ${date}`,
      addresses: 'Mes adresses',
      addressesIntro: 'Les badges envoyés à l’une de ces adresses apparaissent ici.',
      addAddress: 'Ajouter une autre adresse',
      addAddressHint: 'Une ancienne adresse scolaire, une adresse personnelle : nous lui envoyons un lien pour confirmer qu’elle est à vous.',
      addAddressSubmit: 'Envoyer un lien de confirmation',
      addressSent: 'Un lien de confirmation est en route vers cette adresse (valable 24 heures). Ouvrez-le pour ajouter l’adresse et ses badges.',
      addressAdded: 'L’adresse fait maintenant partie des vôtres : les badges qui lui ont été envoyés sont dans votre espace.',
    },
    statuses: { valid: 'Valide', revoked: 'Révoqué par l’établissement', suspended: 'Suspendu par l’établissement', expired: 'Expiré' },
    minor: {
      heading: 'Pourquoi votre nom n’est pas affiché',
      byDate: (date) => `Votre établissement a indiqué que vous avez moins de 18 ans. Jusqu’au ${date}, ou jusqu’à l’accord d’un parent ou responsable légal, les pages publiques de vos badges n’affichent pas votre nom : elles ne vous désignent que par votre adresse électronique, sous une forme brouillée. Vos badges sont tout aussi valables.`,
      byMark: 'Votre établissement a indiqué que vous êtes mineur(e), sans votre date de naissance. Jusqu’à l’accord d’un parent ou responsable légal, les pages publiques de vos badges n’affichent pas votre nom : elles ne vous désignent que par votre adresse électronique, sous une forme brouillée. Vos badges sont tout aussi valables. Une fois majeur(e), demandez à votre établissement d’enregistrer votre date de naissance sur votre séjour : vous pourrez alors afficher votre nom.',
      approved: 'Un parent ou responsable légal a autorisé l’affichage de votre nom : vous pouvez maintenant choisir, badge par badge.',
      askGuardian: 'Demander à un parent ou responsable légal',
      guardianHint: 'Nous envoyons au parent ou responsable légal dont votre établissement a enregistré l’adresse un lien pour autoriser votre nom sur les pages publiques de vos badges.',
      guardianSubmit: 'Lui envoyer la demande',
      guardianSent: 'La demande est en route vers votre parent ou responsable légal (le lien est valable 7 jours).',
      askSchool: 'Pour afficher votre nom avant vos 18 ans, demandez à votre établissement d’enregistrer sur votre séjour l’adresse électronique d’un parent ou responsable légal : la demande d’autorisation n’est envoyée qu’à cette adresse.',
    },
    credential: {
      back: 'Tous mes badges',
      publicHeading: 'Ce que sa page publique affiche',
      nameLegend: 'Votre nom sur la page publique',
      nameIntro: 'Toute personne qui a le lien peut vérifier ce badge. Dans les deux cas il reste valable et vérifiable : sans votre nom, il ne vous désigne que par votre adresse électronique, sous une forme brouillée.',
      showName: (name) => `Afficher mon nom (${name})`,
      hideName: 'Ne pas afficher mon nom',
      noName: 'Ce badge ne vous nomme pas : seulement votre adresse électronique, sous une forme brouillée.',
      nameSave: 'Enregistrer mon choix',
      nameSaved: 'Enregistré : la page publique affiche maintenant ce que vous avez choisi.',
      minorNoChoice: 'Votre nom ne peut pas encore être affiché : voyez « Pourquoi votre nom n’est pas affiché » sur la page de vos badges.',
      shareHeading: 'Le partager',
      verificationLink: 'Lien pour vérifier ce badge',
      verificationLinkHint: 'Donnez-le à un employeur ou mettez-le sur votre CV : il ouvre la page publique du badge, vérifiée en direct.',
      copy: 'Copier le lien',
      copied: 'Copié',
      openPublicPage: 'Ouvrir la page publique',
      addToLinkedIn: 'Ajouter à mon profil LinkedIn',
      downloadHeading: 'Le télécharger',
      bakedPng: 'Image du badge contenant le badge signé (PNG)',
      bakedSvg: 'Image du badge contenant le badge signé (SVG)',
      certificatePdf: 'Attestation à imprimer (PDF, français et anglais)',
      europass: 'Attestation Europass (pour le portefeuille Europass)',
      europassHint: 'Un fichier à déposer dans votre profil Europass (europass.europa.eu), avec vos autres attestations numériques.',
      credentialJson: 'Le badge signé (JSON-LD)',
      credentialJwt: 'Le badge signé (VC-JWT)',
      walletHeading: 'L’envoyer vers un portefeuille',
      walletIntro: 'Une application de portefeuille numérique (OpenID for Verifiable Credential Issuance) garde une copie du badge sur votre téléphone.',
      walletStart: 'Afficher le code pour le portefeuille',
      walletQrAlt: 'QR code à scanner avec votre application de portefeuille',
      walletLink: 'Ouvrir dans une application de portefeuille sur ce téléphone',
      walletExpires: (date) => `Scannez-le avec votre application de portefeuille. Le code fonctionne jusqu’au ${date}.`,
      notShareable: 'L’établissement a révoqué ou suspendu ce badge : il ne peut plus être envoyé vers un portefeuille, imprimé ni exporté. Sa page publique l’indique.',
      lookupsHeading: 'Qui l’a consulté',
      lookupsIntro: (days) => `Combien de fois sa page publique ou sa vérification a été ouverte, chaque jour des ${days} derniers jours. Rien n’est enregistré sur qui l’a consulté.`,
      lookupsNone: 'Personne ne l’a consulté sur cette période.',
      lookupsDay: 'Jour',
      lookupsCount: 'Consultations',
      lookupsTotal: (count) => `${count} au total`,
    },
    data: {
      title: 'Mes données',
      downloadHeading: 'Télécharger mes données',
      downloadIntro: 'Tout ce que votre espace contient : vos adresses, vos badges et vos choix à leur sujet, leurs nombres de consultations.',
      download: 'Télécharger mes données (JSON)',
      deleteHeading: 'Supprimer mon espace',
      deleteIntro: 'Supprimer votre espace l’efface définitivement :',
      deleteRemoved: 'sont supprimés : vos adresses, vos sessions et liens, les nombres de consultations de vos badges, les noms que vous avez choisi de masquer ;',
      deleteKept: 'sont conservés : vos badges eux-mêmes, tels que vos établissements les ont délivrés (et tels que vous avez choisi de les afficher en dernier). Ils restent valables et toute personne qui a leur lien peut toujours les vérifier. Vos établissements voient dans leur journal que vous avez supprimé votre espace.',
      deleteConfirm: 'J’ai compris : supprimer mon espace',
      deleteSubmit: 'Supprimer mon espace',
      deleteMustConfirm: 'Cochez la case pour confirmer.',
      deleted: 'Votre espace est supprimé. Vos badges restent valables ; reconnectez-vous quand vous voulez pour les revoir.',
    },
    addressLink: {
      title: 'Ajouter cette adresse',
      intro: (address, askedBy) => `Vous êtes connecté(e) en tant que ${askedBy}. Appuyez sur le bouton pour ajouter ${address} à cet espace : les badges qui lui ont été envoyés apparaîtront avec les autres.`,
      oneSpace: (askedBy) => `Si cette adresse a déjà son propre espace, les deux espaces n’en feront plus qu’un : celui de ${askedBy}.`,
      submit: 'Ajouter cette adresse',
      otherSpace: (askedBy) => `Ce lien a été demandé par l’espace de ${askedBy}, et vous êtes connecté(e) à un autre espace : rien n’a été ajouté. Si ${askedBy} n’est pas à vous, ignorez ce lien.`,
    },
    guardian: {
      title: 'Autoriser l’affichage du nom',
      intro: 'Un ou une élève dont vous êtes responsable a reçu ces badges de son établissement pour un séjour à l’étranger. Comme il ou elle est mineur(e), les pages publiques de ses badges n’affichent pas son nom. Vous pouvez l’autoriser : l’élève choisit ensuite, badge par badge.',
      names: (names) => `Nom : ${names}`,
      badges: 'Ses badges',
      submit: 'J’autorise l’affichage de son nom',
      done: 'Merci : l’élève peut maintenant choisir d’afficher son nom.',
    },
  },
};

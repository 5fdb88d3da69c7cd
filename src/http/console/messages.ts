import type { Role } from '../../services/access.js';
import type { PasswordWeakness } from '../../services/staff-passwords.js';

/**
 * The console's words, in French and English. The Record over the language union makes a missing
 * translation a compile error. Areas of the console add a section here (or a module of their own beside it,
 * typed the same way: `Record<ConsoleLanguage, …>`).
 */
export type ConsoleLanguage = 'fr' | 'en';
export const CONSOLE_LANGUAGES: readonly ConsoleLanguage[] = ['fr', 'en'];

export interface ConsoleMessages {
  consoleName: string;
  skipToContent: string;
  mainNavigation: string;
  nav: { home: string; people: string; apiKeys: string; security: string };
  roles: Record<Role, string>;
  platform: string;
  switcher: { label: string; submit: string; schoolOf: (school: string, role: string) => string };
  signedInAs: (name: string) => string;
  signOut: string;
  /** A form's error summary heading. */
  errorSummary: string;
  formExpired: string;
  errorTitle: string;
  problems: { forbidden: string; notFound: string; other: string };
  back: string;
  cancel: string;
  signIn: {
    title: string;
    intro: string;
    email: string;
    password: string;
    submit: string;
    refused: string;
    tooManyAttempts: string;
    forgotten: string;
    orWith: string;
    withProvider: (name: string) => string;
    ssoRefused: string;
    signedOut: string;
    passwordChanged: string;
  };
  reset: {
    requestTitle: string;
    requestIntro: string;
    requestSubmit: string;
    requestSent: string;
    chooseTitle: string;
    newPassword: string;
    newPasswordHint: (minimum: number) => string;
    submit: string;
    linkNotUsable: string;
  };
  passwordWeakness: Record<PasswordWeakness, string>;
  secondFactor: {
    title: string;
    intro: string;
    code: string;
    submit: string;
    refused: string;
  };
  security: {
    title: string;
    totpOn: string;
    totpOff: string;
    setUpTitle: string;
    setUpSteps: string;
    qrAlt: string;
    keyLabel: string;
    code: string;
    confirm: string;
    enabled: string;
    refused: string;
    begin: string;
  };
  invitation: {
    title: (organisation: string) => string;
    intro: (role: string, organisation: string) => string;
    existingAccount: string;
    addressLabel: string;
    name: string;
    password: string;
    accept: string;
    accepted: string;
  };
  people: {
    title: (school: string) => string;
    intro: string;
    name: string;
    email: string;
    role: string;
    secondFactor: string;
    actions: string;
    remove: string;
    removeConfirm: (name: string) => string;
    removed: (name: string) => string;
    yes: string;
    no: string;
    inviteTitle: string;
    inviteSubmit: string;
    invited: (email: string) => string;
    invitationLink: string;
    invitationLinkHint: string;
    noSchool: string;
    nobody: string;
    pendingTitle: string;
    expires: string;
  };
  apiKeys: {
    title: (school: string) => string;
    intro: string;
    name: string;
    role: string;
    created: string;
    lastUsed: string;
    never: string;
    revoke: string;
    revoked: string;
    createTitle: string;
    createSubmit: string;
    secretTitle: string;
    secretHint: string;
    none: string;
  };
  home: { title: string; welcome: (name: string) => string; actingAs: (role: string, organisation: string) => string };
}

const fr: ConsoleMessages = {
  consoleName: 'Console des établissements',
  skipToContent: 'Aller au contenu',
  mainNavigation: 'Menu de la console',
  nav: { home: 'Accueil', people: 'Personnes et rôles', apiKeys: 'Clés d’API', security: 'Ma sécurité' },
  roles: {
    'platform-admin': 'administrateur de la plateforme',
    'academy-reader': 'lecteur pour l’académie',
    'school-admin': 'administrateur de l’établissement',
    'school-issuer': 'émetteur des titres',
  },
  platform: 'Plateforme',
  switcher: { label: 'Établissement et rôle', submit: 'Changer', schoolOf: (school, role) => `${school} — ${role}` },
  signedInAs: (name) => `Connecté·e : ${name}`,
  signOut: 'Se déconnecter',
  errorSummary: 'Il y a un problème',
  formExpired: 'Le formulaire a expiré : rechargez la page et envoyez-le à nouveau.',
  errorTitle: 'Impossible de continuer',
  problems: {
    forbidden: 'Votre rôle ne permet pas cette action.',
    notFound: 'Cette page n’existe pas, ou elle concerne un autre établissement.',
    other: 'La demande n’a pas pu aboutir. Vérifiez ce que vous avez saisi et réessayez.',
  },
  back: 'Retour',
  cancel: 'Annuler',
  signIn: {
    title: 'Se connecter à la console',
    intro: 'Pour les personnels des établissements et des académies qui délivrent et suivent les titres de mobilité.',
    email: 'Adresse électronique',
    password: 'Mot de passe',
    submit: 'Se connecter',
    refused: 'Cette adresse et ce mot de passe ne correspondent à aucun compte.',
    tooManyAttempts: 'Trop de tentatives refusées pour ce compte ou depuis cette adresse. Réessayez dans quelques minutes.',
    forgotten: 'Mot de passe oublié ?',
    orWith: 'Ou avec le compte de votre établissement :',
    withProvider: (name) => `Se connecter avec ${name}`,
    ssoRefused: 'Ce compte n’a pas accès à la console : demandez à l’administrateur de votre établissement de vous inviter.',
    signedOut: 'Vous êtes déconnecté·e.',
    passwordChanged: 'Votre mot de passe est changé : connectez-vous avec le nouveau.',
  },
  reset: {
    requestTitle: 'Mot de passe oublié',
    requestIntro: 'Saisissez l’adresse de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe, valable une heure.',
    requestSubmit: 'Recevoir le lien',
    requestSent: 'Si cette adresse a un compte, un lien vient d’y être envoyé. Pensez à regarder dans les indésirables.',
    chooseTitle: 'Choisir un nouveau mot de passe',
    newPassword: 'Nouveau mot de passe',
    newPasswordHint: (minimum) => `Au moins ${minimum} caractères ; une phrase de plusieurs mots est idéale. Les mots de passe trop courants sont refusés.`,
    submit: 'Enregistrer le mot de passe',
    linkNotUsable: 'Ce lien n’est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau.',
  },
  passwordWeakness: {
    'too-short': 'Le mot de passe est trop court.',
    'too-common': 'Ce mot de passe fait partie des plus courants : choisissez-en un autre.',
    'contains-email': 'Le mot de passe ne doit pas contenir votre adresse électronique.',
  },
  secondFactor: {
    title: 'Code de vérification',
    intro: 'Saisissez le code à 6 chiffres affiché par votre application d’authentification.',
    code: 'Code à 6 chiffres',
    submit: 'Vérifier',
    refused: 'Ce code n’est pas valable. Vérifiez l’heure de votre téléphone et saisissez le code affiché maintenant.',
  },
  security: {
    title: 'Ma sécurité',
    totpOn: 'La vérification en deux étapes est activée : un code de votre application vous est demandé à chaque connexion.',
    totpOff: 'La vérification en deux étapes n’est pas activée.',
    setUpTitle: 'Activer la vérification en deux étapes',
    setUpSteps: 'Scannez ce code avec une application d’authentification (FreeOTP, Aegis, Google Authenticator…), puis saisissez le code qu’elle affiche.',
    qrAlt: 'Code QR de la clé de vérification',
    keyLabel: 'Ou saisissez cette clé dans l’application :',
    code: 'Code à 6 chiffres',
    confirm: 'Activer',
    enabled: 'La vérification en deux étapes est activée.',
    refused: 'Ce code n’est pas valable : saisissez celui que l’application affiche maintenant.',
    begin: 'Activer la vérification en deux étapes',
  },
  invitation: {
    title: (organisation) => `Invitation — ${organisation}`,
    intro: (role, organisation) => `Vous êtes invité·e à rejoindre la console de mobicred pour ${organisation}, rôle : ${role}.`,
    existingAccount: 'Vous avez déjà un compte : acceptez, puis connectez-vous comme d’habitude.',
    addressLabel: 'Adresse électronique :',
    name: 'Votre nom',
    password: 'Choisissez un mot de passe',
    accept: 'Accepter l’invitation',
    accepted: 'Invitation acceptée : connectez-vous.',
  },
  people: {
    title: (school) => `Personnes et rôles — ${school}`,
    intro: 'Les personnes qui ont accès à la console pour cet établissement. Retirer une personne la déconnecte immédiatement.',
    name: 'Nom',
    email: 'Adresse',
    role: 'Rôle',
    secondFactor: 'Vérification en deux étapes',
    actions: 'Actions',
    remove: 'Retirer',
    removeConfirm: (name) => `Retirer ${name} de l’établissement ? Ses sessions prendront fin immédiatement.`,
    removed: (name) => `${name} n’a plus accès à cet établissement.`,
    yes: 'oui',
    no: 'non',
    inviteTitle: 'Inviter une personne',
    inviteSubmit: 'Envoyer l’invitation',
    invited: (email) => `Invitation créée pour ${email}.`,
    invitationLink: 'Lien d’invitation (à transmettre, valable 7 jours) :',
    invitationLinkHint: 'Aucun serveur de courrier n’est configuré : transmettez ce lien vous-même.',
    noSchool: 'Choisissez d’abord un établissement.',
    nobody: 'Personne d’autre n’a encore accès.',
    pendingTitle: 'Invitations pas encore acceptées',
    expires: 'Valable jusqu’au',
  },
  apiKeys: {
    title: (school) => `Clés d’API — ${school}`,
    intro: 'Les clés permettent aux logiciels (ENT, outils de gestion) d’utiliser l’API de mobicred. Une clé révoquée est refusée immédiatement.',
    name: 'Nom',
    role: 'Rôle',
    created: 'Créée le',
    lastUsed: 'Dernière utilisation',
    never: 'jamais',
    revoke: 'Révoquer',
    revoked: 'révoquée',
    createTitle: 'Créer une clé',
    createSubmit: 'Créer la clé',
    secretTitle: 'Votre nouvelle clé',
    secretHint: 'Copiez-la maintenant : elle ne sera plus jamais affichée (seule son empreinte est conservée).',
    none: 'Aucune clé pour l’instant.',
  },
  home: {
    title: 'Accueil',
    welcome: (name) => `Bonjour ${name}`,
    actingAs: (role, organisation) => `Vous agissez en tant que : ${role}, ${organisation}.`,
  },
};

const en: ConsoleMessages = {
  consoleName: 'School console',
  skipToContent: 'Skip to content',
  mainNavigation: 'Console menu',
  nav: { home: 'Home', people: 'People and roles', apiKeys: 'API keys', security: 'My security' },
  roles: {
    'platform-admin': 'platform administrator',
    'academy-reader': 'academy reader',
    'school-admin': 'school administrator',
    'school-issuer': 'credential issuer',
  },
  platform: 'Platform',
  switcher: { label: 'School and role', submit: 'Switch', schoolOf: (school, role) => `${school} — ${role}` },
  signedInAs: (name) => `Signed in: ${name}`,
  signOut: 'Sign out',
  errorSummary: 'There is a problem',
  formExpired: 'The form has expired: reload the page and send it again.',
  errorTitle: 'Cannot continue',
  problems: {
    forbidden: 'Your role does not allow this.',
    notFound: 'This page does not exist, or it belongs to another school.',
    other: 'The request could not be completed. Check what you entered and try again.',
  },
  back: 'Back',
  cancel: 'Cancel',
  signIn: {
    title: 'Sign in to the console',
    intro: 'For the staff of schools and academies who issue and follow mobility credentials.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    refused: 'This email address and password do not match an account.',
    tooManyAttempts: 'Too many refused attempts for this account or from this address. Try again in a few minutes.',
    forgotten: 'Forgotten your password?',
    orWith: 'Or with your school’s account:',
    withProvider: (name) => `Sign in with ${name}`,
    ssoRefused: 'This account has no access to the console: ask your school’s administrator to invite you.',
    signedOut: 'You are signed out.',
    passwordChanged: 'Your password is changed: sign in with the new one.',
  },
  reset: {
    requestTitle: 'Forgotten password',
    requestIntro: 'Enter your account’s address: we will send it a link to choose a new password, valid for one hour.',
    requestSubmit: 'Send me the link',
    requestSent: 'If this address has an account, a link has just been sent to it. Check your spam folder too.',
    chooseTitle: 'Choose a new password',
    newPassword: 'New password',
    newPasswordHint: (minimum) => `At least ${minimum} characters; a phrase of several words is ideal. Very common passwords are refused.`,
    submit: 'Save the password',
    linkNotUsable: 'This link can no longer be used (already used or expired): ask for a new one.',
  },
  passwordWeakness: {
    'too-short': 'The password is too short.',
    'too-common': 'This password is one of the most common ones: choose another.',
    'contains-email': 'The password must not contain your email address.',
  },
  secondFactor: {
    title: 'Verification code',
    intro: 'Enter the 6-digit code shown by your authenticator app.',
    code: '6-digit code',
    submit: 'Verify',
    refused: 'This code is not valid. Check your phone’s clock and enter the code shown now.',
  },
  security: {
    title: 'My security',
    totpOn: 'Two-step verification is on: a code from your app is asked at every sign-in.',
    totpOff: 'Two-step verification is off.',
    setUpTitle: 'Turn on two-step verification',
    setUpSteps: 'Scan this code with an authenticator app (FreeOTP, Aegis, Google Authenticator…), then enter the code it shows.',
    qrAlt: 'QR code of the verification key',
    keyLabel: 'Or type this key into the app:',
    code: '6-digit code',
    confirm: 'Turn on',
    enabled: 'Two-step verification is on.',
    refused: 'This code is not valid: enter the one the app shows now.',
    begin: 'Turn on two-step verification',
  },
  invitation: {
    title: (organisation) => `Invitation — ${organisation}`,
    intro: (role, organisation) => `You are invited to mobicred’s console for ${organisation}, as: ${role}.`,
    existingAccount: 'You already have an account: accept, then sign in as usual.',
    addressLabel: 'Email address:',
    name: 'Your name',
    password: 'Choose a password',
    accept: 'Accept the invitation',
    accepted: 'Invitation accepted: sign in.',
  },
  people: {
    title: (school) => `People and roles — ${school}`,
    intro: 'The people who have access to the console for this school. Removing a person signs them out at once.',
    name: 'Name',
    email: 'Address',
    role: 'Role',
    secondFactor: 'Two-step verification',
    actions: 'Actions',
    remove: 'Remove',
    removeConfirm: (name) => `Remove ${name} from the school? Their sessions end at once.`,
    removed: (name) => `${name} no longer has access to this school.`,
    yes: 'yes',
    no: 'no',
    inviteTitle: 'Invite a person',
    inviteSubmit: 'Send the invitation',
    invited: (email) => `Invitation created for ${email}.`,
    invitationLink: 'Invitation link (to pass on, valid for 7 days):',
    invitationLinkHint: 'No mail server is configured: pass this link on yourself.',
    noSchool: 'Choose a school first.',
    nobody: 'Nobody else has access yet.',
    pendingTitle: 'Invitations not accepted yet',
    expires: 'Valid until',
  },
  apiKeys: {
    title: (school) => `API keys — ${school}`,
    intro: 'Keys let software (school information systems, management tools) use mobicred’s API. A revoked key is refused at once.',
    name: 'Name',
    role: 'Role',
    created: 'Created',
    lastUsed: 'Last used',
    never: 'never',
    revoke: 'Revoke',
    revoked: 'revoked',
    createTitle: 'Create a key',
    createSubmit: 'Create the key',
    secretTitle: 'Your new key',
    secretHint: 'Copy it now: it will never be shown again (only its fingerprint is kept).',
    none: 'No key yet.',
  },
  home: {
    title: 'Home',
    welcome: (name) => `Hello ${name}`,
    actingAs: (role, organisation) => `You act as: ${role}, ${organisation}.`,
  },
};

export const CONSOLE_MESSAGES: Record<ConsoleLanguage, ConsoleMessages> = { fr, en };

import type { CheckName, CheckOutcome, Verdict } from '../../verify/verify-credential.js';

/** The words of the public pages, in French and English. */
export type Language = 'fr' | 'en';
export const LANGUAGES: Language[] = ['fr', 'en'];

export interface ClaimMessages {
  skip: string;
  title: (achievement: string) => string;
  intro: string;
  nameLegend: string;
  showName: (name: string) => string;
  hideName: string;
  nameNotInCredential: string;
  claimButton: string;
  claimedOn: string;
  shareHeading: string;
  publicPage: string;
  walletHeading: string;
  walletIntro: string;
  walletQrAlt: string;
  walletLink: string;
  unknownLink: string;
  expiredLink: string;
  inactiveCredential: string;
}

export interface EndorseMessages {
  title: (achievement: string) => string;
  intro: (endorser: string, school: string) => string;
  commentLabel: string;
  signButton: string;
  unknownLink: string;
  closedLink: string;
  heading: string;
  verified: string;
  notVerified: string;
}

export interface Messages {
  claim: ClaimMessages;
  endorse: EndorseMessages;
  languageName: string;
  skipToContent: string;
  verdictHeading: string;
  verdicts: Record<Verdict, { title: string; explanation: string }>;
  checksHeading: string;
  checks: Record<CheckName, string>;
  outcomes: Record<CheckOutcome, string>;
  issuedBy: string;
  awardedTo: string;
  nameNotDisclosed: string;
  dates: string;
  issuedOn: string;
  validUntil: string;
  noExpiry: string;
  activity: string;
  description: string;
  criteria: string;
  results: string;
  reason: string;
  machineReadable: string;
  verdictJson: string;
  credentialJson: string;
  credentialJwt: string;
  europass: string;
  addToLinkedIn: string;
  bakedPng: string;
  bakedSvg: string;
  verifyAnother: string;
  verifyTitle: string;
  verifyIntro: string;
  verifyLabel: string;
  verifyButton: string;
  verifiedAt: string;
  badgeImageAlt: (name: string) => string;
  untrustedContent: string;
}

export const MESSAGES: Record<Language, Messages> = {
  en: {
    languageName: 'English',
    skipToContent: 'Skip to the verdict',
    verdictHeading: 'Verification',
    verdicts: {
      valid: { title: 'Valid', explanation: 'This credential is authentic, was issued by the school shown, and is in force.' },
      'not-authentic': { title: 'Not authentic', explanation: 'This credential was altered or was not issued by the school it names. Do not rely on it.' },
      'not-open-badge': { title: 'Not a valid Open Badge', explanation: 'This document is signed but is not a well-formed Open Badges 3.0 credential.' },
      unverifiable: { title: 'Cannot be verified here', explanation: "The issuer's key could not be resolved by this verifier." },
      'key-compromised': { title: 'Signed with a compromised key', explanation: 'The school reported the key that signed this credential as compromised.' },
      revoked: { title: 'Revoked', explanation: 'The school has withdrawn this credential.' },
      suspended: { title: 'Suspended', explanation: 'The school has suspended this credential for now.' },
      expired: { title: 'Expired', explanation: 'This credential is authentic but its validity has ended.' },
      'not-yet-valid': { title: 'Not yet valid', explanation: 'This credential is authentic but not valid yet.' },
      'status-unavailable': { title: 'Status unknown', explanation: 'This credential is authentic but its revocation status could not be read.' },
    },
    checksHeading: 'Checks',
    checks: { proof: 'Signature', 'issuer-key': 'Issuer key', schema: 'Open Badges 3.0 format', 'validity-window': 'Validity dates', status: 'Revocation status' },
    outcomes: { passed: 'passed', failed: 'failed', skipped: 'not applicable' },
    issuedBy: 'Issued by',
    awardedTo: 'Awarded to',
    nameNotDisclosed: 'Name not disclosed',
    dates: 'Dates',
    issuedOn: 'Issued on',
    validUntil: 'Valid until',
    noExpiry: 'No expiry date',
    activity: 'Stay abroad',
    description: 'Description',
    criteria: 'How it was earned',
    results: 'Results',
    reason: 'Reason given by the school:',
    machineReadable: 'For machines',
    verdictJson: 'Verdict (JSON)',
    credentialJson: 'Credential (JSON-LD)',
    credentialJwt: 'Credential (VC-JWT)',
    europass: 'Europass credential (ELM 3)',
    endorse: {
      title: (achievement) => `Endorse: ${achievement}`,
      intro: (endorser, school) => `${school} asks ${endorser} to endorse this credential. Your comment is signed with ${endorser}'s key and shown with the credential to everyone who verifies it.`,
      commentLabel: 'Your endorsement (what the learner did well, in your own words)',
      signButton: 'Sign the endorsement',
      unknownLink: 'This endorsement link is not known.',
      closedLink: 'This endorsement link has already been used or has expired.',
      heading: 'Endorsements',
      verified: 'signature verified',
      notVerified: 'signature NOT verified',
    },
    claim: {
      skip: 'Skip to the content',
      title: (achievement) => `Your badge: ${achievement}`,
      intro: 'Your school has issued you this credential. Claim it to put it on your CV, your LinkedIn profile or your wallet.',
      nameLegend: 'Your name on the public page of the credential',
      showName: (name) => `Show my name (${name})`,
      hideName: 'Do not show my name: the credential names me only by my email address, hashed',
      nameNotInCredential: 'Your name does not appear in this credential: it names you only by your email address, hashed.',
      claimButton: 'Claim my badge',
      claimedOn: 'Claimed on',
      shareHeading: 'Share it',
      publicPage: 'Its public page, for employers (verifiable by anyone)',
      walletHeading: 'Add it to a wallet',
      walletIntro: 'Scan this code with a wallet that supports OpenID for Verifiable Credential Issuance. The code is valid for 24 hours; reload the page for a new one.',
      walletQrAlt: 'QR code of the credential offer',
      walletLink: 'Open in a wallet on this device',
      unknownLink: 'This claim link is not known. Check that you copied the whole link, or ask your school for a new one.',
      expiredLink: 'This claim link has expired. Ask your school for a new one.',
      inactiveCredential: 'Your school has revoked or suspended this badge: it cannot be claimed or shared. Ask your school why.',
    },
    addToLinkedIn: 'Add to LinkedIn profile',
    bakedPng: 'Badge image with the credential inside (PNG)',
    bakedSvg: 'Badge image with the credential inside (SVG)',
    verifyAnother: 'Verify another credential',
    verifyTitle: 'Verify a credential',
    verifyIntro: 'Paste an Open Badges 3.0 credential, as JSON or as a JWT. Nothing you paste is stored.',
    verifyLabel: 'Credential (JSON or JWT)',
    verifyButton: 'Verify',
    verifiedAt: 'Checked at',
    badgeImageAlt: (name) => `Badge image: ${name}`,
    untrustedContent: 'The content below is shown as submitted and cannot be trusted.',
  },
  fr: {
    languageName: 'Français',
    skipToContent: 'Aller au verdict',
    verdictHeading: 'Vérification',
    verdicts: {
      valid: { title: 'Valide', explanation: "Ce badge est authentique, a bien été délivré par l'établissement indiqué et est en vigueur." },
      'not-authentic': { title: 'Non authentique', explanation: "Ce badge a été modifié ou n'a pas été délivré par l'établissement qu'il nomme. Ne vous y fiez pas." },
      'not-open-badge': { title: 'Badge Open Badges non conforme', explanation: "Ce document est signé mais n'est pas un badge Open Badges 3.0 bien formé." },
      unverifiable: { title: 'Vérification impossible ici', explanation: "La clé de l'émetteur n'a pas pu être obtenue par ce vérificateur." },
      'key-compromised': { title: 'Signé avec une clé compromise', explanation: "L'établissement a déclaré compromise la clé qui a signé ce badge." },
      revoked: { title: 'Révoqué', explanation: "L'établissement a retiré ce badge." },
      suspended: { title: 'Suspendu', explanation: "L'établissement a suspendu ce badge pour le moment." },
      expired: { title: 'Expiré', explanation: 'Ce badge est authentique mais sa validité a pris fin.' },
      'not-yet-valid': { title: 'Pas encore valide', explanation: "Ce badge est authentique mais n'est pas encore valide." },
      'status-unavailable': { title: 'Statut inconnu', explanation: "Ce badge est authentique mais son statut de révocation n'a pas pu être lu." },
    },
    checksHeading: 'Contrôles',
    checks: { proof: 'Signature', 'issuer-key': "Clé de l'émetteur", schema: 'Format Open Badges 3.0', 'validity-window': 'Dates de validité', status: 'Statut de révocation' },
    outcomes: { passed: 'réussi', failed: 'échoué', skipped: 'sans objet' },
    issuedBy: 'Délivré par',
    awardedTo: 'Attribué à',
    nameNotDisclosed: 'Nom non communiqué',
    dates: 'Dates',
    issuedOn: 'Délivré le',
    validUntil: "Valide jusqu'au",
    noExpiry: "Pas de date d'expiration",
    activity: "Séjour à l'étranger",
    description: 'Description',
    criteria: 'Conditions d’obtention',
    results: 'Résultats',
    reason: "Motif indiqué par l'établissement :",
    machineReadable: 'Pour les machines',
    verdictJson: 'Verdict (JSON)',
    credentialJson: 'Badge (JSON-LD)',
    credentialJwt: 'Badge (VC-JWT)',
    europass: 'Attestation Europass (ELM 3)',
    endorse: {
      title: (achievement) => `Recommander : ${achievement}`,
      intro: (endorser, school) => `${school} demande à ${endorser} de recommander ce titre. Votre commentaire est signé avec la clé de ${endorser} et présenté avec le titre à toute personne qui le vérifie.`,
      commentLabel: 'Votre recommandation (ce que l’apprenant a bien réussi, avec vos mots)',
      signButton: 'Signer la recommandation',
      unknownLink: 'Ce lien de recommandation est inconnu.',
      closedLink: 'Ce lien de recommandation a déjà servi ou a expiré.',
      heading: 'Recommandations',
      verified: 'signature vérifiée',
      notVerified: 'signature NON vérifiée',
    },
    claim: {
      skip: 'Aller au contenu',
      title: (achievement) => `Votre badge : ${achievement}`,
      intro: 'Votre établissement vous a délivré ce titre. Récupérez-le pour l’ajouter à votre CV, à votre profil LinkedIn ou à votre portefeuille numérique.',
      nameLegend: 'Votre nom sur la page publique du titre',
      showName: (name) => `Afficher mon nom (${name})`,
      hideName: 'Ne pas afficher mon nom : le titre ne me désigne que par mon adresse électronique, chiffrée',
      nameNotInCredential: 'Votre nom ne figure pas dans ce titre : il ne vous désigne que par votre adresse électronique, chiffrée.',
      claimButton: 'Récupérer mon badge',
      claimedOn: 'Récupéré le',
      shareHeading: 'Le partager',
      publicPage: 'Sa page publique, pour les employeurs (vérifiable par tous)',
      walletHeading: 'L’ajouter à un portefeuille',
      walletIntro: 'Scannez ce code avec un portefeuille compatible OpenID for Verifiable Credential Issuance. Le code est valable 24 heures ; rechargez la page pour en obtenir un nouveau.',
      walletQrAlt: 'QR code de l’offre du titre',
      walletLink: 'Ouvrir dans un portefeuille sur cet appareil',
      unknownLink: 'Ce lien de récupération est inconnu. Vérifiez que vous avez copié le lien en entier, ou demandez-en un nouveau à votre établissement.',
      expiredLink: 'Ce lien de récupération a expiré. Demandez-en un nouveau à votre établissement.',
      inactiveCredential: 'Votre établissement a révoqué ou suspendu ce badge : il ne peut plus être récupéré ni partagé. Demandez-lui pourquoi.',
    },
    addToLinkedIn: 'Ajouter au profil LinkedIn',
    bakedPng: 'Image du badge contenant le titre signé (PNG)',
    bakedSvg: 'Image du badge contenant le titre signé (SVG)',
    verifyAnother: 'Vérifier un autre badge',
    verifyTitle: 'Vérifier un badge',
    verifyIntro: "Collez un badge Open Badges 3.0, en JSON ou en JWT. Rien de ce que vous collez n'est conservé.",
    verifyLabel: 'Badge (JSON ou JWT)',
    verifyButton: 'Vérifier',
    verifiedAt: 'Vérifié le',
    badgeImageAlt: (name) => `Image du badge : ${name}`,
    untrustedContent: 'Le contenu ci-dessous est affiché tel que soumis et ne peut pas être considéré comme fiable.',
  },
};

import type { CheckName, CheckOutcome, Verdict } from '../../verify/verify-credential.js';

import { DE } from './messages-de.js';
import { ES } from './messages-es.js';

/** The words of the public pages, in French and English; Spanish and German for employers abroad. */
export type Language = 'fr' | 'en' | 'es' | 'de';
export const LANGUAGES: Language[] = ['fr', 'en', 'es', 'de'];

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
  spaceHeading: string;
  spaceIntro: string;
  seeAllBadges: string;
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
  skipToVerdict: string;
  /** The skip link of every other page. */
  skipToContent: string;
  languageSwitcher: string;
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
  /** What a kind of achievement is, for a reader abroad who has never met it, by its `achievementType`. */
  aboutKind: { heading: string; 'ext:OptionalMobilityUnit': string };
  reason: string;
  machineReadable: string;
  /** The links a person uses: the certificate, the badge image, LinkedIn. */
  printAndShare: string;
  verdictJson: string;
  credentialJson: string;
  credentialJwt: string;
  europass: string;
  addToLinkedIn: string;
  bakedPng: string;
  bakedSvg: string;
  certificatePdf: string;
  /** Who assessed the achievement for the host organisation (its signed assessment). */
  assessedBy: string;
  verifyAnother: string;
  /** The footer's link to the privacy and terms page. */
  privacy: string;
  verifyTitle: string;
  verifyIntro: string;
  verifyLabel: string;
  verifyButton: string;
  verifiedAt: string;
  badgeImageAlt: (name: string) => string;
  untrustedContent: string;
  /** What each check found, by its outcome, or by the verdict a failed check leads to. */
  checkDetails: Record<CheckName, Partial<Record<CheckOutcome | Verdict, string>>>;
  /** A check that reads content whose signature failed. */
  notEvaluated: string;
  notEvaluatedDetail: string;
  unknownIssuer: (name: string) => string;
  unknownIssuerExplanation: string;
  validUnknownIssuer: string;
  /** A valid credential of a school hosted here that no trusted registry lists: what holds, and what does not. */
  validNotRecognised: string;
  /** Who vouches for the issuer (see services/academy-registries.ts). */
  recognisedBy: (registry: string) => string;
  recognisedAtIssuance: (registry: string) => string;
  leftRegistryOn: (date: string) => string;
  registrySignedOn: (date: string) => string;
  notRecognised: string;
  notRecognisedExplanation: string;
  registriesUnavailable: (count: number) => string;
  host: string;
  resultHeadings: { result: string; value: string; scale: string };
  /** Values of the shipped result descriptions (skill, competence and CEFR scales, statuses). */
  resultValues: Record<string, string>;
  /** OB 3.0 result types, and the CEFR extension. */
  resultTypes: Record<string, string>;
  outOf: (max: string) => string;
  languageProgress: string;
  languageProgressScale: string;
  recipient: {
    heading: string;
    intro: string;
    label: string;
    button: string;
    matches: string;
    noMatch: string;
  };
  skipToForm: string;
  verifyFileLabel: string;
  verifyTextOr: string;
  /** An address that names no credential hosted here. */
  credentialNotFound: { title: string; explanation: string; verifyLink: string };
  /** A submitted document that is no credential at all (no VerifiableCredential type, no issuer or no subject). */
  notACredential: { title: string; explanation: string };
  /** Above results the school wrote in another language than the page's, named in the page's language. */
  /** Said under the title when the school wrote the credential in another language than the page's. */
  writtenIn: (languageName: string) => string;
  /** Why a submitted credential was not checked, by problem code; `other` for any code not listed. */
  verifyRefused: Record<VerifyRefusal, string>;
}

/** The problems a person can meet on the /verify form. */
export type VerifyRefusal = 'malformed-request' | 'validation-failed' | 'unreadable-badge-image' | 'credential-link-elsewhere' | 'document-too-complex' | 'verifier-busy' | 'payload-too-large' | 'too-many-requests' | 'other';

export const MESSAGES: Record<Language, Messages> = {
  en: {
    languageName: 'English',
    skipToVerdict: 'Skip to the verdict',
    skipToContent: 'Skip to content',
    languageSwitcher: 'Language',
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
    aboutKind: {
      heading: 'What this credential is',
      'ext:OptionalMobilityUnit':
        'The optional mobility unit (UFM) is part of the French vocational diplomas (Bac pro, CAP, BP, BMA). It assesses the competences a learner showed during a training period abroad: part 1 is marked abroad by the host organisation, part 2 in France after the return. With at least the required mark (10/20 under the national rules) and the diploma’s specialty exams passed, the learner receives the MobilitéPro attestation, joined to the diploma; until those exams are passed it reads “not awarded”, whatever the mark.',
    },
    criteria: 'How it was earned',
    results: 'Results',
    reason: 'Reason given by the school:',
    machineReadable: 'For machines',
    printAndShare: 'Print, save or share',
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
      hideName: 'Do not show my name: the credential names me only by my email address, in a scrambled form',
      nameNotInCredential: 'Your name does not appear in this credential: your school left it out, as it does for learners under 18. It names you only by your email address, in a scrambled form. Your space says why, and when you can show it.',
      claimButton: 'Claim my badge',
      claimedOn: 'Claimed on',
      shareHeading: 'Share it',
      publicPage: 'Its public page, for employers (verifiable by anyone)',
      walletHeading: 'Add it to a wallet',
      walletIntro: 'Scan this code with a wallet that supports OpenID for Verifiable Credential Issuance. The code is valid for 24 hours; reload the page for a new one.',
      walletQrAlt: 'QR code of the credential offer',
      walletLink: 'Open in a wallet on this device',
      spaceHeading: 'All your badges in one place',
      spaceIntro: 'Your space gathers every badge sent to your address, by every school: share them, download them, choose what their public pages show.',
      seeAllBadges: 'See all my badges',
      unknownLink: 'This claim link is not known. Check that you copied the whole link, or ask your school for a new one.',
      expiredLink: 'This claim link has expired. Ask your school for a new one.',
      inactiveCredential: 'Your school has revoked or suspended this badge: it cannot be claimed or shared. Ask your school why.',
    },
    addToLinkedIn: 'Add to LinkedIn profile',
    bakedPng: 'Badge image with the credential inside (PNG)',
    bakedSvg: 'Badge image with the credential inside (SVG)',
    certificatePdf: 'Printable certificate (PDF, French and English)',
    assessedBy: 'Assessed by',
    verifyAnother: 'Verify another credential',
    privacy: 'Privacy and terms',
    verifyTitle: 'Verify a credential',
    verifyIntro: 'Paste the link to a credential of this service, or an Open Badges 3.0 credential as JSON or as a JWT, or upload a badge image with the credential inside. Nothing you submit is stored.',
    verifyLabel: 'Credential (link, JSON or JWT)',
    verifyButton: 'Verify',
    verifiedAt: 'Checked at',
    badgeImageAlt: (name) => `Badge image: ${name}`,
    untrustedContent: 'The content below is shown as submitted and cannot be trusted.',
    checkDetails: {
      proof: { passed: 'The signature matches this exact content.', 'not-authentic': 'The content was altered, or was not signed with this key.', unverifiable: "The issuer's key cannot be obtained by this verifier." },
      'issuer-key': { passed: 'Signed with a key the issuer published and has not reported compromised.', 'not-authentic': 'The signing key does not belong to the issuer named.', 'key-compromised': 'The issuer reported this key compromised.' },
      schema: { passed: 'A well-formed Open Badges 3.0 credential.', 'not-open-badge': 'Not a well-formed Open Badges 3.0 credential.' },
      'validity-window': { passed: 'In force today.', expired: 'Its validity has ended.', 'not-yet-valid': 'Not valid yet.' },
      status: { passed: 'Neither revoked nor suspended (checked just now).', skipped: 'The credential has no revocation status.', revoked: 'Revoked by the issuer.', suspended: 'Suspended by the issuer.', 'status-unavailable': 'The status list could not be read.' },
    },
    notEvaluated: 'not evaluated',
    notEvaluatedDetail: 'This check reads the content, and the content failed its signature check.',
    unknownIssuer: (name) => `Signed by an unknown issuer that calls itself «${name}»`,
    unknownIssuerExplanation: 'This issuer is neither a school hosted here nor on a host this service trusts. Anyone can create a key and give it any name: this signature does not show who the issuer really is.',
    validUnknownIssuer: 'The signature is valid and the credential is in force, but nothing shows who signed it.',
    validNotRecognised: 'The signature is genuine and the credential is in force, but no registry trusted here confirms that its issuer is a recognised school.',
    recognisedBy: (registry) => `Recognised by ${registry}`,
    recognisedAtIssuance: (registry) => `Recognised by ${registry} when this credential was issued`,
    leftRegistryOn: (date) => `no longer in its registry since ${date}`,
    registrySignedOn: (date) => `registry signed on ${date}`,
    notRecognised: 'Not in any registry this service trusts',
    notRecognisedExplanation: 'No academy, ministry or other registry trusted here lists this issuer as a recognised school. Its name is only its own claim: check with the school or its academy before relying on it.',
    registriesUnavailable: (count) => (count === 1 ? 'One trusted registry could not be checked just now.' : `${count} trusted registries could not be checked just now.`),
    host: 'Host organisation',
    resultHeadings: { result: 'Result', value: 'Value', scale: 'Scale' },
    resultValues: {
      emerging: 'emerging', developing: 'developing', proficient: 'proficient', advanced: 'advanced',
      'not-acquired': 'not acquired', 'partially-acquired': 'partially acquired', acquired: 'acquired',
      achieved: 'achieved', awarded: 'awarded', 'not-awarded': 'not awarded', Completed: 'completed', Failed: 'not passed',
    },
    resultTypes: {
      PerformanceLevel: 'performance level', RubricCriterion: 'assessment grid', RubricCriterionLevel: 'assessment grid', Status: 'status',
      RawScore: 'mark', LetterGrade: 'letter grade', GradePointAverage: 'grade point average', Percent: 'percentage', 'ext:CEFRLevel': 'CEFR level (A1 to C2)',
    },
    outOf: (max) => `out of ${max}`,
    languageProgress: 'Level before the stay → level reached',
    languageProgressScale: 'CEFR level (A1 to C2)',
    recipient: {
      heading: 'Is this badge your candidate’s?',
      intro: 'The school did not show the learner’s name: the credential names them by their email address, hashed. Type your candidate’s email address to check it against the signed one. The address is neither stored nor logged.',
      label: 'Candidate’s email address',
      button: 'Check the address',
      matches: 'This email address is the one this badge was awarded to.',
      noMatch: 'This email address is NOT the one this badge was awarded to.',
    },
    skipToForm: 'Skip to the form',
    verifyFileLabel: 'A badge image with the credential inside (PNG or SVG)',
    verifyTextOr: 'or',
    credentialNotFound: {
      title: 'No credential at this address',
      explanation: 'No credential is hosted at this address: check the link you were given (it may be mistyped or cut short).',
      verifyLink: 'Verify a credential you have as a file or text',
    },
    notACredential: {
      title: 'This is not a credential',
      explanation: 'The document you submitted is not a verifiable credential: it has no credential type, no issuer or no holder. Paste the whole credential (JSON or VC-JWT) or choose the badge image.',
    },
    writtenIn: (languageName) => `The school wrote this credential in ${languageName}: its name, description and results are shown as written.`,
    verifyRefused: {
      'malformed-request': 'This is not a credential that can be read: paste the JSON or the JWT as it was given to you.',
      'validation-failed': 'Paste a credential (JSON or JWT) or choose a badge image before pressing the button.',
      'unreadable-badge-image': 'No credential could be read from this image: it is not a baked Open Badge.',
      'credential-link-elsewhere': 'This is a link to another site, which this page does not open for you. Open the link in your browser: a credential’s own page says whether it is valid. To check it here as well, download the credential or its badge image from that page and bring it here.',
      'document-too-complex': 'This document is far more complex than any credential, so it was not checked.',
      'verifier-busy': 'The verifier is busy: try again in a moment.',
      'payload-too-large': 'This is too large to be a credential (256 kB of text, or a 2 MB image, at most).',
      'too-many-requests': 'Too many checks from your connection in the last minute: try again shortly.',
      other: 'This credential could not be checked.',
    },
  },
  fr: {
    languageName: 'Français',
    skipToVerdict: 'Aller au verdict',
    skipToContent: 'Aller au contenu',
    languageSwitcher: 'Langue',
    verdictHeading: 'Vérification',
    verdicts: {
      valid: { title: 'Valide', explanation: "Ce badge est authentique, a bien été délivré par l’établissement indiqué et est en vigueur." },
      'not-authentic': { title: 'Non authentique', explanation: "Ce badge a été modifié ou n’a pas été délivré par l’établissement qu’il nomme. Ne vous y fiez pas." },
      'not-open-badge': { title: 'Badge Open Badges non conforme', explanation: "Ce document est signé mais n’est pas un badge Open Badges 3.0 bien formé." },
      unverifiable: { title: 'Vérification impossible ici', explanation: "La clé de l’émetteur n’a pas pu être obtenue par ce vérificateur." },
      'key-compromised': { title: 'Signé avec une clé compromise', explanation: "L’établissement a déclaré compromise la clé qui a signé ce badge." },
      revoked: { title: 'Révoqué', explanation: "L’établissement a retiré ce badge." },
      suspended: { title: 'Suspendu', explanation: "L’établissement a suspendu ce badge pour le moment." },
      expired: { title: 'Expiré', explanation: 'Ce badge est authentique mais sa validité a pris fin.' },
      'not-yet-valid': { title: 'Pas encore valide', explanation: "Ce badge est authentique mais n’est pas encore valide." },
      'status-unavailable': { title: 'Statut inconnu', explanation: "Ce badge est authentique mais son statut de révocation n’a pas pu être lu." },
    },
    checksHeading: 'Contrôles',
    checks: { proof: 'Signature', 'issuer-key': "Clé de l’émetteur", schema: 'Format Open Badges 3.0', 'validity-window': 'Dates de validité', status: 'Statut de révocation' },
    outcomes: { passed: 'réussi', failed: 'échoué', skipped: 'sans objet' },
    issuedBy: 'Délivré par',
    awardedTo: 'Attribué à',
    nameNotDisclosed: 'Nom non communiqué',
    dates: 'Dates',
    issuedOn: 'Délivré le',
    validUntil: "Valide jusqu’au",
    noExpiry: "Pas de date d’expiration",
    activity: "Séjour à l’étranger",
    description: 'Description',
    aboutKind: {
      heading: 'Ce qu’atteste ce badge',
      'ext:OptionalMobilityUnit':
        'L’unité facultative de mobilité (UFM) fait partie des diplômes professionnels français (Bac pro, CAP, BP, BMA). Elle évalue les compétences montrées pendant une période de formation à l’étranger : la partie 1 est notée à l’étranger par l’organisme d’accueil, la partie 2 en France après le retour. Avec au moins la note requise (10/20 selon les textes nationaux) et la réussite aux épreuves de spécialité du diplôme, l’apprenant reçoit l’attestation MobilitéPro, jointe au diplôme ; tant que ces épreuves ne sont pas réussies, elle est « non délivrée », quelle que soit la note.',
    },
    criteria: 'Conditions d’obtention',
    results: 'Résultats',
    reason: "Motif indiqué par l’établissement :",
    machineReadable: 'Pour les machines',
    printAndShare: 'Imprimer, enregistrer ou partager',
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
      hideName: 'Ne pas afficher mon nom : le badge ne me désigne que par mon adresse électronique, sous une forme brouillée',
      nameNotInCredential: 'Votre nom ne figure pas dans ce badge : votre établissement l’a laissé de côté, comme pour les élèves de moins de 18 ans. Il ne vous désigne que par votre adresse électronique, sous une forme brouillée. Votre espace dit pourquoi, et quand vous pourrez l’afficher.',
      claimButton: 'Récupérer mon badge',
      claimedOn: 'Récupéré le',
      shareHeading: 'Le partager',
      publicPage: 'Sa page publique, pour les employeurs (vérifiable par tous)',
      walletHeading: 'L’ajouter à un portefeuille',
      walletIntro: 'Scannez ce code avec un portefeuille compatible OpenID for Verifiable Credential Issuance. Le code est valable 24 heures ; rechargez la page pour en obtenir un nouveau.',
      walletQrAlt: 'QR code de l’offre du titre',
      walletLink: 'Ouvrir dans un portefeuille sur cet appareil',
      spaceHeading: 'Tous vos badges au même endroit',
      spaceIntro: 'Votre espace réunit tous les badges envoyés à votre adresse, par tous les établissements : partagez-les, téléchargez-les, choisissez ce que leurs pages publiques affichent.',
      seeAllBadges: 'Voir tous mes badges',
      unknownLink: 'Ce lien de récupération est inconnu. Vérifiez que vous avez copié le lien en entier, ou demandez-en un nouveau à votre établissement.',
      expiredLink: 'Ce lien de récupération a expiré. Demandez-en un nouveau à votre établissement.',
      inactiveCredential: 'Votre établissement a révoqué ou suspendu ce badge : il ne peut plus être récupéré ni partagé. Demandez-lui pourquoi.',
    },
    addToLinkedIn: 'Ajouter au profil LinkedIn',
    bakedPng: 'Image du badge, le badge signé intégré (PNG)',
    bakedSvg: 'Image du badge, le badge signé intégré (SVG)',
    certificatePdf: 'Attestation à imprimer (PDF, français et anglais)',
    assessedBy: 'Évalué par',
    verifyAnother: 'Vérifier un autre badge',
    privacy: 'Données personnelles',
    verifyTitle: 'Vérifier un badge',
    verifyIntro: 'Collez le lien d’un badge de ce service, ou un badge Open Badges 3.0 en JSON ou en JWT, ou déposez une image de badge qui le contient. Rien de ce que vous soumettez n’est conservé.',
    verifyLabel: 'Badge (lien, JSON ou JWT)',
    verifyButton: 'Vérifier',
    verifiedAt: 'Vérifié le',
    badgeImageAlt: (name) => `Image du badge : ${name}`,
    untrustedContent: 'Le contenu ci-dessous est affiché tel que soumis et ne peut pas être considéré comme fiable.',
    checkDetails: {
      proof: { passed: 'La signature correspond exactement à ce contenu.', 'not-authentic': "Le contenu a été modifié, ou n’a pas été signé avec cette clé.", unverifiable: "La clé de l’émetteur ne peut pas être obtenue par ce vérificateur." },
      'issuer-key': { passed: "Signé avec une clé publiée par l’émetteur et qu’il n’a pas déclarée compromise.", 'not-authentic': "La clé de signature n’appartient pas à l’émetteur nommé.", 'key-compromised': "L’émetteur a déclaré cette clé compromise." },
      schema: { passed: 'Un badge Open Badges 3.0 bien formé.', 'not-open-badge': "Ce n’est pas un badge Open Badges 3.0 bien formé." },
      'validity-window': { passed: "En vigueur aujourd’hui.", expired: 'Sa validité a pris fin.', 'not-yet-valid': 'Pas encore valide.' },
      status: { passed: "Ni révoqué ni suspendu (vérifié à l’instant).", skipped: "Ce badge n’a pas de statut de révocation.", revoked: "Révoqué par l’émetteur.", suspended: "Suspendu par l’émetteur.", 'status-unavailable': "La liste de statuts n’a pas pu être lue." },
    },
    notEvaluated: 'non évalué',
    notEvaluatedDetail: "Ce contrôle lit le contenu, dont la signature n’est pas valide.",
    unknownIssuer: (name) => `Signé par un émetteur inconnu qui se présente comme « ${name} »`,
    unknownIssuerExplanation: "Cet émetteur n’est ni un établissement hébergé ici, ni hébergé par un service reconnu. N’importe qui peut créer une clé et lui donner n’importe quel nom : cette signature ne dit pas qui est réellement l’émetteur.",
    validUnknownIssuer: 'La signature est valide et le badge est en vigueur, mais rien ne dit qui l’a signé.',
    validNotRecognised: 'La signature est authentique et le badge est en vigueur, mais aucun registre reconnu ici ne confirme que son émetteur est un établissement reconnu.',
    recognisedBy: (registry) => `Reconnu par ${registry}`,
    recognisedAtIssuance: (registry) => `Reconnu par ${registry} lors de la délivrance de ce badge`,
    leftRegistryOn: (date) => `ne figure plus dans son registre depuis le ${date}`,
    registrySignedOn: (date) => `registre signé le ${date}`,
    notRecognised: 'Absent de tous les registres reconnus par ce service',
    notRecognisedExplanation: "Aucun registre d’académie, de ministère ou autre reconnu ici ne mentionne cet émetteur comme établissement reconnu. Son nom n’engage que lui : vérifiez auprès de l’établissement ou de son académie avant de vous y fier.",
    registriesUnavailable: (count) => (count === 1 ? "Un registre reconnu n’a pas pu être consulté à l’instant." : `${count} registres reconnus n’ont pas pu être consultés à l’instant.`),
    host: 'Organisme d’accueil',
    resultHeadings: { result: 'Résultat', value: 'Valeur', scale: 'Échelle' },
    resultValues: {
      emerging: 'débutant', developing: 'en progrès', proficient: 'maîtrisé', advanced: 'expert',
      'not-acquired': 'non acquis', 'partially-acquired': 'partiellement acquis', acquired: 'acquis',
      achieved: 'atteint', awarded: 'délivrée', 'not-awarded': 'non délivrée', Completed: 'évalué', Failed: 'non réussi',
    },
    resultTypes: {
      PerformanceLevel: 'niveau de maîtrise', RubricCriterion: "grille d’évaluation", RubricCriterionLevel: "grille d’évaluation", Status: 'statut',
      RawScore: 'note', LetterGrade: 'note en lettre', GradePointAverage: 'moyenne', Percent: 'pourcentage', 'ext:CEFRLevel': 'niveau du CECRL (A1 à C2)',
    },
    outOf: (max) => `sur ${max}`,
    languageProgress: 'Niveau avant le séjour → niveau atteint',
    languageProgressScale: 'niveau du CECRL (A1 à C2)',
    recipient: {
      heading: 'Ce badge est-il celui de votre candidat ?',
      intro: "L’établissement n’a pas affiché le nom de l’apprenant : le badge le désigne par son adresse électronique, sous une forme brouillée. Saisissez l’adresse de votre candidat pour la comparer à celle qui est signée. L’adresse saisie n’est pas conservée.",
      label: 'Adresse électronique du candidat',
      button: "Vérifier l’adresse",
      matches: "Cette adresse électronique est bien celle de la personne à qui ce badge a été délivré.",
      noMatch: "Cette adresse électronique n’est PAS celle de la personne à qui ce badge a été délivré.",
    },
    skipToForm: 'Aller au formulaire',
    verifyFileLabel: 'Une image de badge contenant le titre (PNG ou SVG)',
    verifyTextOr: 'ou',
    credentialNotFound: {
      title: 'Aucun badge à cette adresse',
      explanation: 'Aucun badge n’est hébergé à cette adresse : vérifiez le lien reçu (il est peut-être mal recopié ou tronqué).',
      verifyLink: 'Vérifier un badge que vous avez en fichier ou en texte',
    },
    notACredential: {
      title: 'Ce n’est pas un badge',
      explanation: 'Le document envoyé n’est pas un badge vérifiable : il n’a pas de type de badge, d’émetteur ou de titulaire. Collez le badge en entier (JSON ou VC-JWT) ou choisissez l’image du badge.',
    },
    writtenIn: (languageName) => `L’établissement a rédigé ce badge en ${languageName} : son nom, sa description et ses résultats sont présentés tels quels.`,
    verifyRefused: {
      'malformed-request': 'Ce n’est pas un justificatif lisible : collez le JSON ou le JWT tel qu’il vous a été remis.',
      'validation-failed': 'Collez un justificatif (JSON ou JWT) ou choisissez une image de badge avant de valider.',
      'unreadable-badge-image': 'Aucun justificatif n’a pu être lu dans cette image : ce n’est pas un Open Badge « cuit ».',
      'credential-link-elsewhere': 'C’est un lien vers un autre site, que cette page n’ouvre pas pour vous. Ouvrez le lien dans votre navigateur : la page d’un justificatif dit s’il est valide. Pour le vérifier aussi ici, téléchargez depuis cette page le justificatif ou son image de badge et déposez-le ici.',
      'document-too-complex': 'Ce document est bien plus complexe qu’un justificatif : il n’a pas été vérifié.',
      'verifier-busy': 'Le vérificateur est occupé : réessayez dans un instant.',
      'payload-too-large': 'C’est trop volumineux pour un justificatif (256 ko de texte ou une image de 2 Mo au plus).',
      'too-many-requests': 'Trop de vérifications depuis votre connexion cette dernière minute : réessayez bientôt.',
      other: 'Ce justificatif n’a pas pu être vérifié.',
    },
  },
  es: ES,
  de: DE,
};

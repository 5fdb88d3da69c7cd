import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './hash.js';

/** Open Badges 3.0 data model builders: pure functions, no I/O, no clock, no randomness. */

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Defines 1EdTechJsonSchemaValidator2019, the type of `credentialSchema` entries (safe mode needs it). */
const OB_V3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const OB_CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT] as const;
const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

interface AddressInput {
  streetAddress?: string;
  postalCode?: string;
  addressLocality?: string;
  addressRegion?: string;
  /** ISO 3166-1 alpha-2. */
  addressCountryCode: string;
  addressCountry?: string;
}

interface OtherIdentifierInput {
  identifier: string;
  /** An OB identifierType, or `ext:UAI`, `ext:ErasmusOID`, `ext:ErasmusPIC`… */
  identifierType: string;
}

export interface IssuerProfileInput {
  name: string;
  url?: string;
  email?: string;
  phone?: string;
  description?: string;
  address?: AddressInput;
  otherIdentifier?: OtherIdentifierInput[];
}

export interface AchievementInput {
  name: string;
  description: string;
  criteria: { narrative?: string; id?: string };
  achievementType?: string;
  image?: { id: string; caption?: string };
  tag?: string[];
  humanCode?: string;
  fieldOfStudy?: string;
  inLanguage?: string;
  /** OB 3.0: credit hours associated with the achievement (a prescription's hours, see domain/pathways). */
  creditsAvailable?: number;
  alignment?: AlignmentInput[];
  /** How results are expressed; each `key` becomes the id `${achievement id}#${key}` that results point at. */
  resultDescription?: ResultDescriptionInput[];
}

export interface AlignmentInput {
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetFramework?: string;
  targetType?: string;
  targetDescription?: string;
}

interface ResultDescriptionInput {
  key: string;
  name: string;
  /** An OB resultType (RawScore, RubricCriterion, PerformanceLevel, Status…) or ext:… */
  resultType: string;
  allowedValue?: string[];
  valueMin?: string;
  valueMax?: string;
  requiredValue?: string;
  alignment?: AlignmentInput[];
}

export type JsonObject = { [key: string]: unknown };

export function buildIssuerProfile(options: { id: string; profile: IssuerProfileInput }): JsonObject {
  const { id, profile } = options;
  return compact({
    id,
    type: ['Profile'],
    name: profile.name,
    url: profile.url,
    email: profile.email,
    phone: profile.phone,
    description: profile.description,
    address: profile.address && compact({ type: ['Address'], ...profile.address }),
    otherIdentifier: profile.otherIdentifier?.map((entry) => ({ type: 'IdentifierEntry', ...entry })),
  });
}

export function buildAchievement(options: { id: string; creator: JsonObject; achievement: AchievementInput }): JsonObject {
  const { id, creator, achievement } = options;
  return compact({
    id,
    type: ['Achievement'],
    achievementType: achievement.achievementType,
    name: achievement.name,
    description: achievement.description,
    criteria: compact({ ...achievement.criteria }),
    image: achievement.image && compact({ type: 'Image', ...achievement.image }),
    creator,
    tag: achievement.tag,
    humanCode: achievement.humanCode,
    fieldOfStudy: achievement.fieldOfStudy,
    inLanguage: achievement.inLanguage,
    creditsAvailable: achievement.creditsAvailable,
    alignment: achievement.alignment?.map(buildAlignment),
    resultDescription: achievement.resultDescription?.map(({ key, alignment, ...description }) =>
      compact({ id: `${id}#${key}`, type: ['ResultDescription'], ...description, alignment: alignment?.map(buildAlignment) }),
    ),
  });
}

function buildAlignment(alignment: AlignmentInput): JsonObject {
  return compact({ type: ['Alignment'], ...alignment });
}

/**
 * The hidden-recipient hash of OB 3.0: "sha256$" + hex(sha256(identity + salt)).
 * Emails are trimmed and lower-cased first, so that a verifier typing the address in any case matches.
 */
export function hashRecipientIdentity(identity: string, salt: string): string {
  return 'sha256$' + sha256Hex(identity + salt);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

interface RecipientInput {
  email: string;
  salt: string;
  /** Shown in the credential only when the issuer chose to disclose it. */
  displayName?: string;
}

/** What the learner did and how it went: the stay's dates, results, who assessed it, evidence. */
export interface AchievementRecord {
  activityStartDate?: string;
  activityEndDate?: string;
  result?: JsonObject[];
  /** The organisation that assessed the achievement for the issuer (the host company), as a Profile. */
  source?: JsonObject;
  narrative?: string;
  evidence?: JsonObject[];
  /** Signed statements about the achievement by others (the host's assessment), embedded as OB 3.0 endorsements. */
  endorsement?: JsonObject[];
}

export function buildAchievementCredential(options: {
  id: string;
  issuer: JsonObject;
  achievement: JsonObject;
  recipient: RecipientInput;
  validFrom: string;
  validUntil?: string;
  awardedDate?: string;
  credentialStatus?: JsonObject;
  record?: AchievementRecord;
}): JsonObject {
  const { recipient } = options;
  const identifier: JsonObject[] = [
    {
      type: 'IdentityObject',
      hashed: true,
      identityType: 'emailAddress',
      identityHash: hashRecipientIdentity(normalizeEmail(recipient.email), recipient.salt),
      salt: recipient.salt,
    },
  ];
  if (recipient.displayName !== undefined) {
    identifier.push({ type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: recipient.displayName });
  }
  return compact({
    '@context': [...OB_CREDENTIAL_CONTEXT],
    id: options.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: options.achievement.name,
    issuer: options.issuer,
    validFrom: options.validFrom,
    validUntil: options.validUntil,
    awardedDate: options.awardedDate,
    credentialSubject: compact({
      type: ['AchievementSubject'],
      identifier,
      achievement: options.achievement,
      activityStartDate: options.record?.activityStartDate,
      activityEndDate: options.record?.activityEndDate,
      narrative: options.record?.narrative,
      result: options.record?.result,
      source: options.record?.source,
    }),
    evidence: options.record?.evidence,
    endorsement: options.record?.endorsement,
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: options.credentialStatus,
  });
}

/** Drops undefined members so that optional inputs never reach a signed document as `undefined`. */
function compact<T extends JsonObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/**
 * An OB 3.0 EndorsementCredential: an organisation's signed statement about something (here, a
 * credential or an achievement, named by its URL), with its comment.
 */
export function buildEndorsementCredential(options: {
  id: string;
  issuer: JsonObject;
  subjectId: string;
  subjectName: string;
  comment: string;
  validFrom: string;
}): JsonObject {
  return {
    '@context': [...OB_CREDENTIAL_CONTEXT],
    id: options.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: `${String(options.issuer.name)} — ${options.subjectName}`,
    issuer: options.issuer,
    validFrom: options.validFrom,
    credentialSubject: { id: options.subjectId, type: ['EndorsementSubject'], endorsementComment: options.comment },
  };
}

/** The recipient's name as a credential discloses it (an unhashed IdentityObject of type name), if it does. */
export function disclosedRecipientName(credential: JsonObject): string | undefined {
  const identities = ((credential.credentialSubject as JsonObject | undefined)?.identifier ?? []) as JsonObject[];
  const name = identities.find((identity) => identity.identityType === 'name' && identity.hashed === false)?.identityHash;
  return typeof name === 'string' ? name : undefined;
}

/** The hidden-recipient identity of a credential: its hashed email address and salt, if it has one. */
export function hashedRecipientEmail(credential: JsonObject): { identityHash: string; salt: string } | undefined {
  const identities = ((credential.credentialSubject as JsonObject | undefined)?.identifier ?? []) as JsonObject[];
  const email = Array.isArray(identities) ? identities.find((identity) => identity.identityType === 'emailAddress' && identity.hashed === true) : undefined;
  return typeof email?.identityHash === 'string' && typeof email.salt === 'string' ? { identityHash: email.identityHash, salt: email.salt } : undefined;
}

/**
 * Whether an email address is the credential's hashed recipient, compared in constant time: the answer is
 * the only thing the comparison gives away.
 */
export function recipientEmailMatches(credential: JsonObject, email: string): boolean {
  const hidden = hashedRecipientEmail(credential);
  if (!hidden) return false;
  const expected = Buffer.from(hidden.identityHash, 'utf8');
  const actual = Buffer.from(hashRecipientIdentity(normalizeEmail(email), hidden.salt), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Whether the credential's subject is identified (OB 3.0 IdentityObject, `identityType` emailAddress) by one
 * of `emails`: hashed (salted or not) or plain. A subject named only otherwise (a DID, a student id) is not.
 */
export function subjectEmailIsOneOf(credential: JsonObject, emails: readonly string[]): boolean {
  const subject = credential.credentialSubject as JsonObject | undefined;
  const identities = Array.isArray(subject?.identifier) ? (subject.identifier as JsonObject[]) : [];
  const wanted = emails.map(normalizeEmail);
  return identities.some((identity) => {
    if (identity?.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') return false;
    if (identity.hashed === false) return wanted.includes(normalizeEmail(identity.identityHash));
    const salt = typeof identity.salt === 'string' ? identity.salt : '';
    const expected = Buffer.from(identity.identityHash.toLowerCase(), 'utf8');
    return wanted.some((email) => {
      const actual = Buffer.from(hashRecipientIdentity(email, salt), 'utf8');
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    });
  });
}

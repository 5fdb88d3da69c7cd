import { newSecret, sha256Hex } from '../domain/hash.js';
import { linkedInAddToProfileUrl } from '../domain/linkedin.js';
import { comingOfAgeDate, isMinorOn } from '../domain/mobility.js';
import type { JsonObject } from '../domain/open-badges.js';
import { ForbiddenError, LinkNotUsableError, NotFoundError, RuleViolationError } from '../errors.js';
import { learnerEmail, type LearnerEmailLanguage } from '../notifications/learner-email.js';
import { sendAfterAnswer } from '../notifications/mailer.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { deleteCredentialLookups, listCredentialLookups } from '../storage/credential-lookups-repository.js';
import type { CredentialRow } from '../storage/credentials-repository.js';
import {
  countLearnerLinksSince,
  deleteLearner,
  findLearnerById,
  findLearnerIdByEmail,
  findUsableLearnerLink,
  insertLearnerEmail,
  insertLearnerLink,
  listCredentialsOfAddresses,
  listGuardianSchools,
  listLearnerEmails,
  listStayAgesOfAddresses,
  markLearnerLinkUsed,
  mergeLearnerInto,
  updateLearner,
} from '../storage/learners-repository.js';
import type { LearnerLinkPurpose, StatusState } from '../storage/schema.js';
import { listImportedCredentials } from '../storage/imported-credentials-repository.js';
import { deleteOauthArtifactsOfAccount } from '../storage/oauth-repository.js';
import { deleteWithheldName, findWithheldName } from '../storage/withheld-names-repository.js';
import type { ServiceContext } from './context.js';
import { nameDisclosureOf, withName, withoutName, type NameDisclosure } from './credential-names.js';
import { credentialDocument } from './credential-views.js';
import { platformsGivenAccess } from './ob-authorization-store.js';
import { normaliseLearnerEmail, SIGN_IN_LINK_WINDOW_MS, SIGN_IN_LINKS_PER_ADDRESS } from './learner-sign-in.js';
import { createCredentialOffer, type CredentialOfferView } from './wallet-issuance.js';

/**
 * The learner's space: every credential issued to the learner's verified addresses by any school of the
 * deployment, what its public page shows, how to take it along, who looked it up; adding an address; a
 * minor's guardian; their data, and deleting the space. Credentials are the schools': nothing here changes
 * what they say, except whether they name the learner (signed again either way, so they stay verifiable).
 */

const ADD_EMAIL_HOURS = 24;
const GUARDIAN_LINK_DAYS = 7;
/** "Who looked it up" covers this many days, today included. */
export const LOOKUP_DAYS = 30;
const LEARNER_ACTOR_NAME = 'the learner (their space)';

/** A learner's verified addresses (lower-cased), the first verified first. */
export function listLearnerAddresses(ctx: ServiceContext, learnerId: string): Promise<string[]> {
  return listLearnerEmails(ctx.db, learnerId);
}

export type LearnerCredentialStatus = 'valid' | 'revoked' | 'suspended' | 'expired';

export interface LearnerCredentialSummary {
  id: string;
  achievementName: string;
  issuerName: string;
  achievementId: string;
  issuedOn: string;
  validUntil: string | null;
  status: LearnerCredentialStatus;
  /** The stay it was earned on, as the credential says it: what tells a learner's badges apart. */
  stay: { host: string | undefined; city: string | undefined; countryCode: string | undefined; startDate: string | undefined; endDate: string | undefined };
}

function statusOf(row: CredentialRow & { state: StatusState | null }, now: Date): LearnerCredentialStatus {
  if (row.state === 'revoked' || row.state === 'suspended') return row.state;
  return row.valid_until && row.valid_until <= now ? 'expired' : 'valid';
}

function summaryOf(row: CredentialRow & { state: StatusState | null }, now: Date): LearnerCredentialSummary {
  const document = credentialDocument(row);
  const subject = document.credentialSubject as JsonObject;
  const achievement = (subject.achievement ?? {}) as JsonObject;
  const source = (subject.source ?? {}) as JsonObject;
  const address = (source.address ?? {}) as JsonObject;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    id: row.id,
    stay: {
      host: text(source.name),
      city: text(address.addressLocality),
      countryCode: text(address.addressCountryCode),
      startDate: text(subject.activityStartDate),
      endDate: text(subject.activityEndDate),
    },
    achievementName: String(achievement.name ?? document.name ?? ''),
    issuerName: String((document.issuer as JsonObject).name ?? ''),
    achievementId: row.achievement_id,
    issuedOn: row.valid_from.toISOString(),
    validUntil: row.valid_until && row.valid_until.toISOString(),
    status: statusOf(row, now),
  };
}

/**
 * The credentials of the learner's addresses as stored (each with its Data Integrity form and its VC-JWT),
 * newest first: what the space lists, and what the Open Badges 3.0 API's getCredentials serves.
 */
export async function credentialRowsOf(ctx: ServiceContext, learnerId: string) {
  return listCredentialsOfAddresses(ctx.db, await listLearnerEmails(ctx.db, learnerId));
}

/** Every credential issued to the learner's addresses, by any school, newest first. */
export async function listLearnerCredentials(ctx: ServiceContext, learnerId: string): Promise<LearnerCredentialSummary[]> {
  return (await credentialRowsOf(ctx, learnerId)).map((row) => summaryOf(row, ctx.now()));
}

/** One of the learner's credentials; another's (or none) is a 404, whatever its id. */
async function learnerCredentialRow(ctx: ServiceContext, learnerId: string, credentialId: string) {
  const row = (await credentialRowsOf(ctx, learnerId)).find((candidate) => candidate.id === credentialId);
  if (!row) throw new NotFoundError(`Credential ${credentialId}`);
  return row;
}

/**
 * Whether the learner is a minor, as the schools recorded it on their stays: a date of birth (then until
 * their 18th birthday), or only "minor" (then until a guardian approves). While `nameWithheld`, the public
 * pages of their credentials do not name them and the learner cannot choose to.
 */
export interface MinorState {
  minor: boolean;
  /** Their 18th birthday, when a school recorded the date of birth. */
  comingOfAge: string | null;
  /** Who approved (and when); whether a school recorded a guardian's address, the only one the request goes to. */
  guardian: { email: string | null; approvedAt: string | null; recorded: boolean };
  nameWithheld: boolean;
}

export async function minorStateOf(ctx: ServiceContext, learnerId: string): Promise<MinorState> {
  const learner = await findLearnerById(ctx.db, learnerId);
  if (!learner) throw new NotFoundError('Learner');
  const ages = await listStayAgesOfAddresses(ctx.db, await listLearnerEmails(ctx.db, learnerId));
  const today = ctx.now().toISOString().slice(0, 10);
  const minor = ages.some((age) => isMinorOn(age, today));
  const births = ages.flatMap((age) => (age.dateOfBirth ? [comingOfAgeDate(age.dateOfBirth)] : [])).sort();
  const approvedAt = learner.guardian_approved_at && learner.guardian_approved_at.toISOString();
  return {
    minor,
    comingOfAge: births.at(-1) ?? null,
    guardian: { email: learner.guardian_email, approvedAt, recorded: ages.some((age) => age.guardianEmail !== undefined) },
    nameWithheld: minor && approvedAt === null,
  };
}

export interface LearnerCredentialDetail extends LearnerCredentialSummary {
  /** The public page (and the credential's URL): what an employer opens. */
  publicUrl: string;
  verificationUrl: string;
  linkedInAddToProfileUrl: string;
  downloads: { bakedPng: string; bakedSvg: string; certificatePdf?: string; europass?: string; credentialJson?: string; credentialJwt?: string };
  /** Whether new ways of sharing it (a wallet offer, the certificate, Europass) are given: only while it is valid. */
  shareable: boolean;
  name: NameDisclosure & { canShow: boolean; canHide: boolean };
  minor: MinorState;
  /** Look-ups of its public page, document or verification, by day, over the last LOOKUP_DAYS days (days without any left out). */
  lookups: { day: string; count: number }[];
}

export async function getLearnerCredential(ctx: ServiceContext, learnerId: string, credentialId: string): Promise<LearnerCredentialDetail> {
  const row = await learnerCredentialRow(ctx, learnerId, credentialId);
  const summary = summaryOf(row, ctx.now());
  const urls = ctx.publicUrls;
  const minor = await minorStateOf(ctx, learnerId);
  const name = await nameDisclosureOf(ctx.db, row);
  // Revoked or suspended: nothing new is handed out (the public page says why); an expired one stays printable.
  const shareable = row.state !== 'revoked' && row.state !== 'suspended';
  const since = new Date(ctx.now().getTime() - (LOOKUP_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return {
    ...summary,
    publicUrl: urls.credential(row.id),
    verificationUrl: `${urls.credential(row.id)}/verification`,
    linkedInAddToProfileUrl: linkedInAddToProfileUrl(credentialDocument(row)),
    downloads: {
      bakedPng: urls.bakedBadge(row.id, 'png'),
      bakedSvg: urls.bakedBadge(row.id, 'svg'),
      ...(shareable ? { certificatePdf: urls.certificate(row.id), europass: `${urls.europass(row.id)}?format=json` } : {}),
      ...(row.data_integrity ? { credentialJson: `${urls.credential(row.id)}?format=json` } : {}),
      ...(row.jwt ? { credentialJwt: `${urls.credential(row.id)}?format=jwt` } : {}),
    },
    shareable,
    name: { ...name, canShow: name.withheld !== undefined && !minor.nameWithheld, canHide: name.shown !== undefined },
    minor,
    lookups: await lookupsSince(ctx, row.id, since),
  };
}

/** A credential's look-ups by day since a day, the ones still counted in memory included. */
async function lookupsSince(ctx: ServiceContext, credentialId: string, since: string): Promise<{ day: string; count: number }[]> {
  await ctx.lookups.flush();
  return listCredentialLookups(ctx.db, credentialId, since);
}

/**
 * The learner's choice: whether the public credential names them. The credential is signed again (same id,
 * same status entry), so it stays verifiable either way. A minor's name cannot be shown before they come of
 * age or a guardian approves (422, rule `minor-name-withheld`).
 */
export async function chooseNameShown(ctx: ServiceContext, learnerId: string, credentialId: string, show: boolean): Promise<void> {
  const row = await learnerCredentialRow(ctx, learnerId, credentialId);
  if (show && (await minorStateOf(ctx, learnerId)).nameWithheld) {
    throw new RuleViolationError([{ rule: 'minor-name-withheld', field: '/showName', message: 'A minor’s name is shown only once they are 18, or with a guardian’s approval' }]);
  }
  const store = show ? await withName(ctx, row) : await withoutName(ctx, row);
  if (!store) return;
  await ctx.db.transaction().execute(async (trx) => {
    await store(trx);
    await appendAuditEvent(trx, {
      actor: `learner:${learnerId}`,
      actorName: LEARNER_ACTOR_NAME,
      action: show ? 'credential.name-shown' : 'credential.name-withheld',
      issuerId: row.issuer_id,
      subjectId: row.id,
    });
  });
}

/** A wallet offer (OpenID4VCI) for one of the learner's credentials: refused once it is revoked or suspended. */
export async function startWalletOffer(ctx: ServiceContext, learnerId: string, credentialId: string): Promise<CredentialOfferView> {
  const row = await learnerCredentialRow(ctx, learnerId, credentialId);
  // Made on behalf of the school that issued it, as a claim link's offer is.
  return createCredentialOffer(ctx, row.id, { apiKeyId: row.issued_by, role: 'school-issuer', tenancy: { kind: 'school', issuerId: row.issuer_id } });
}

/** Emails a one-time link, within the per-address limit (the caller answers the same either way). */
async function sendLearnerLink(
  ctx: ServiceContext,
  options: { purpose: Exclude<LearnerLinkPurpose, 'sign-in'>; email: string; learnerId: string; lifetimeMs: number; message: (url: string) => { subject: string; text: string } },
): Promise<void> {
  if (!ctx.mailer) return;
  const since = new Date(ctx.now().getTime() - SIGN_IN_LINK_WINDOW_MS);
  if ((await countLearnerLinksSince(ctx.db, { email: options.email, purpose: options.purpose, since })) >= SIGN_IN_LINKS_PER_ADDRESS) return;
  const { secret, hash } = newSecret();
  await insertLearnerLink(ctx.db, {
    token_hash: hash,
    purpose: options.purpose,
    email: options.email,
    learner_id: options.learnerId,
    expires_at: new Date(ctx.now().getTime() + options.lifetimeMs),
    created_at: ctx.now(),
  });
  sendAfterAnswer(ctx.mailer, { to: options.email, ...options.message(ctx.publicUrls.learnerLink(options.purpose, secret)) }, `learner ${options.purpose} link`);
}

/**
 * Another address for the learner (an old school address, a personal one): a link is emailed to it, naming the
 * space that asked; following it, signed in as that space, adds the address, and so every credential issued to
 * it. An address already theirs sends nothing.
 */
export async function requestAddressAddition(ctx: ServiceContext, input: { learnerId: string; email: string; language: LearnerEmailLanguage }): Promise<void> {
  const email = normaliseLearnerEmail(input.email);
  if ((await findLearnerIdByEmail(ctx.db, email)) === input.learnerId) return;
  const [askedBy = ''] = await listLearnerEmails(ctx.db, input.learnerId);
  await sendLearnerLink(ctx, {
    purpose: 'add-email',
    email,
    learnerId: input.learnerId,
    lifetimeMs: ADD_EMAIL_HOURS * 3_600_000,
    message: (url) => learnerEmail({ kind: 'add-email', language: input.language, url, validHours: ADD_EMAIL_HOURS, askedBy }),
  });
}

/** An add-address link while it can be used: the address it adds, and the space that asked (by its first address). */
export interface AddressLink {
  email: string;
  askedBy: { learnerId: string; email: string };
}

export async function describeAddressLink(ctx: ServiceContext, token: string): Promise<AddressLink> {
  const link = await findUsableLearnerLink(ctx.db, { tokenHash: sha256Hex(token), purpose: 'add-email', now: ctx.now() });
  const [askedBy] = link?.learner_id ? await listLearnerEmails(ctx.db, link.learner_id) : [];
  if (!link?.learner_id || askedBy === undefined) throw new LinkNotUsableError();
  return { email: link.email, askedBy: { learnerId: link.learner_id, email: askedBy } };
}

/**
 * Adds the address the link was sent to, once, for the learner who asked, signed in (anyone else, 403: holding
 * the mailbox proves the address, not who asked). An address another learner had (they signed in with it
 * before) merges that learner into this one: one learner, every credential of both addresses.
 */
export async function confirmAddressAddition(ctx: ServiceContext, token: string, signedInLearnerId: string): Promise<{ learnerId: string; email: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const link = await findUsableLearnerLink(trx, { tokenHash: sha256Hex(token), purpose: 'add-email', now: ctx.now(), forUpdate: true });
    if (!link?.learner_id || !(await findLearnerById(trx, link.learner_id))) throw new LinkNotUsableError();
    if (link.learner_id !== signedInLearnerId) throw new ForbiddenError('Only the space that asked to add this address can confirm it');
    await markLearnerLinkUsed(trx, link.token_hash, ctx.now());
    const holder = await findLearnerIdByEmail(trx, link.email);
    if (holder === undefined) await insertLearnerEmail(trx, { email: link.email, learner_id: link.learner_id, verified_at: ctx.now() });
    else if (holder !== link.learner_id) {
      await mergeLearnerInto(trx, { from: holder, into: link.learner_id });
      // Platforms were let into the merged space, not into this one: their grants end with it.
      await deleteOauthArtifactsOfAccount(trx, holder);
    }
    return { learnerId: link.learner_id, email: link.email };
  });
}

/**
 * A minor asks a guardian to approve showing their name: a link is emailed to the guardian their school
 * recorded on a stay (participant.guardianEmail), and to no other address — a second mailbox of the learner's
 * own would otherwise do. None recorded: 422, rule `no-guardian-recorded` (the space says to ask the school).
 */
export async function requestGuardianApproval(ctx: ServiceContext, input: { learnerId: string; language: LearnerEmailLanguage }): Promise<void> {
  const addresses = await listLearnerEmails(ctx.db, input.learnerId);
  const guardians = new Set((await listStayAgesOfAddresses(ctx.db, addresses)).flatMap((age) => (age.guardianEmail && !addresses.includes(age.guardianEmail) ? [age.guardianEmail] : [])));
  if (guardians.size === 0) {
    throw new RuleViolationError([{ rule: 'no-guardian-recorded', field: '/guardianEmail', message: 'No school recorded a parent’s or guardian’s address for this learner: ask the school to' }]);
  }
  // Whom it is about, and the schools that recorded this guardian, so that they recognise the request.
  const learner = (await guardianRequestOf(ctx, input.learnerId)).names.join(', ');
  const schoolsOf = await listGuardianSchools(ctx.db, addresses);
  for (const email of guardians) {
    const schools = (schoolsOf.get(email) ?? []).join(', ');
    await sendLearnerLink(ctx, {
      purpose: 'guardian-approval',
      email,
      learnerId: input.learnerId,
      lifetimeMs: GUARDIAN_LINK_DAYS * 86_400_000,
      message: (url) => learnerEmail({ kind: 'guardian-approval', language: input.language, url, validDays: GUARDIAN_LINK_DAYS, learner, schools }),
    });
  }
}

/** What a guardian is asked to approve: the schools' credentials and the name they would show. */
export interface GuardianRequest {
  names: string[];
  credentials: { achievementName: string; issuerName: string }[];
}

export async function describeGuardianRequest(ctx: ServiceContext, token: string): Promise<GuardianRequest> {
  const link = await findUsableLearnerLink(ctx.db, { tokenHash: sha256Hex(token), purpose: 'guardian-approval', now: ctx.now() });
  if (!link?.learner_id) throw new LinkNotUsableError();
  return guardianRequestOf(ctx, link.learner_id);
}

async function guardianRequestOf(ctx: ServiceContext, learnerId: string): Promise<GuardianRequest> {
  const rows = await credentialRowsOf(ctx, learnerId);
  const names = new Set<string>();
  for (const row of rows) {
    const withheld = await findWithheldName(ctx.db, row.id);
    if (withheld) names.add(withheld.name);
  }
  return { names: [...names], credentials: rows.map((row) => summaryOf(row, ctx.now())).map(({ achievementName, issuerName }) => ({ achievementName, issuerName })) };
}

/** The guardian approves, once: the learner may then show their name on the public pages of their credentials. */
export async function approveAsGuardian(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const link = await findUsableLearnerLink(trx, { tokenHash: sha256Hex(token), purpose: 'guardian-approval', now: ctx.now(), forUpdate: true });
    if (!link?.learner_id) throw new LinkNotUsableError();
    await markLearnerLinkUsed(trx, link.token_hash, ctx.now());
    await updateLearner(trx, link.learner_id, { guardian_email: link.email, guardian_approved_at: ctx.now() });
    await appendAuditEvent(trx, { actor: `guardian:${link.email}`, actorName: 'a guardian (emailed link)', action: 'learner.guardian-approved', issuerId: null, subjectId: link.learner_id });
  });
}

/** Everything the learner space holds about the learner, and the credentials it shows them, as JSON. */
export async function exportLearnerData(ctx: ServiceContext, learnerId: string): Promise<JsonObject> {
  const learner = await findLearnerById(ctx.db, learnerId);
  if (!learner) throw new NotFoundError('Learner');
  const rows = await credentialRowsOf(ctx, learnerId);
  const since = '0001-01-01';
  await ctx.lookups.flush(); // once, for every credential's counts below
  return {
    exportedAt: ctx.now().toISOString(),
    learner: { id: learner.id, createdAt: learner.created_at.toISOString() },
    addresses: await listLearnerEmails(ctx.db, learnerId),
    minor: { ...(await minorStateOf(ctx, learnerId)) },
    importedCredentials: (await listImportedCredentials(ctx.db, learnerId)).map((row) => ({
      issuer: row.issuer,
      credentialId: row.credential_id,
      format: row.format,
      mediaType: row.media_type,
      credential: row.body,
      validFrom: row.valid_from.toISOString(),
      importedAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    })),
    platformsGivenAccess: await platformsGivenAccess(ctx.db, { learnerId, now: ctx.now() }),
    credentials: await Promise.all(
      rows.map(async (row) => {
        const name = await nameDisclosureOf(ctx.db, row);
        return {
          ...summaryOf(row, ctx.now()),
          url: ctx.publicUrls.credential(row.id),
          issuedTo: row.recipient_email.toLowerCase(),
          nameShown: name.shown ?? null,
          nameWithheld: name.withheld ?? null,
          lookups: await listCredentialLookups(ctx.db, row.id, since),
          credential: row.data_integrity ?? null,
          jwt: row.jwt,
        };
      }),
    ),
  } as unknown as JsonObject;
}

/**
 * Deletes the learner space: the learner, their addresses, sessions and links, the credentials their
 * platforms imported, the platforms' grants and tokens, their credentials' look-up counts and withheld names. The credentials stay, as the schools issued them (and as the learner last chose
 * to show them): still verifiable. Each school that issued to them finds the deletion in its audit.
 */
export async function deleteLearnerSpace(ctx: ServiceContext, learnerId: string): Promise<void> {
  const rows = await credentialRowsOf(ctx, learnerId);
  const schools = [...new Set(rows.map((row) => row.issuer_id))];
  await ctx.lookups.flush();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteCredentialLookups(trx, rows.map((row) => row.id));
    for (const row of rows) await deleteWithheldName(trx, row.id);
    await deleteLearner(trx, learnerId);
    await deleteOauthArtifactsOfAccount(trx, learnerId);
    for (const issuerId of schools.length > 0 ? schools : [null]) {
      await appendAuditEvent(trx, {
        actor: `learner:${learnerId}`,
        actorName: LEARNER_ACTOR_NAME,
        action: 'learner.space-deleted',
        issuerId,
        subjectId: learnerId,
        details: { credentials: rows.filter((row) => row.issuer_id === issuerId).map((row) => row.id) },
      });
    }
  });
}

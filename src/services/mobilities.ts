import { randomUUID } from 'node:crypto';
import { durationInDays, isMinorOn, STAY_PROGRESS, stayKey, ufmApplies, validateMobility, type MobilityDraft, type MobilityRecord, type MobilityState, type StayProgress } from '../domain/mobility.js';
import { validateAssessment, type MobilityAssessment, type TemplateLanguage } from '../domain/mobility-achievements.js';
import { CREDENTIAL_KINDS, earnedKinds, mobilityResults, type CredentialKind, type Template } from '../domain/credential-kinds.js';
import { sha256Hex } from '../domain/hash.js';
import canonicalize from 'canonicalize';
import { DEFAULT_UFM_SCHEME, gradeUfm, ufmCredentialIssued, type UfmOutcome, type UfmScheme } from '../domain/ufm.js';
import { buildIssuerProfile, normalizeEmail, type AchievementRecord, type JsonObject } from '../domain/open-badges.js';
import { findLearnerById, findLearnerIdByEmail } from '../storage/learners-repository.js';
import { hostAssessmentEvidence } from '../domain/mentor-assessment.js';
import { findAcceptedMentorAssessment } from '../storage/mentor-assessments-repository.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type AppError } from '../errors.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findOrCreateTemplateAchievement } from '../storage/achievements-repository.js';
import { findMobilityCredential, listMobilityCredentialsAndCopies, listStandingMobilityCredentials } from '../storage/credentials-repository.js';
import { isUniqueViolation } from '../storage/database.js';
import { findEndorserById, findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import {
  findMobilityById,
  findOrCreateMobilityByKey,
  countMobilitiesByProgress,
  listMobilities,
  mobilityFigures,
  storeMobilityAssessment,
  updateMobilityRecord,
  type MobilityFigureRow,
  type MobilityFilter,
  type MobilityRow,
} from '../storage/mobilities-repository.js';

export type { MobilityFilter };
import type { ServiceContext } from './context.js';
import type { Actor } from './access.js';
import type { Tenancy } from '../storage/tenancy.js';
import { isRecordedMinor, withoutName } from './credential-names.js';
import { issueAchievementCredential, unsignedCredential } from './credentials.js';
import { credentialDocument, toCredentialView, type CredentialView } from './credential-views.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

export interface MobilityView {
  id: string;
  issuerId: string;
  record: MobilityRecord;
  durationDays: number;
  ufmApplies: boolean;
  assessment: MobilityAssessment | null;
  assessedAt: string | null;
  createdAt: string;
}

/**
 * Everything wrong with a stay as a person submitted it, at once (a form shows each problem by its field): the
 * schema's errors, and the rules broken by the parts that are well-formed. Empty when it can be recorded.
 */
export function mobilityInputProblems(ctx: ServiceContext, input: MobilityDraft & { issuerId: string }): AppError[] {
  const fieldErrors = ctx.schemas.errorsOf('urn:mobicred:schema:mobility-create', input);
  const malformed = new Set(fieldErrors.map((error) => error.field));
  const violations = validateMobility(input).filter((violation) => !malformed.has(violation.field));
  return [
    ...(fieldErrors.length > 0 ? [new ValidationError(`${fieldErrors[0]!.field} ${fieldErrors[0]!.message}`, fieldErrors)] : []),
    ...(violations.length > 0 ? [new RuleViolationError(violations)] : []),
  ];
}

/**
 * Records a stay, or finds it when the school already recorded it (through the API or a cohort file: the
 * stay key is the same). A stay found is answered as it is (`created: false`), so that no second set of
 * credentials can ever be issued for it.
 */
export async function createMobility(ctx: ServiceContext, input: { issuerId: string } & MobilityRecord, actor: Actor): Promise<{ mobility: MobilityView; created: boolean }> {
  const { issuerId, ...record } = input;
  const violations = validateMobility(record);
  if (violations.length > 0) throw new RuleViolationError(violations);
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await findIssuerById(trx, issuerId, actor.tenancy);
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`, '/issuerId');
    const id = randomUUID();
    const row = await findOrCreateMobilityByKey(trx, { id, issuer_id: issuer.id, record, external_key: stayKey(issuer.id, record) });
    const created = row.id === id;
    if (created) await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.recorded', issuerId: issuer.id, subjectId: row.id });
    return { mobility: toMobilityView(row), created };
  });
}

/** A school's stays (or an academy's schools'), newest first, filtered, a page at a time. */
export async function listMobilitySummaries(
  ctx: ServiceContext,
  tenancy: Tenancy,
  options: MobilityFilter & { limit: number; after?: string },
): Promise<{ mobilities: MobilitySummary[]; next: string | null }> {
  if (options.issuerId !== undefined && !(await findIssuerById(ctx.db, options.issuerId, tenancy))) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  const { after, limit, ...filter } = options;
  const rows = await listMobilities(ctx.db, tenancy, { ...filter, today: today(ctx), limit: limit + 1, ...(after === undefined ? {} : { after: decodePageCursor(after) }) });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    mobilities: page.map((row) => ({ ...toMobilityView(row), state: row.state, progress: row.progress })),
    next: rows.length > limit && last ? encodePageCursor(last) : null,
  };
}

export type MobilitySummary = MobilityView & { state: MobilityState; progress: StayProgress };

/** The day it is for the service's clock, as an ISO date: stays' dates are days. */
function today(ctx: ServiceContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

/** How many of a school's stays (or an academy's schools') are at each point of STAY_PROGRESS today. */
export async function mobilityProgressCounts(ctx: ServiceContext, tenancy: Tenancy, issuerId?: string): Promise<Record<StayProgress, number>> {
  const counts = await countMobilitiesByProgress(ctx.db, tenancy, { ...(issuerId === undefined ? {} : { issuerId }), today: today(ctx) });
  return Object.fromEntries(STAY_PROGRESS.map((progress) => [progress, counts[progress] ?? 0])) as Record<StayProgress, number>;
}

export async function getMobility(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<MobilityView> {
  return toMobilityView(await loadMobility(ctx, id, tenancy));
}

/** One stay with where it is (STAY_PROGRESS) today. */
export async function getMobilitySummary(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<MobilitySummary> {
  const [row] = await listMobilities(ctx.db, tenancy, { id, today: today(ctx), limit: 1 });
  if (!row) throw new NotFoundError(`Mobility ${id}`);
  return { ...toMobilityView(row), state: row.state, progress: row.progress };
}

/** The UFM scheme a school's assessments are graded with. */
export async function ufmSchemeOfSchool(ctx: ServiceContext, issuerId: string, tenancy: Tenancy): Promise<UfmScheme> {
  const issuer = await findIssuerById(ctx.db, issuerId, tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
  return ufmSchemeOf(issuer);
}

/**
 * Corrects a stay's record (a typo in a name, new dates). Refused while a credential issued for it stands: the
 * signed credentials say what they say (revoke them, correct the stay, issue it again). The stay key follows the
 * record, so a correction that makes it another recorded stay of the school is a conflict.
 */
export async function updateMobility(ctx: ServiceContext, id: string, record: MobilityRecord, actor: Actor): Promise<MobilityView> {
  const violations = validateMobility(record);
  if (violations.length > 0) throw new RuleViolationError(violations);
  const mobility = await loadMobility(ctx, id, actor.tenancy);
  if ((await listStandingMobilityCredentials(ctx.db, mobility.id)).length > 0) {
    throw new RuleViolationError([{ rule: 'stay-issued-unchanged', field: '', message: 'Credentials were issued for this stay: it cannot be changed while one of them stands (revoke them to correct it)' }]);
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await updateMobilityRecord(trx, mobility.id, record, stayKey(mobility.issuer_id, record));
      await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.updated', issuerId: mobility.issuer_id, subjectId: mobility.id });
      return toMobilityView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('The school already recorded this stay (same participant, dates, host and programme)', '/participant/email');
    throw error;
  }
}

/** Whether the learner space of this address holds a guardian's approval to show the learner's name. */
async function guardianApproved(ctx: ServiceContext, email: string): Promise<boolean> {
  const learnerId = await findLearnerIdByEmail(ctx.db, normalizeEmail(email));
  return learnerId !== undefined && (await findLearnerById(ctx.db, learnerId))?.guardian_approved_at != null;
}

/** What a school records of a participant's age and guardian: never in the credentials. */
export type MinorDetails = Pick<MobilityRecord['participant'], 'dateOfBirth' | 'minor' | 'guardianEmail'>;

const MINOR_FIELDS = ['dateOfBirth', 'minor', 'guardianEmail'] as const;

/**
 * Records whether a stay's participant is a minor (a date of birth, or only "minor") and their parent's or
 * guardian's address, replacing what the stay said of them. Allowed after issuance, unlike other corrections:
 * none of it is in the credentials, and without it a minor whose school recorded no guardian, or no date of
 * birth, could never have their name shown.
 */
export async function recordMinorDetails(ctx: ServiceContext, id: string, details: MinorDetails, actor: Actor): Promise<MobilityView> {
  const mobility = await loadMobility(ctx, id, actor.tenancy);
  const participant = Object.fromEntries(Object.entries(mobility.record.participant).filter(([key]) => !(MINOR_FIELDS as readonly string[]).includes(key)));
  const record = { ...mobility.record, participant: { ...participant, ...details } } as MobilityRecord;
  const violations = validateMobility(record)
    .filter((violation) => MINOR_FIELDS.some((field) => violation.field === `/participant/${field}`))
    .map((violation) => ({ ...violation, field: violation.field.slice('/participant'.length) }));
  if (violations.length > 0) throw new RuleViolationError(violations);
  // Found to be a minor only now: the name leaves every credential of the stay that shows it (revoked ones and
  // wallets' copies too; signed again, same ids), as issuance would have done — unless a guardian already allowed it.
  const becomesMinor = isMinorOn(record.participant, today(ctx)) && !isMinorOn(mobility.record.participant, today(ctx)) && !(await guardianApproved(ctx, record.participant.email));
  const named = becomesMinor ? await listMobilityCredentialsAndCopies(ctx.db, mobility.id) : [];
  const withheld = (await Promise.all(named.map(async (credential) => ({ credential, store: await withoutName(ctx, credential) })))).filter((entry) => entry.store !== undefined);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await updateMobilityRecord(trx, mobility.id, record, mobility.external_key ?? stayKey(mobility.issuer_id, record));
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.minor-details-recorded', issuerId: mobility.issuer_id, subjectId: mobility.id });
    for (const { credential, store } of withheld) {
      await store!(trx);
      await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'credential.name-withheld', issuerId: credential.issuer_id, subjectId: credential.id });
    }
    return toMobilityView(row);
  });
}

/** Every school's stays and credentials a tenancy reads, by host country and programme (an academy's figures). */
export async function mobilityFiguresOf(ctx: ServiceContext, tenancy: Tenancy): Promise<MobilityFigureRow[]> {
  return mobilityFigures(ctx.db, tenancy);
}

/**
 * Records the host mentor's and the school's assessment. Everything that can be checked now is: the UFM
 * marks are graded (a missing part or a mark above its maximum is refused), the outcomes exist.
 */
export async function assessMobility(ctx: ServiceContext, id: string, assessment: MobilityAssessment, actor: Actor): Promise<MobilityView> {
  const mobility = await loadMobility(ctx, id, actor.tenancy);
  const issuer = await findIssuerById(ctx.db, mobility.issuer_id, actor.tenancy);
  const violations = validateAssessment(mobility.record, assessment, ufmSchemeOf(issuer));
  if (violations.length > 0) throw new RuleViolationError(violations);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await storeMobilityAssessment(trx, mobility.id, assessment, ctx.now());
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.assessed', issuerId: mobility.issuer_id, subjectId: mobility.id });
    return toMobilityView(row);
  });
}

/** A credential the stay does not earn although it was assessed, and why (a rule's name, as in a 422). */
export interface WithheldCredential {
  kind: CredentialKind;
  rule: string;
  message: string;
}

/**
 * What the stored assessment still lacks (or gets wrong) for a credential the stay earns: a rule broken, at a
 * field of the assessment (`/ufm/part2`), as in the 422 that issuing answers. An accepted host mentor's answer
 * gives UFM part 1 only: part 2 and the specialty exams are the school's to add.
 */
export interface AssessmentGap {
  kind: CredentialKind;
  rule: string;
  field: string;
  message: string;
}

interface MobilityIssuance {
  kind: CredentialKind;
  /** False when this credential had already been issued for the mobility: it is returned, not issued again. */
  issued: boolean;
  credential: CredentialView;
  /** The batch that issued the credential, if one did (now or before). */
  batchId: string | null;
}

/**
 * Issues every credential the assessed stay earns, in the school's chosen language: the skills badge
 * (learners), the language badge (a CEFR level was assessed), the UFM result (UFM diplomas), the staff
 * mobility badge (teachers and staff). Each kind is issued once per mobility, whatever retries happen: a
 * revoked one counts as issued (a file run again never brings back what the school withdrew), unless the
 * school asks to issue the revoked ones again (`reissueRevoked`: a mistake corrected, the assessment as it is
 * now is signed).
 */
export async function issueMobilityCredentials(
  ctx: ServiceContext,
  id: string,
  options: { language: TemplateLanguage; actor: Actor; batchId?: string; reissueRevoked?: boolean },
): Promise<{ credentials: MobilityIssuance[]; withheld: WithheldCredential[] }> {
  const plan = await planIssuance(ctx, id, options.actor);
  // All or nothing: a stay whose assessment lacks something is refused, naming each field, before anything is signed.
  if (plan.gaps.length > 0) throw new RuleViolationError(plan.gaps);
  const withheldName = await withheldNameOf(ctx, plan.mobility.record);
  // Issued at the same time, so that they share a group commit.
  const credentials = await Promise.all(
    plan.kinds.map((kind) =>
      issueOnce(ctx, {
        ...plan,
        kind,
        template: templateForKind(plan.issuer, kind, plan.mobility.record, plan.assessment, options.language),
        withheldName,
        actor: options.actor,
        batchId: options.batchId,
        reissueRevoked: options.reissueRevoked === true,
      }),
    ),
  );
  return { credentials, withheld: plan.withheld };
}

/** One credential a stay earns, before it is issued: what will be signed, or, once issued, what was. */
export interface CredentialPreview {
  kind: CredentialKind;
  /** The credential without its proofs and status entry (its salt is drawn again when it is signed). */
  credential: JsonObject;
  /** Set when it is already issued: the credential previewed is then the one issued. */
  issued: CredentialView | null;
  /** The one issued was revoked: it is issued again only when asked (`reissueRevoked`). */
  revoked: boolean;
}

/**
 * What issuing the stay's credentials would sign, kind by kind, in a language, by the same rules as
 * issueMobilityCredentials (withheld ones included); nothing is signed. The school's achievement of each
 * template is made on this first use, as an issuance would, so that the preview names the real one.
 * Where the assessment lacks what a kind needs, that kind is not previewed and `gaps` says what is missing,
 * field by field; the others are still previewed, though issuing waits until `gaps` is empty.
 */
export async function previewMobilityCredentials(
  ctx: ServiceContext,
  id: string,
  options: { language: TemplateLanguage; actor: Actor; reissueRevoked?: boolean },
): Promise<{ previews: CredentialPreview[]; withheld: WithheldCredential[]; gaps: AssessmentGap[] }> {
  const plan = await planIssuance(ctx, id, options.actor);
  const now = toXsdDateTime(ctx.now());
  const recipient = recipientOf(plan.mobility.record, await withheldNameOf(ctx, plan.mobility.record));
  const previews = await Promise.all(
    plan.kinds.map(async (kind): Promise<CredentialPreview> => {
      const existing = await findMobilityCredential(ctx.db, plan.mobility.id, kind);
      if (existing && !(existing.revoked && options.reissueRevoked)) return { kind, credential: credentialDocument(existing), issued: await toCredentialView(ctx, existing), revoked: existing.revoked };
      const template = templateForKind(plan.issuer, kind, plan.mobility.record, plan.assessment, options.language);
      const achievement = await templateAchievement(ctx, plan.issuer, template);
      const credential = unsignedCredential(ctx, {
        // Its id is drawn when it is signed: a preview names none of its own.
        id: PREVIEW_CREDENTIAL_ID,
        achievement,
        issuer: plan.issuer,
        recipient,
        validFrom: now,
        validUntil: undefined,
        awardedDate: now,
        record: stayAchievementRecord(ctx, { ...plan, kind, achievementId: achievement.id, hostAssessment: await hostAssessmentRecord(ctx, plan.mobility.id) }),
      });
      return { kind, credential, issued: null, revoked: false };
    }),
  );
  return { previews, withheld: plan.withheld, gaps: plan.gaps };
}

const PREVIEW_CREDENTIAL_ID = '00000000-0000-4000-8000-000000000000';

/**
 * What an assessed stay earns: the kinds to issue, those withheld and why, its UFM grade, and what the
 * assessment lacks for a kind it earns (`gaps`: that kind is left out of `kinds`; issuing refuses them all).
 */
async function planIssuance(ctx: ServiceContext, id: string, actor: Actor) {
  const mobility = await loadMobility(ctx, id, actor.tenancy);
  const assessment = mobility.assessment;
  if (!assessment) throw new ConflictError('Record the assessment of the stay before issuing its credentials', '/assessment');
  const issuer = await findIssuerById(ctx.db, mobility.issuer_id, actor.tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${mobility.issuer_id}`);
  // Graded again: the school may have changed its UFM scheme since the assessment was recorded.
  const grading = assessment.ufm && ufmApplies(mobility.record) ? gradeUfm(assessment.ufm, ufmSchemeOf(issuer)) : undefined;
  const gaps: AssessmentGap[] = (grading?.violations ?? []).map((violation) => ({ kind: 'ufm', ...violation }));
  const ufm = grading?.outcome;
  const scheme = ufmSchemeOf(issuer);
  const withheld: WithheldCredential[] =
    ufm && !ufmCredentialIssued(ufm, scheme)
      ? [{ kind: 'ufm', rule: 'ufm-below-pass-mark', message: `A UFM mark under ${scheme.passMark} is recorded but not issued: the school's UFM scheme does not issue it (issueBelowPassMark)` }]
      : [];
  const kinds = earnedKinds(mobility.record, assessment).filter((kind) => !withheld.some((entry) => entry.kind === kind) && !gaps.some((gap) => gap.kind === kind));
  return { mobility, issuer, assessment, ufm, withheld, gaps, kinds };
}

/** The credentials an assessed stay earns that are not issued, and why (a UFM under the pass mark). */
export async function withheldCredentialsOf(ctx: ServiceContext, id: string, actor: Actor): Promise<WithheldCredential[]> {
  return (await planIssuance(ctx, id, actor)).withheld;
}

/** The template of one kind of mobility credential, for a school, in a language. */
export function templateForKind(
  issuer: IssuerRow,
  kind: CredentialKind,
  record: MobilityRecord,
  assessment: MobilityAssessment,
  language: TemplateLanguage,
): Template {
  const ufmUnit = issuer.ufm_scheme ? { scheme: issuer.ufm_scheme, fingerprint: ufmSchemeFingerprint(issuer.ufm_scheme) } : { scheme: DEFAULT_UFM_SCHEME };
  return CREDENTIAL_KINDS[kind].template({ record, assessment, ufmUnit }, language);
}

/** What defines the unit (competences, points, pass mark); whether marks under the pass mark are issued does not. */
function ufmSchemeFingerprint({ issueBelowPassMark: _issuance, ...unit }: UfmScheme): string {
  return sha256Hex(canonicalize(unit) ?? '').slice(0, 12);
}

/** The school's UFM scheme, or the shipped default. */
export function ufmSchemeOf(issuer: IssuerRow | undefined): UfmScheme {
  return issuer?.ufm_scheme ?? DEFAULT_UFM_SCHEME;
}

async function issueOnce(
  ctx: ServiceContext,
  options: {
    mobility: MobilityRow;
    issuer: IssuerRow;
    kind: CredentialKind;
    template: Template;
    assessment: MobilityAssessment;
    ufm: UfmOutcome | undefined;
    /** The participant's name when it stays out of the credentials (a minor's). */
    withheldName: string | undefined;
    actor: Actor;
    batchId: string | undefined;
    reissueRevoked: boolean;
  },
): Promise<MobilityIssuance> {
  const { mobility, issuer, kind, withheldName } = options;
  const existing = await findMobilityCredential(ctx.db, mobility.id, kind);
  // A revoked one is replaced by the next only when the school asks: it corrected a mistake and issues again.
  if (existing && !(existing.revoked && options.reissueRevoked)) return { kind, issued: false, credential: await toCredentialView(ctx, existing), batchId: existing.batch_id };

  const achievement = await templateAchievement(ctx, issuer, options.template);
  const achievementRecord = stayAchievementRecord(ctx, { ...options, achievementId: achievement.id, hostAssessment: await hostAssessmentRecord(ctx, mobility.id) });
  try {
    const { record: credential } = await issueAchievementCredential(ctx, {
      achievement,
      issuer,
      recipient: recipientOf(mobility.record, withheldName),
      withheldName,
      record: achievementRecord,
      mobility: { id: mobility.id, kind, issue: (existing?.mobility_issue ?? 0) + 1 },
      actor: options.actor,
      ...(options.batchId ? { batchId: options.batchId } : {}),
    });
    return { kind, issued: true, credential, batchId: options.batchId ?? null };
  } catch (error) {
    // A concurrent call issued this kind first: the database kept one, and that is the one returned.
    if (isUniqueViolation(error, 'credentials_one_per_mobility_kind')) {
      const winner = await findMobilityCredential(ctx.db, mobility.id, kind);
      if (winner) return { kind, issued: false, credential: await toCredentialView(ctx, winner), batchId: winner.batch_id };
    }
    throw error;
  }
}

function templateAchievement(ctx: ServiceContext, issuer: IssuerRow, template: Template) {
  return findOrCreateTemplateAchievement(ctx.db, { id: randomUUID(), issuer_id: issuer.id, definition: template.achievement, template_key: template.templateKey });
}

/**
 * A minor's name stays out of the public credential: kept aside, for the learner to show once of age or with a
 * guardian's approval. A minor is one this stay says is, or any stay of the deployment for the same address.
 */
async function withheldNameOf(ctx: ServiceContext, record: MobilityRecord): Promise<string | undefined> {
  const minor = isMinorOn(record.participant, today(ctx)) || (await isRecordedMinor(ctx, record.participant.email));
  return minor ? record.participant.name : undefined;
}

function recipientOf(record: MobilityRecord, withheldName: string | undefined): { email: string; name?: string } {
  const name = withheldName === undefined ? record.participant.name : undefined;
  return { email: record.participant.email, ...(name ? { name } : {}) };
}

/** What a mobility credential says of the stay: dates, results, the host as source, the mentor's comment, evidence. */
function stayAchievementRecord(
  ctx: ServiceContext,
  options: {
    mobility: MobilityRow;
    kind: CredentialKind;
    achievementId: string;
    assessment: MobilityAssessment;
    ufm: UfmOutcome | undefined;
    hostAssessment: HostAssessmentRecord | undefined;
  },
): AchievementRecord {
  const { mobility, kind, hostAssessment } = options;
  const record = mobility.record;
  const evidence = [
    ...(record.evidence ?? []).map((item) => ({ id: item.url, type: ['Evidence'], name: item.name, ...(item.description ? { description: item.description } : {}) })),
    ...(hostAssessment ? [hostAssessment.evidence] : []),
  ];
  return {
    activityStartDate: `${record.startDate}T00:00:00Z`,
    activityEndDate: `${record.endDate}T23:59:59Z`,
    result: mobilityResults({ kind, achievementUrl: ctx.publicUrls.achievement(options.achievementId), mobility: record, assessment: options.assessment, ufm: options.ufm }),
    source: buildIssuerProfile({
      // The host has no identifier of its own here: its web site if given, else a stable URN of this mobility's host.
      id: record.hostOrganisation.url ?? `urn:mobicred:host:${mobility.id}`,
      profile: {
        name: record.hostOrganisation.legalName,
        ...(record.hostOrganisation.url ? { url: record.hostOrganisation.url } : {}),
        address: { addressCountryCode: record.hostOrganisation.countryCode, addressLocality: record.hostOrganisation.city },
      },
    }),
    ...(options.assessment.mentorComment ? { narrative: options.assessment.mentorComment } : {}),
    ...(evidence.length ? { evidence } : {}),
    // The host's signed assessment, once the school accepted it: evidence, and the statement itself embedded.
    ...(hostAssessment ? { endorsement: [hostAssessment.endorsement] } : {}),
  };
}

interface HostAssessmentRecord {
  evidence: JsonObject;
  endorsement: JsonObject;
}

/**
 * What a credential issued for a stay says of its host assessment: the evidence item and the signed
 * statement, when the school accepted the mentor's answer.
 */
export async function hostAssessmentRecord(ctx: ServiceContext, mobilityId: string): Promise<HostAssessmentRecord | undefined> {
  const row = await findAcceptedMentorAssessment(ctx.db, mobilityId);
  if (!row?.answer || !row.statement) return undefined;
  const host = await findEndorserById(ctx.db, row.host_id);
  return {
    evidence: hostAssessmentEvidence({ statementUrl: String(row.statement.id), signature: row.answer.signature, hostName: host?.profile.name ?? '' }),
    endorsement: row.statement,
  };
}

async function loadMobility(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<MobilityRow> {
  const mobility = await findMobilityById(ctx.db, id, tenancy);
  if (!mobility) throw new NotFoundError(`Mobility ${id}`);
  return mobility;
}

function toMobilityView(row: MobilityRow): MobilityView {
  return {
    id: row.id,
    issuerId: row.issuer_id,
    record: row.record,
    durationDays: durationInDays(row.record.startDate, row.record.endDate),
    ufmApplies: ufmApplies(row.record),
    assessment: row.assessment,
    assessedAt: row.assessed_at && row.assessed_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

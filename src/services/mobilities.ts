import { randomUUID } from 'node:crypto';
import { durationInDays, stayKey, ufmApplies, validateMobility, type MobilityRecord, type MobilityState } from '../domain/mobility.js';
import {
  languageTemplate,
  mobilityResults,
  mobilitySkillsTemplate,
  staffMobilityTemplate,
  ufmTemplate,
  type MobilityAssessment,
  type MobilityCredentialKind,
  type Template,
  type TemplateLanguage,
  validateAssessment,
} from '../domain/mobility-achievements.js';
import { sha256Hex } from '../domain/hash.js';
import canonicalize from 'canonicalize';
import { DEFAULT_UFM_SCHEME, gradeUfm, ufmCredentialIssued, type UfmOutcome, type UfmScheme } from '../domain/ufm.js';
import { buildIssuerProfile, type AchievementRecord, type JsonObject } from '../domain/open-badges.js';
import { hostAssessmentEvidence } from '../domain/mentor-assessment.js';
import { findAcceptedMentorAssessment } from '../storage/mentor-assessments-repository.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findOrCreateTemplateAchievement } from '../storage/achievements-repository.js';
import { findMobilityCredential } from '../storage/credentials-repository.js';
import { isUniqueViolation } from '../storage/database.js';
import { findEndorserById, findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import {
  findMobilityById,
  findOrCreateMobilityByKey,
  listMobilities,
  storeMobilityAssessment,
  type MobilityFilter,
  type MobilityRow,
} from '../storage/mobilities-repository.js';

export type { MobilityFilter };
import type { ServiceContext } from './context.js';
import type { Actor } from './access.js';
import type { Tenancy } from '../storage/tenancy.js';
import { issueAchievementCredential } from './credentials.js';
import { toCredentialView, type CredentialView } from './credential-views.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

interface MobilityView {
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
): Promise<{ mobilities: (MobilityView & { state: MobilityState })[]; next: string | null }> {
  if (options.issuerId !== undefined && !(await findIssuerById(ctx.db, options.issuerId, tenancy))) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  const { after, limit, ...filter } = options;
  const rows = await listMobilities(ctx.db, tenancy, { ...filter, limit: limit + 1, ...(after === undefined ? {} : { after: decodePageCursor(after) }) });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    mobilities: page.map((row) => ({ ...toMobilityView(row), state: row.state })),
    next: rows.length > limit && last ? encodePageCursor(last) : null,
  };
}

export async function getMobility(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<MobilityView> {
  return toMobilityView(await loadMobility(ctx, id, tenancy));
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
interface WithheldCredential {
  kind: MobilityCredentialKind;
  rule: string;
  message: string;
}

interface MobilityIssuance {
  kind: MobilityCredentialKind;
  /** False when this credential had already been issued for the mobility: it is returned, not issued again. */
  issued: boolean;
  credential: CredentialView;
  /** The batch that issued the credential, if one did (now or before). */
  batchId: string | null;
}

/**
 * Issues every credential the assessed stay earns, in the school's chosen language: the skills badge
 * (learners), the language badge (a CEFR level was assessed), the UFM result (UFM diplomas), the staff
 * mobility badge (teachers and staff). Each kind is issued once per mobility, whatever retries happen.
 */
export async function issueMobilityCredentials(
  ctx: ServiceContext,
  id: string,
  options: { language: TemplateLanguage; actor: Actor; batchId?: string },
): Promise<{ credentials: MobilityIssuance[]; withheld: WithheldCredential[] }> {
  const mobility = await loadMobility(ctx, id, options.actor.tenancy);
  const assessment = mobility.assessment;
  if (!assessment) throw new ConflictError('Record the assessment of the stay before issuing its credentials', '/assessment');
  const issuer = await findIssuerById(ctx.db, mobility.issuer_id, options.actor.tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${mobility.issuer_id}`);
  // Graded again: the school may have changed its UFM scheme since the assessment was recorded.
  const grading = assessment.ufm && ufmApplies(mobility.record) ? gradeUfm(assessment.ufm, ufmSchemeOf(issuer)) : undefined;
  if (grading && grading.violations.length > 0) throw new RuleViolationError(grading.violations);
  const ufm = grading?.outcome;
  const scheme = ufmSchemeOf(issuer);
  const withheld: WithheldCredential[] =
    ufm && !ufmCredentialIssued(ufm, scheme)
      ? [{ kind: 'ufm', rule: 'ufm-below-pass-mark', message: `A UFM mark under ${scheme.passMark} is recorded but not issued: the school's UFM scheme does not issue it (issueBelowPassMark)` }]
      : [];
  const kinds = earnedKinds(mobility.record, assessment).filter((kind) => !withheld.some((entry) => entry.kind === kind));

  // Issued at the same time, so that they share a group commit.
  const credentials = await Promise.all(
    kinds.map((kind) =>
      issueOnce(ctx, {
        mobility,
        issuer,
        kind,
        template: templateForKind(issuer, kind, mobility.record, assessment, options.language),
        assessment,
        ufm,
        actor: options.actor,
        batchId: options.batchId,
      }),
    ),
  );
  return { credentials, withheld };
}

function earnedKinds(record: MobilityRecord, assessment: MobilityAssessment): MobilityCredentialKind[] {
  const staff = record.participant.kind === 'teacher' || record.participant.kind === 'staff';
  const kinds: MobilityCredentialKind[] = [staff ? 'staff-mobility' : 'mobility-skills'];
  if (assessment.language) kinds.push('language');
  if (assessment.ufm && ufmApplies(record)) kinds.push('ufm');
  return kinds;
}

/** The template of one kind of mobility credential, for a school, in a language. */
export function templateForKind(
  issuer: IssuerRow,
  kind: MobilityCredentialKind,
  record: MobilityRecord,
  assessment: MobilityAssessment,
  language: TemplateLanguage,
): Template {
  switch (kind) {
    case 'staff-mobility':
      return staffMobilityTemplate(record.type, language);
    case 'mobility-skills':
      return mobilitySkillsTemplate(record, language);
    case 'language':
      return languageTemplate(assessment.language!.code, language);
    case 'ufm':
      return issuer.ufm_scheme ? ufmTemplate(issuer.ufm_scheme, language, ufmSchemeFingerprint(issuer.ufm_scheme)) : ufmTemplate(DEFAULT_UFM_SCHEME, language);
  }
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
    kind: MobilityCredentialKind;
    template: Template;
    assessment: MobilityAssessment;
    ufm: UfmOutcome | undefined;
    actor: Actor;
    batchId: string | undefined;
  },
): Promise<MobilityIssuance> {
  const { mobility, issuer, kind } = options;
  const existing = await findMobilityCredential(ctx.db, mobility.id, kind);
  if (existing) return { kind, issued: false, credential: await toCredentialView(ctx, existing), batchId: existing.batch_id };

  const achievement = await findOrCreateTemplateAchievement(ctx.db, {
    id: randomUUID(),
    issuer_id: issuer.id,
    definition: options.template.achievement,
    template_key: options.template.templateKey,
  });
  const record = mobility.record;
  // The host's signed assessment, once the school accepted it: evidence, and the statement itself embedded.
  const hostAssessment = await hostAssessmentRecord(ctx, mobility.id);
  const evidence = [
    ...(record.evidence ?? []).map((item) => ({ id: item.url, type: ['Evidence'], name: item.name, ...(item.description ? { description: item.description } : {}) })),
    ...(hostAssessment ? [hostAssessment.evidence] : []),
  ];
  const achievementRecord: AchievementRecord = {
    activityStartDate: `${record.startDate}T00:00:00Z`,
    activityEndDate: `${record.endDate}T23:59:59Z`,
    result: mobilityResults({ kind, achievementUrl: ctx.publicUrls.achievement(achievement.id), mobility: record, assessment: options.assessment, ufm: options.ufm }),
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
    ...(hostAssessment ? { endorsement: [hostAssessment.endorsement] } : {}),
  };
  try {
    const { record: credential } = await issueAchievementCredential(ctx, {
      achievement,
      issuer,
      recipient: { email: record.participant.email, ...(record.participant.name ? { name: record.participant.name } : {}) },
      record: achievementRecord,
      mobility: { id: mobility.id, kind },
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

/**
 * What a credential issued for a stay says of its host assessment: the evidence item and the signed
 * statement, when the school accepted the mentor's answer.
 */
export async function hostAssessmentRecord(ctx: ServiceContext, mobilityId: string): Promise<{ evidence: JsonObject; endorsement: JsonObject } | undefined> {
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

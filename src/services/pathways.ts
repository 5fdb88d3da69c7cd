import { randomUUID } from 'node:crypto';
import {
  buildCompletionRecord,
  buildFrancisationAchievement,
  buildPrescriptionAchievement,
  completedElementIds,
  elementKey,
  frenchLevelsOf,
  prescribedElementIds,
  type CompletionOutcome,
  type FrenchSkill,
  type PathwayLanguage,
  type PrescriptionInput,
} from '../domain/pathways.js';
import { normalizeEmail, recipientEmailMatches, type JsonObject } from '../domain/open-badges.js';
import { isUuid } from '../domain/uuid.js';
import { NotFoundError, RuleViolationError } from '../errors.js';
import { credentialOfVcJwt } from '../proof/vc-jwt.js';
import { insertAchievement } from '../storage/achievements-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findCredentialById } from '../storage/credentials-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import {
  findPrescriptionByAchievementId,
  findPrescriptionByCredentialId,
  findPrescriptionById,
  insertElementCompletion,
  insertPrescription,
  insertRecognition,
  listPrescriptionElements,
  listRecognisedDids,
  type PrescriptionElementRow,
  type PrescriptionRow,
} from '../storage/pathways-repository.js';
import { EVERY_SCHOOL, type Tenancy } from '../storage/tenancy.js';
import type { SecuredCredential, VerificationReport, Verdict } from '../verify/verify-credential.js';
import type { Actor } from './access.js';
import { createAchievement, loadAchievementWithIssuer } from './achievements.js';
import type { ServiceContext } from './context.js';
import { issueAchievementCredential } from './credentials.js';
import type { CredentialView } from './credential-views.js';
import { verifySecuredCredential, verifyStoredCredential } from './verification.js';

export interface PrescribedElementView {
  /** The element's id, which a completion credential names: `${prescription achievement URL}#element-n`. */
  id: string;
  key: string;
  competencyCode: string;
  referential: { name: string; url: string };
  title: string;
  kind: PrescriptionElementRow['kind'];
  hours: number;
  stageRequired: boolean;
  deadline: string;
}

export interface PrescriptionView {
  id: string;
  orderId: string;
  credentialId: string;
  credentialUrl: string;
  profession: string;
  decisionReference: string;
  decisionDate: string;
  elements: PrescribedElementView[];
}

/** An order's prescription to a candidate: an OB 3.0 credential signed by the order, its elements kept for the check and statistics. */
export async function createPrescription(
  ctx: ServiceContext,
  input: PrescriptionInput & { orderId: string; recipient: { email: string; name?: string }; language?: PathwayLanguage },
  actor: Actor,
): Promise<PrescriptionView & { credential: CredentialView }> {
  const order = await loadOrder(ctx, input.orderId, actor.tenancy);
  const violations = input.elements.flatMap((element, index) =>
    element.deadline < input.decisionDate ? [{ rule: 'deadline-after-decision', field: `/elements/${index}/deadline`, message: 'The deadline is before the decision date' }] : [],
  );
  const codes = input.elements.map((element) => `${element.referential.url} ${element.competencyCode}`);
  if (new Set(codes).size !== codes.length) violations.push({ rule: 'distinct-elements', field: '/elements', message: 'Each competency is prescribed once' });
  if (violations.length > 0) throw new RuleViolationError(violations);

  const achievement = await insertAchievement(ctx.db, {
    id: randomUUID(),
    issuer_id: order.id,
    definition: buildPrescriptionAchievement(input, input.language ?? 'fr'),
  });
  const { record } = await issueAchievementCredential(ctx, { achievement, issuer: order, recipient: input.recipient, awardedDate: input.decisionDate, actor });
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await insertPrescription(
      trx,
      {
        id,
        order_id: order.id,
        credential_id: record.id,
        achievement_id: achievement.id,
        profession: input.profession,
        decision_reference: input.decisionReference,
        decision_date: input.decisionDate,
      },
      input.elements.map((element, index) => ({
        element_key: elementKey(index),
        competency_code: element.competencyCode,
        referential_name: element.referential.name,
        referential_url: element.referential.url,
        title: element.title,
        kind: element.kind,
        hours: element.hours,
        stage_required: element.stageRequired,
        deadline: element.deadline,
      })),
    );
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'pathway.prescribed', issuerId: order.id, subjectId: id, details: { credentialId: record.id } });
  });
  return { ...(await getPrescription(ctx, id, actor.tenancy)), credential: record };
}

export async function getPrescription(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<PrescriptionView> {
  const prescription = await findPrescriptionById(ctx.db, id, tenancy);
  if (!prescription) throw new NotFoundError(`Prescription ${id}`);
  return prescriptionView(ctx, prescription, await listPrescriptionElements(ctx.db, prescription.id));
}

function prescriptionView(ctx: ServiceContext, prescription: PrescriptionRow, elements: PrescriptionElementRow[]): PrescriptionView {
  const urls = ctx.publicUrls;
  return {
    id: prescription.id,
    orderId: prescription.order_id,
    credentialId: prescription.credential_id,
    credentialUrl: urls.credential(prescription.credential_id),
    profession: prescription.profession,
    decisionReference: prescription.decision_reference,
    decisionDate: prescription.decision_date,
    elements: elements.map((element) => ({
      id: `${urls.achievement(prescription.achievement_id)}#${element.element_key}`,
      key: element.element_key,
      competencyCode: element.competency_code,
      referential: { name: element.referential_name, url: element.referential_url },
      title: element.title,
      kind: element.kind,
      hours: element.hours,
      stageRequired: element.stage_required,
      deadline: element.deadline,
    })),
  };
}

async function loadOrder(ctx: ServiceContext, orderId: string, tenancy: Tenancy): Promise<IssuerRow> {
  const order = await findIssuerById(ctx.db, orderId, tenancy);
  if (!order) throw new NotFoundError(`Issuer ${orderId}`, '/orderId');
  if (order.kind !== 'professional-order') {
    throw new RuleViolationError([{ rule: 'professional-order-only', field: '/orderId', message: 'Only a professional order prescribes and recognises institutions' }]);
  }
  return order;
}

/** The order recognises an institution (a college, a stage host, by its DID): only its credentials complete an element. */
export async function recogniseInstitution(
  ctx: ServiceContext,
  input: { orderId: string; institutionDid: string },
  actor: Actor,
): Promise<{ orderId: string; recognisedInstitutions: string[] }> {
  const order = await loadOrder(ctx, input.orderId, actor.tenancy);
  await ctx.db.transaction().execute(async (trx) => {
    await insertRecognition(trx, { order_id: order.id, institution_did: input.institutionDid, created_by: actor.apiKeyId });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'pathway.institution-recognised', issuerId: order.id, subjectId: order.id, details: { institutionDid: input.institutionDid } });
  });
  return { orderId: order.id, recognisedInstitutions: await listRecognisedDids(ctx.db, order.id) };
}

/** A francisation achievement of a school: the level reached per skill on the Échelle québécoise. */
export async function createFrancisationAchievement(
  ctx: ServiceContext,
  input: { issuerId: string; name?: string; language?: PathwayLanguage },
  actor: Actor,
): ReturnType<typeof createAchievement> {
  const language = input.language ?? 'fr';
  return createAchievement(ctx, { issuerId: input.issuerId, ...buildFrancisationAchievement({ language, ...(input.name ? { name: input.name } : {}) }) }, actor);
}

export interface CompletionInput {
  achievementId: string;
  recipient: { email: string; name?: string };
  /** The id of the prescription element this credential completes. */
  prescriptionElement: string;
  outcome: CompletionOutcome;
  completedOn: string;
  frenchLevels?: Partial<Record<FrenchSkill, number>>;
  language?: PathwayLanguage;
}

/**
 * A college's course or RAC outcome, a stage host's placement result or a francisation result, naming the
 * prescription element it completes; for the prescription's own candidate only.
 */
export async function issueCompletion(ctx: ServiceContext, input: CompletionInput, actor: Actor): Promise<CredentialView> {
  const { achievement, issuer } = await loadAchievementWithIssuer(ctx, input.achievementId, actor.tenancy, { field: '/achievementId' });
  const found = await findElement(ctx, input.prescriptionElement);
  if (!found) throw new NotFoundError(`Prescription element ${input.prescriptionElement}`, '/prescriptionElement');
  const { prescription, element } = found;
  const candidate = await findCredentialById(ctx.db, prescription.credential_id, EVERY_SCHOOL);
  const violations = [];
  if (!candidate || normalizeEmail(candidate.recipient_email) !== normalizeEmail(input.recipient.email)) {
    violations.push({ rule: 'prescribed-candidate-only', field: '/recipient/email', message: 'This element was prescribed to someone else' });
  }
  const describedSkills = new Set((achievement.definition.resultDescription ?? []).map((description) => description.key));
  if (Object.keys(input.frenchLevels ?? {}).some((skill) => !describedSkills.has(skill))) {
    violations.push({ rule: 'francisation-achievement', field: '/frenchLevels', message: 'French levels go with a francisation achievement (POST /v1/pathways/francisation-achievements)' });
  }
  if (input.completedOn < prescription.decision_date) {
    violations.push({ rule: 'completed-after-decision', field: '/completedOn', message: 'The element was completed before it was prescribed' });
  }
  if (violations.length > 0) throw new RuleViolationError(violations);

  const urls = ctx.publicUrls;
  const { record } = await issueAchievementCredential(ctx, {
    achievement,
    issuer,
    recipient: input.recipient,
    awardedDate: input.completedOn,
    record: buildCompletionRecord({
      element: { id: input.prescriptionElement, name: element.title, competencyCode: element.competency_code, framework: element.referential_name },
      outcome: input.outcome,
      completedOn: input.completedOn,
      achievementId: urls.achievement(achievement.id),
      ...(input.frenchLevels ? { frenchLevels: input.frenchLevels } : {}),
      language: input.language ?? 'fr',
    }),
    actor,
  });
  await ctx.db.transaction().execute(async (trx) => {
    await insertElementCompletion(trx, {
      credential_id: record.id,
      prescription_id: prescription.id,
      element_key: element.element_key,
      institution_id: issuer.id,
      completed_on: input.completedOn,
    });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'pathway.element-completed', issuerId: issuer.id, subjectId: record.id, details: { prescriptionElement: input.prescriptionElement } });
  });
  return record;
}

/** A prescription element hosted here, by its id (`${achievement URL}#element-n`). */
async function findElement(ctx: ServiceContext, elementId: string): Promise<{ prescription: PrescriptionRow; element: PrescriptionElementRow } | undefined> {
  const prefix = ctx.publicUrls.achievement('');
  if (!elementId.startsWith(prefix)) return undefined;
  const [achievementId, key] = elementId.slice(prefix.length).split('#', 2);
  if (!achievementId || !isUuid(achievementId) || !key) return undefined;
  const prescription = await findPrescriptionByAchievementId(ctx.db, achievementId.toLowerCase());
  const element = prescription && (await listPrescriptionElements(ctx.db, prescription.id)).find((candidate) => candidate.element_key === key);
  return prescription && element ? { prescription, element } : undefined;
}

/** Why a credential does not complete the element it names. */
export type RefusalReason = 'not-verified' | 'unrecognised-institution' | 'other-candidate';

export interface SubmittedCredentialView {
  /** Its position in the submission. */
  index: number;
  credentialId: string | null;
  name: string | null;
  issuer: string | null;
  issuerName: string | null;
  verdict: Verdict;
  completedOn: string | null;
}

export interface ElementCheck extends PrescribedElementView {
  outcome: 'satisfied' | 'refused' | 'missing';
  satisfiedBy: (SubmittedCredentialView & { afterDeadline: boolean; frenchLevels: Partial<Record<FrenchSkill, number>> }) | null;
  refused: (SubmittedCredentialView & { reasons: RefusalReason[] })[];
}

export interface PathwayCheck {
  prescription: SubmittedCredentialView & {
    orderName: string | null;
    profession: string;
    decisionReference: string;
    decisionDate: string;
  };
  elements: ElementCheck[];
  /** Submitted credentials that complete no element of this prescription, or that cannot be read. */
  unrelated: (Partial<SubmittedCredentialView> & { index: number; reason: 'names-no-element' | 'another-prescription' | 'unreadable' })[];
  summary: { prescribed: number; satisfied: number; refused: number; missing: number };
  checkedAt: string;
}

/** At most this many credentials in one check (a prescription rarely has more than a dozen elements). */
export const MAX_CHECKED_CREDENTIALS = 40;

interface Examined {
  index: number;
  document: JsonObject | undefined;
  report: VerificationReport | undefined;
}

/**
 * The order's check: each submitted credential goes through the verification pipeline; the prescription among
 * them (one, issued here) lists the elements; every other credential is matched to the element it names, and
 * completes it only if it is verified, issued by an institution the order recognises, and for the prescription's
 * candidate.
 */
export async function checkPathway(ctx: ServiceContext, submission: { credentials?: unknown[]; presentation?: JsonObject }): Promise<PathwayCheck> {
  const items = submittedItems(submission);
  const examined: Examined[] = await Promise.all(items.map((item, index) => examine(ctx, item, index)));
  const prescriptions = examined.filter((item) => item.document && prescribedElementIds(item.document) !== undefined);
  if (prescriptions.length !== 1) {
    throw new RuleViolationError([{ rule: 'one-prescription', field: submission.presentation ? '/presentation/verifiableCredential' : '/credentials', message: `Submit exactly one prescription (${prescriptions.length} found)` }]);
  }
  const prescribed = prescriptions[0]!;
  const prescriptionId = credentialIdOf(ctx, prescribed.document!);
  const prescription = prescriptionId === undefined ? undefined : await findPrescriptionByCredentialId(ctx.db, prescriptionId);
  if (!prescription) {
    throw new RuleViolationError([{ rule: 'prescription-hosted-here', field: `/credentials/${prescribed.index}`, message: 'The prescription was not issued by a professional order on this service' }]);
  }
  const [order, candidate, elementRows, recognised] = await Promise.all([
    findIssuerById(ctx.db, prescription.order_id, EVERY_SCHOOL),
    findCredentialById(ctx.db, prescription.credential_id, EVERY_SCHOOL),
    listPrescriptionElements(ctx.db, prescription.id),
    listRecognisedDids(ctx.db, prescription.order_id),
  ]);
  const view = prescriptionView(ctx, prescription, elementRows);
  const prescriptionValid = prescribed.report?.verdict === 'valid';
  const elements: ElementCheck[] = view.elements.map((element) => ({ ...element, outcome: 'missing', satisfiedBy: null, refused: [] }));
  const byId = new Map(elements.map((element) => [element.id, element]));
  const unrelated: PathwayCheck['unrelated'] = [];
  for (const item of examined) {
    if (item === prescribed) continue;
    if (!item.document || !item.report) {
      unrelated.push({ index: item.index, reason: 'unreadable' });
      continue;
    }
    const shown = submittedView(item);
    const named = completedElementIds(item.document);
    const mine = named.map((id) => byId.get(id)).filter((element): element is ElementCheck => element !== undefined);
    if (mine.length === 0) unrelated.push({ ...shown, reason: named.length === 0 ? 'names-no-element' : 'another-prescription' });
    for (const element of mine) {
      const reasons: RefusalReason[] = [];
      if (item.report.verdict !== 'valid') reasons.push('not-verified');
      if (!item.report.issuer || !recognised.includes(item.report.issuer)) reasons.push('unrecognised-institution');
      if (!candidate || !recipientEmailMatches(item.document, candidate.recipient_email)) reasons.push('other-candidate');
      if (reasons.length > 0 || !prescriptionValid || element.satisfiedBy) {
        if (reasons.length > 0) element.refused.push({ ...shown, reasons });
        continue;
      }
      element.satisfiedBy = { ...shown, afterDeadline: shown.completedOn !== null && shown.completedOn > element.deadline, frenchLevels: frenchLevelsOf(item.document) };
    }
  }
  for (const element of elements) element.outcome = element.satisfiedBy ? 'satisfied' : element.refused.length > 0 ? 'refused' : 'missing';
  const count = (outcome: ElementCheck['outcome']) => elements.filter((element) => element.outcome === outcome).length;
  return {
    prescription: {
      ...submittedView(prescribed),
      orderName: order ? String(order.profile.name) : null,
      profession: view.profession,
      decisionReference: view.decisionReference,
      decisionDate: view.decisionDate,
    },
    elements,
    unrelated,
    summary: { prescribed: elements.length, satisfied: count('satisfied'), refused: count('refused'), missing: count('missing') },
    checkedAt: ctx.now().toISOString(),
  };
}

/** The credentials of a submission: its list, or a verifiable presentation's verifiableCredential. */
function submittedItems(submission: { credentials?: unknown[]; presentation?: JsonObject }): unknown[] {
  if (submission.credentials) return submission.credentials;
  const held = submission.presentation?.verifiableCredential;
  return Array.isArray(held) ? held : held === undefined ? [] : [held];
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ENVELOPED_JWT = 'data:application/vc+jwt,';

/** A credential of the submission, verified: a URL of a credential hosted here, a VC-JWT (bare or enveloped), or a JSON-LD credential. */
async function examine(ctx: ServiceContext, item: unknown, index: number): Promise<Examined> {
  const credentialPrefix = ctx.publicUrls.credential('');
  if (typeof item === 'string' && item.startsWith(credentialPrefix)) {
    const id = item.slice(credentialPrefix.length);
    const row = isUuid(id) ? await findCredentialById(ctx.db, id.toLowerCase(), EVERY_SCHOOL) : undefined;
    if (!row) return { index, document: undefined, report: undefined };
    const document = row.data_integrity ?? credentialOfVcJwt(row.jwt!);
    return { index, document, report: await verifyStoredCredential(ctx, row.id) };
  }
  const secured = securedOf(item);
  if (!secured) return { index, document: undefined, report: undefined };
  let document: JsonObject;
  try {
    document = secured.format === 'ldp_vc' ? secured.credential : credentialOfVcJwt(secured.jwt);
  } catch {
    return { index, document: undefined, report: undefined };
  }
  return { index, document, report: await verifySecuredCredential(ctx, secured) };
}

function securedOf(item: unknown): SecuredCredential | undefined {
  if (typeof item === 'string') return COMPACT_JWS.test(item.trim()) ? { format: 'jwt_vc', jwt: item.trim() } : undefined;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const document = item as JsonObject;
  const types = Array.isArray(document.type) ? document.type : [document.type];
  if (types.includes('EnvelopedVerifiableCredential') && typeof document.id === 'string' && document.id.startsWith(ENVELOPED_JWT)) {
    return securedOf(document.id.slice(ENVELOPED_JWT.length));
  }
  return { format: 'ldp_vc', credential: document };
}

/** The id of a credential hosted here, from its URL. */
function credentialIdOf(ctx: ServiceContext, document: JsonObject): string | undefined {
  const prefix = ctx.publicUrls.credential('');
  const id = typeof document.id === 'string' && document.id.startsWith(prefix) ? document.id.slice(prefix.length) : '';
  return isUuid(id) ? id.toLowerCase() : undefined;
}

function submittedView(item: Examined): SubmittedCredentialView {
  const document = item.document ?? {};
  const subject = document.credentialSubject as JsonObject | undefined;
  const achievement = subject?.achievement as JsonObject | undefined;
  const end = typeof subject?.activityEndDate === 'string' ? subject.activityEndDate : typeof document.awardedDate === 'string' ? document.awardedDate : null;
  return {
    index: item.index,
    credentialId: typeof document.id === 'string' ? document.id : null,
    name: typeof achievement?.name === 'string' ? achievement.name : null,
    issuer: item.report?.issuer ?? null,
    issuerName: item.report?.issuerName ?? null,
    verdict: item.report?.verdict ?? 'not-authentic',
    completedOn: end === null ? null : end.slice(0, 10),
  };
}

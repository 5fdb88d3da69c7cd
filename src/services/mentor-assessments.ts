import { createHmac, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import { PeriodicJob } from './periodic-job.js';
import { addDays } from '../domain/date-time.js';
import { sha256Hex } from '../domain/hash.js';
import { ufmApplies, type MobilityRecord } from '../domain/mobility.js';
import { validateAssessment } from '../domain/mobility-achievements.js';
import {
  mentorLanguageOf,
  mentorStatementText,
  part1Competences,
  withMentorAnswer,
  type MentorAnswer,
  type MentorGrid,
} from '../domain/mentor-assessment.js';
import { gridTextsOfSchool, shippedGridTexts } from './mentor-grid-texts.js';
import type { JsonObject } from '../domain/open-badges.js';
import type { UfmScheme } from '../domain/ufm.js';
import { ConflictError, MentorLinkClosedError, NotFoundError, RuleViolationError } from '../errors.js';
import { mentorEmail, type EmailTexts } from '../notifications/mentor-email.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findEndorserById, findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import {
  findMentorAssessmentById,
  findMentorAssessmentByToken,
  findMentorAssessmentOfMobility,
  claimMentorReminder,
  insertMentorAssessment,
  listMentorAssessmentsAwaitingAnswer,
  updateMentorAssessment,
  type MentorAssessmentRow,
} from '../storage/mentor-assessments-repository.js';
import { findMobilityById, storeMobilityAssessment, type MobilityRow } from '../storage/mobilities-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { createEndorserIdentity, signEndorsementStatement } from './endorsements.js';
import { ufmSchemeOf } from './mobilities.js';

/** How long a link stays open after the stay's end when the school does not say. */
const DEFAULT_DAYS_AFTER_END = 30;
/** Reminders: a few days before the stay ends, and a week after it if no answer came. */
export const MENTOR_REMINDER_DAYS = { beforeEnd: 3, afterEnd: 7 } as const;

export type MentorAssessmentState = 'sent' | 'opened' | 'answered' | 'accepted' | 'returned' | 'revoked' | 'expired';

export interface MentorAssessmentView {
  id: string;
  mobilityId: string;
  state: MentorAssessmentState;
  /** The mentor's language, beside French: a shipped one, or one the school added. */
  language: string;
  /** The mentor's page; the link is the secret (it is shown to the school, to print or pass on). */
  url: string;
  /** The link as a QR code (PNG data URL), for the placement agreement. */
  qrCode: string;
  expiresAt: string;
  emailedAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  revokedAt: string | null;
  remindedAt: { beforeEnd: string | null; afterEnd: string | null };
  answer: MentorAnswer | null;
  /** The host's signed statement (an OB 3.0 EndorsementCredential), once answered. */
  statement: JsonObject | null;
  review: { decision: 'accepted' | 'returned'; question: string | null; at: string } | null;
}

export interface MentorLinkRequest {
  language?: string;
  expiresInDays?: number;
  sendEmail?: boolean;
  /** The school's translations of its learning outcomes, by language, in the stay's order. */
  outcomeTranslations?: Record<string, string[]>;
}

/** The link of a row's current generation: derived, never stored (only its hash is). */
function linkToken(ctx: ServiceContext, id: string, generation: number): string {
  return createHmac('sha256', ctx.mentorLinkKey).update(`${id}:${generation}`).digest('base64url');
}

/**
 * Sends (or sends again with a new link) the request for the host mentor's assessment of a stay. A new link
 * ends the previous one; an answer waiting for the school's review must be accepted or returned first.
 */
export async function requestMentorAssessment(ctx: ServiceContext, mobilityId: string, input: MentorLinkRequest, actor: Actor): Promise<MentorAssessmentView> {
  const mobility = await loadMobility(ctx, mobilityId, actor);
  if (input.sendEmail && !ctx.mailer) throw new ConflictError('Email is not configured on this service (MOBICRED_SMTP_URL)', '/sendEmail');
  const translations = input.outcomeTranslations ?? {};
  for (const [language, titles] of Object.entries(translations)) {
    if (titles.length !== mobility.record.plannedLearningOutcomes.length) {
      throw new RuleViolationError([{ rule: 'outcome-translations-match', field: `/outcomeTranslations/${language}`, message: `Give one translation for each of the stay's ${mobility.record.plannedLearningOutcomes.length} learning outcomes, in their order` }]);
    }
  }
  const expiresAt = input.expiresInDays === undefined ? addDays(new Date(`${mobility.record.endDate}T23:59:59Z`), DEFAULT_DAYS_AFTER_END) : addDays(ctx.now(), input.expiresInDays);
  if (expiresAt <= ctx.now()) throw new RuleViolationError([{ rule: 'link-in-future', field: '/expiresInDays', message: 'The link would already be expired: give expiresInDays' }]);
  const language = input.language ?? mentorLanguageOf(mobility.record.hostOrganisation.countryCode);
  // A language the grid has for this school (shipped, or its own file); French is the grid's other side.
  if (language === 'fr' || !(await gridTextsOfSchool(ctx, mobility.issuer_id, language))) {
    throw new RuleViolationError([{ rule: 'known-mentor-language', field: '/language', message: `The grid has no texts in "${language}" for this school: add its message file first (PUT /v1/issuers/{id}/mentor-texts/${language})` }]);
  }
  const existing = await findMentorAssessmentOfMobility(ctx.db, mobility.id, actor.tenancy);
  if (existing?.review === 'accepted') throw new ConflictError('The mentor’s assessment of this stay was accepted: it needs no new link', '/');
  if (existing?.answered_at && existing.review === null) throw new ConflictError('The mentor has answered: accept or return the answer before sending a new link', '/');

  const row = await ctx.db.transaction().execute(async (trx) => {
    const common = { language, outcome_translations: JSON.stringify(translations), expires_at: expiresAt, revoked_at: null, emailed_at: null, reminded_before_at: null, reminded_after_at: null };
    let saved: MentorAssessmentRow;
    if (existing) {
      const generation = existing.generation + 1;
      saved = (await updateMentorAssessment(trx, existing.id, { ...common, generation, token_hash: sha256Hex(linkToken(ctx, existing.id, generation)), opened_at: null }))!;
    } else {
      const host = mobility.record.hostOrganisation;
      const endorser = await createEndorserIdentity(ctx, trx, { name: host.legalName, ...(host.url ? { url: host.url } : {}), email: host.mentor.email });
      const id = randomUUID();
      saved = await insertMentorAssessment(trx, { id, mobility_id: mobility.id, issuer_id: mobility.issuer_id, host_id: endorser.id, token_hash: sha256Hex(linkToken(ctx, id, 1)), generation: 1, created_by: actor.apiKeyId, ...common });
    }
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.mentor-assessment-requested', issuerId: mobility.issuer_id, subjectId: mobility.id, details: { generation: saved.generation } });
    return saved;
  });
  return input.sendEmail ? emailLink(ctx, row, mobility.record, 'request') : toView(ctx, row);
}

/** Emails the current link again (the same link: a QR code already printed still works). */
export async function resendMentorLink(ctx: ServiceContext, mobilityId: string, actor: Actor): Promise<MentorAssessmentView> {
  const { row, mobility } = await loadRequest(ctx, mobilityId, actor);
  if (!ctx.mailer) throw new ConflictError('Email is not configured on this service (MOBICRED_SMTP_URL)', '/');
  if (stateOf(ctx, row) !== 'sent' && stateOf(ctx, row) !== 'opened' && stateOf(ctx, row) !== 'returned') {
    throw new ConflictError(`The link is ${stateOf(ctx, row)}: send a new one instead`, '/');
  }
  return emailLink(ctx, row, mobility.record, row.review === 'returned' ? 'returned' : 'request');
}

export async function revokeMentorLink(ctx: ServiceContext, mobilityId: string, actor: Actor): Promise<MentorAssessmentView> {
  const { row } = await loadRequest(ctx, mobilityId, actor);
  const revoked = await updateMentorAssessment(ctx.db, row.id, { revoked_at: ctx.now() }, { unanswered: true });
  if (!revoked) throw new ConflictError('The link is no longer open: nothing to revoke', '/');
  await appendAuditEvent(ctx.db, { actor: actor.apiKeyId, action: 'mobility.mentor-link-revoked', issuerId: row.issuer_id, subjectId: row.mobility_id });
  return toView(ctx, revoked);
}

export async function getMentorAssessment(ctx: ServiceContext, mobilityId: string, actor: Actor): Promise<MentorAssessmentView> {
  return toView(ctx, (await loadRequest(ctx, mobilityId, actor)).row);
}

/**
 * The school accepts the mentor's answer: it becomes the stay's assessment (with what the school assessed
 * itself: part 2, the specialty exams), and the credentials issued for the stay carry the signed statement.
 */
export async function acceptMentorAssessment(ctx: ServiceContext, mobilityId: string, actor: Actor): Promise<MentorAssessmentView> {
  const { row, mobility } = await loadRequest(ctx, mobilityId, actor);
  if (!row.answer || row.review !== null || !row.answered_at) throw new ConflictError('There is no answer of the mentor waiting for review', '/');
  const issuer = await findIssuerById(ctx.db, mobility.issuer_id, actor.tenancy);
  const assessment = withMentorAnswer(mobility.assessment, row.answer);
  // Only what the grid asked can break a rule here (an outcome, a part 1 mark): part 2 is checked at issuance.
  const violations = validateAssessment(mobility.record, assessment, ufmSchemeOf(issuer)).filter((violation) => violation.rule !== 'ufm-both-parts' && violation.rule !== 'ufm-specialty-exams');
  if (violations.length > 0) throw new RuleViolationError(violations);
  return ctx.db.transaction().execute(async (trx) => {
    const accepted = await updateMentorAssessment(trx, row.id, { review: 'accepted', review_question: null, reviewed_at: ctx.now() }, { answered: true });
    if (!accepted) throw new ConflictError('The answer was reviewed meanwhile', '/');
    await storeMobilityAssessment(trx, mobility.id, assessment, ctx.now());
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'mobility.mentor-assessment-accepted', issuerId: row.issuer_id, subjectId: row.mobility_id });
    return toView(ctx, accepted);
  });
}

/** The school returns the answer with a question: the link opens again, with the answer and the question. */
export async function returnMentorAssessment(ctx: ServiceContext, mobilityId: string, question: string, actor: Actor): Promise<MentorAssessmentView> {
  const { row, mobility } = await loadRequest(ctx, mobilityId, actor);
  const returned = await updateMentorAssessment(
    ctx.db,
    row.id,
    // emailed_at is the question's: set again below when it is emailed, so that it says whether the mentor was told.
    { review: 'returned', review_question: question, reviewed_at: ctx.now(), answered_at: null, statement: null, emailed_at: null, expires_at: later(row.expires_at, addDays(ctx.now(), 14)) },
    { answered: true },
  );
  if (!returned) throw new ConflictError('There is no answer of the mentor waiting for review', '/');
  await appendAuditEvent(ctx.db, { actor: actor.apiKeyId, action: 'mobility.mentor-assessment-returned', issuerId: row.issuer_id, subjectId: row.mobility_id });
  return ctx.mailer ? emailLink(ctx, returned, mobility.record, 'returned') : toView(ctx, returned);
}

/** What the mentor's page shows: the stay, the school, the grid, and a previous answer returned with a question. */
export interface MentorPageModel {
  row: MentorAssessmentRow;
  record: MobilityRecord;
  school: IssuerRow;
  scheme: UfmScheme;
  grid: MentorGrid;
}

/** Opens a mentor link (recording the first opening), or says why it is closed. */
export async function openMentorLink(ctx: ServiceContext, token: string): Promise<MentorPageModel> {
  const model = await mentorRequestOf(ctx, token);
  if (!model.row.opened_at) await updateMentorAssessment(ctx.db, model.row.id, { opened_at: ctx.now() }, { unanswered: true });
  return model;
}

/** The school a link belongs to, even when the link is closed: the page says how to reach it. */
export async function schoolOfMentorLink(ctx: ServiceContext, token: string): Promise<IssuerRow | undefined> {
  const row = await findMentorAssessmentByToken(ctx.db, sha256Hex(token));
  return row && findIssuerById(ctx.db, row.issuer_id, EVERY_SCHOOL);
}

/** The host signs the mentor's answer (an EndorsementCredential by the host's key) and it is kept, once. */
export async function submitMentorAnswer(ctx: ServiceContext, token: string, answer: MentorAnswer): Promise<MentorPageModel> {
  const model = await mentorRequestOf(ctx, token);
  const host = await findEndorserById(ctx.db, model.row.host_id);
  if (!host) throw new NotFoundError('Assessment link');
  const statement = await signEndorsementStatement(ctx, host, {
    id: ctx.publicUrls.hostStatement(model.row.id),
    subjectId: `urn:uuid:${model.row.mobility_id}`,
    subjectName: model.record.participant.name ? `${model.record.participant.name}, ${model.record.startDate} – ${model.record.endDate}` : `${model.record.startDate} – ${model.record.endDate}`,
    comment: mentorStatementText(answer, model.record, model.scheme),
  });
  const answered = await updateMentorAssessment(
    ctx.db,
    model.row.id,
    { answer: JSON.stringify(answer), statement: JSON.stringify(statement), answered_at: ctx.now(), review: null },
    { unanswered: true },
  );
  if (!answered) throw new MentorLinkClosedError('answered');
  await appendAuditEvent(ctx.db, { actor: `host ${model.row.host_id}`, action: 'mobility.mentor-assessment-answered', issuerId: model.row.issuer_id, subjectId: model.row.mobility_id });
  return { ...model, row: answered };
}

/** The host's signed statement, public once the school accepted it (credentials name it as evidence). */
export async function getHostStatement(ctx: ServiceContext, id: string): Promise<JsonObject> {
  const row = await findMentorAssessmentById(ctx.db, id);
  if (!row?.statement || row.review !== 'accepted') throw new NotFoundError(`Host statement ${id}`);
  return row.statement;
}

/** Sends the reminders that are due: before the stay ends, and after it when no answer came. How many were sent. */
export async function sendMentorReminders(ctx: ServiceContext): Promise<number> {
  if (!ctx.mailer) return 0;
  const now = ctx.now();
  let sent = 0;
  for (const row of await listMentorAssessmentsAwaitingAnswer(ctx.db, now, 500)) {
    const end = new Date(`${row.record.endDate}T00:00:00Z`);
    const afterDue = !row.reminded_after_at && now >= addDays(end, MENTOR_REMINDER_DAYS.afterEnd);
    const beforeDue = !row.reminded_before_at && now >= addDays(end, -MENTOR_REMINDER_DAYS.beforeEnd);
    if (!afterDue && !beforeDue) continue;
    // Claimed first, in SQL: of several instances, one sends it; one that crashes after claiming does not send it twice.
    const marked = await claimMentorReminder(ctx.db, row.id, afterDue ? 'after' : 'before', now);
    if (!marked) continue;
    await emailLink(ctx, marked, row.record, afterDue ? 'reminder-after' : 'reminder-before');
    sent++;
  }
  return sent;
}

/**
 * A language's words for the mentor's email: the school's file, else the shipped one. A school's file saved
 * before files had email texts gives way to the shipped file of its language, or to English.
 */
async function emailTexts(ctx: ServiceContext, issuerId: string, language: string): Promise<EmailTexts> {
  const texts = await gridTextsOfSchool(ctx, issuerId, language);
  if (texts?.['email.subject'] !== undefined) return { language, texts };
  const shipped = shippedGridTexts().get(language);
  return shipped ? { language, texts: shipped } : { language: 'en', texts: shippedGridTexts().get('en')! };
}

async function emailLink(ctx: ServiceContext, row: MentorAssessmentRow, record: MobilityRecord, kind: Parameters<typeof mentorEmail>[0]['kind']): Promise<MentorAssessmentView> {
  const school = await findIssuerById(ctx.db, row.issuer_id, EVERY_SCHOOL);
  const message = mentorEmail({
    kind,
    mine: await emailTexts(ctx, row.issuer_id, row.language),
    french: await emailTexts(ctx, row.issuer_id, 'fr'),
    schoolName: school?.profile.name ?? '',
    learnerName: record.participant.name ?? record.participant.email,
    url: ctx.publicUrls.mentorAssessment(linkToken(ctx, row.id, row.generation)),
    expiresAt: row.expires_at,
    question: row.review_question,
  });
  await ctx.mailer!.send({ to: record.hostOrganisation.mentor.email, ...message });
  const emailed = await updateMentorAssessment(ctx.db, row.id, { emailed_at: ctx.now() });
  return toView(ctx, emailed ?? row);
}

/** The request behind an open link, or why the link is closed. */
export async function mentorRequestOf(ctx: ServiceContext, token: string): Promise<MentorPageModel> {
  const row = await findMentorAssessmentByToken(ctx.db, sha256Hex(token));
  const mobility = row && (await findMobilityById(ctx.db, row.mobility_id, EVERY_SCHOOL));
  const school = row && (await findIssuerById(ctx.db, row.issuer_id, EVERY_SCHOOL));
  if (!row || !mobility || !school) throw new NotFoundError('Assessment link');
  if (row.revoked_at) throw new MentorLinkClosedError('revoked');
  if (row.answered_at) throw new MentorLinkClosedError('answered');
  if (row.expires_at <= ctx.now()) throw new MentorLinkClosedError('expired');
  const scheme = ufmSchemeOf(school);
  const cefrLanguage = mobility.record.workingLanguages[0];
  return {
    row,
    record: mobility.record,
    school,
    scheme,
    grid: {
      outcomeCount: mobility.record.plannedLearningOutcomes.length,
      ...(ufmApplies(mobility.record) ? { ufm: { part1Points: scheme.part1Points, competences: part1Competences(scheme) } } : {}),
      ...(cefrLanguage ? { cefrLanguage } : {}),
    },
  };
}

async function loadMobility(ctx: ServiceContext, id: string, actor: Actor): Promise<MobilityRow> {
  const mobility = await findMobilityById(ctx.db, id, actor.tenancy);
  if (!mobility) throw new NotFoundError(`Mobility ${id}`);
  return mobility;
}

async function loadRequest(ctx: ServiceContext, mobilityId: string, actor: Actor): Promise<{ row: MentorAssessmentRow; mobility: MobilityRow }> {
  const mobility = await loadMobility(ctx, mobilityId, actor);
  const row = await findMentorAssessmentOfMobility(ctx.db, mobility.id, actor.tenancy);
  if (!row) throw new NotFoundError(`Mentor assessment of mobility ${mobilityId}`);
  return { row, mobility };
}

function stateOf(ctx: ServiceContext, row: MentorAssessmentRow): MentorAssessmentState {
  if (row.review === 'accepted') return 'accepted';
  if (row.answered_at) return 'answered';
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= ctx.now()) return 'expired';
  if (row.review === 'returned') return 'returned';
  return row.opened_at ? 'opened' : 'sent';
}

const later = (a: Date, b: Date) => (a > b ? a : b);
const iso = (date: Date | null) => date && date.toISOString();

async function toView(ctx: ServiceContext, row: MentorAssessmentRow): Promise<MentorAssessmentView> {
  const url = ctx.publicUrls.mentorAssessment(linkToken(ctx, row.id, row.generation));
  return {
    id: row.id,
    mobilityId: row.mobility_id,
    state: stateOf(ctx, row),
    language: row.language,
    url,
    qrCode: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2 }),
    expiresAt: row.expires_at.toISOString(),
    emailedAt: iso(row.emailed_at),
    openedAt: iso(row.opened_at),
    answeredAt: iso(row.answered_at),
    revokedAt: iso(row.revoked_at),
    remindedAt: { beforeEnd: iso(row.reminded_before_at), afterEnd: iso(row.reminded_after_at) },
    answer: row.answer,
    statement: row.statement,
    review: row.review && row.reviewed_at ? { decision: row.review, question: row.review_question, at: row.reviewed_at.toISOString() } : null,
  };
}

/** Sends the mentors' reminders that are due, at start and then every `intervalMs`, in every instance. */
export class MentorReminderJob extends PeriodicJob {
  constructor(options: { ctx: ServiceContext; logger: Logger; intervalMs: number }) {
    super({
      name: 'mentor reminders sent',
      logger: options.logger,
      intervalMs: options.intervalMs,
      work: async () => {
        const sent = await sendMentorReminders(options.ctx);
        return sent > 0 ? { sent } : undefined;
      },
    });
  }
}

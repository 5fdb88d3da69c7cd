import { randomUUID } from 'node:crypto';
import { CohortFileError, readCohortFile, type CohortRow } from '../batches/cohort-file.js';
import { stayKey, validateMobility, type MobilityRecord } from '../domain/mobility.js';
import { validateAssessment, type MobilityAssessment, type TemplateLanguage } from '../domain/mobility-achievements.js';
import type { JsonObject } from '../domain/open-badges.js';
import { AppError, InvalidCohortFileError, NotFoundError, type FieldError } from '../errors.js';
import { completeBatchRow, findBatch, insertBatch, listBatchRows, type BatchLineRow } from '../storage/batches-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { findOrCreateMobilityByKey, storeMobilityAssessment } from '../storage/mobilities-repository.js';
import type { ServiceContext } from './context.js';
import type { Actor } from './access.js';
import { EVERY_SCHOOL, type Tenancy } from '../storage/tenancy.js';
import { issueMobilityCredentials, recordMinorDetails, ufmSchemeOf, type MinorDetails } from './mobilities.js';

export interface BatchView {
  id: string;
  issuerId: string;
  status: 'running' | 'done';
  createdAt: string;
  counts: { total: number; pending: number; issued: number; alreadyIssued: number; rejected: number };
  rows: { line: number; status: string; outcome: JsonObject | null }[];
}

/**
 * Reads and checks a whole cohort file before anything is signed: a file-level problem refuses it whole;
 * rows that break a schema or a rule are recorded as rejected with their reasons; the rest wait for the
 * worker. The batch and all its rows are stored in one transaction: a refused upload leaves nothing.
 */
export async function createBatch(
  ctx: ServiceContext,
  options: { issuerId: string; language: TemplateLanguage; file: Buffer; actor: Actor },
): Promise<BatchView> {
  const issuer = await findIssuerById(ctx.db, options.issuerId, options.actor.tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  let rows: CohortRow[];
  try {
    rows = readCohortFile(options.file);
  } catch (error) {
    if (error instanceof CohortFileError) throw new InvalidCohortFileError(error.message, error.field);
    throw error;
  }
  const id = randomUUID();
  await ctx.db.transaction().execute((trx) =>
    insertBatch(
      trx,
      { id, issuer_id: issuer.id, language: options.language, created_by: options.actor.apiKeyId },
      rows.map((row) => {
        const errors = rowErrors(ctx, issuer, row);
        return errors.length === 0
          ? { line: row.line, row: { mobility: row.mobility, assessment: row.assessment } as unknown as JsonObject, status: 'pending' as const, outcome: null }
          : { line: row.line, row: { mobility: row.mobility, assessment: row.assessment } as unknown as JsonObject, status: 'rejected' as const, outcome: { errors } as unknown as JsonObject };
      }),
    ),
  );
  return getBatch(ctx, id, options.actor.tenancy);
}

/** The same checks as a single mobility: its schemas, its rules, its UFM grading. */
function rowErrors(ctx: ServiceContext, issuer: IssuerRow, row: CohortRow): (FieldError & { rule?: string })[] {
  const schemaErrors = [
    ...ctx.schemas.errorsOf('urn:mobicred:schema:mobility-create', { issuerId: issuer.id, ...row.mobility }),
    ...ctx.schemas.errorsOf('urn:mobicred:schema:mobility-assessment', row.assessment),
  ];
  if (schemaErrors.length > 0) return schemaErrors;
  return [...validateMobility(row.mobility), ...validateAssessment(row.mobility, row.assessment, ufmSchemeOf(issuer))];
}

export async function getBatch(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<BatchView> {
  const batch = await findBatch(ctx.db, id, tenancy);
  if (!batch) throw new NotFoundError(`Batch ${id}`);
  const rows = await listBatchRows(ctx.db, id);
  const count = (predicate: (row: BatchLineRow) => boolean) => rows.filter(predicate).length;
  const pending = count((row) => row.status === 'pending' || row.status === 'processing');
  return {
    id: batch.id,
    issuerId: batch.issuer_id,
    status: pending > 0 ? 'running' : 'done',
    createdAt: batch.created_at.toISOString(),
    counts: {
      total: rows.length,
      pending,
      issued: count((row) => row.status === 'done' && row.outcome?.result === 'issued'),
      alreadyIssued: count((row) => row.status === 'done' && row.outcome?.result === 'already-issued'),
      rejected: count((row) => row.status === 'rejected'),
    },
    rows: rows.map((row) => ({ line: row.line, status: row.status === 'processing' ? 'pending' : row.status, outcome: row.outcome })),
  };
}

/** What a stay records of its participant's age and guardian, and nothing else. */
function minorDetailsOf(participant: MobilityRecord['participant']): MinorDetails {
  return {
    ...(participant.dateOfBirth !== undefined ? { dateOfBirth: participant.dateOfBirth } : {}),
    ...(participant.minor !== undefined ? { minor: participant.minor } : {}),
    ...(participant.guardianEmail !== undefined ? { guardianEmail: participant.guardianEmail } : {}),
  };
}

/**
 * Processes one claimed row. Idempotent: the row's mobility is found by the stay's key (domain/mobility.ts),
 * the same as for a stay recorded through the API; credentials are unique per mobility and kind; and each credential records the
 * batch that issued it in its own insert. A crash at any point, then a retry, issues nothing twice, loses
 * nothing, and reports each credential as issued by the batch that really issued it.
 */
export async function processBatchRow(ctx: ServiceContext, row: BatchLineRow): Promise<void> {
  const batch = await findBatch(ctx.db, row.batch_id, EVERY_SCHOOL);
  if (!batch) return;
  // The worker acts for the key that uploaded the batch, within the batch's school.
  const actor: Actor = { apiKeyId: batch.created_by, role: 'school-issuer', tenancy: { kind: 'school', issuerId: batch.issuer_id } };
  const { mobility: record, assessment } = row.row as unknown as { mobility: MobilityRecord; assessment: MobilityAssessment };
  try {
    let mobility = await findOrCreateMobilityByKey(ctx.db, { id: randomUUID(), issuer_id: batch.issuer_id, record, external_key: stayKey(batch.issuer_id, record) });
    // A file run again adds the minor details the stay does not record yet, as the API would; it never changes
    // what is recorded (a later correction stands). Neither the stay's id nor its assessment, used below, changes.
    const stored = minorDetailsOf(mobility.record.participant);
    const given = minorDetailsOf(record.participant);
    if (Object.keys(given).some((key) => !(key in stored))) await recordMinorDetails(ctx, mobility.id, { ...given, ...stored }, actor);
    if (!mobility.assessment) mobility = await storeMobilityAssessment(ctx.db, mobility.id, assessment, ctx.now());
    const { credentials: issuances, withheld } = await issueMobilityCredentials(ctx, mobility.id, { language: batch.language, actor, batchId: batch.id });
    const credentials = issuances.map((issuance) => ({
      kind: issuance.kind,
      credentialId: issuance.credential.id,
      url: issuance.credential.url,
      result: issuance.batchId === batch.id ? 'issued' : 'already-issued',
    }));
    await completeBatchRow(ctx.db, row, 'done', {
      result: credentials.some((credential) => credential.result === 'issued') ? 'issued' : 'already-issued',
      mobilityId: mobility.id,
      credentials,
      ...(withheld.length ? { withheld } : {}),
    });
  } catch (error) {
    // A rule that only the stored state can break (e.g. a changed UFM scheme): the row is rejected, with why.
    if (error instanceof AppError) {
      await completeBatchRow(ctx.db, row, 'rejected', { errors: [{ field: error.field ?? '/', message: error.message }] });
      return;
    }
    throw error;
  }
}

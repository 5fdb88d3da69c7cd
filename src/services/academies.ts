import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import { findAcademyById, insertAcademy, listAcademies, type AcademyRow } from '../storage/academies-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { listIssuers, storeIssuerAcademy } from '../storage/issuers-repository.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { createAcademySigner } from './academy-registries.js';

/** An academy (or any body overseeing schools, such as a DAREIC or a regional network) and its schools. */
interface AcademyView {
  id: string;
  name: string;
  issuers: { id: string; slug: string; name: string }[];
  createdAt: string;
}

/** A new academy; with `schoolId`, that school is put in it in the same transaction (the console's one step). */
export async function createAcademy(ctx: ServiceContext, input: { name: string }, actor: Actor, options: { schoolId?: string } = {}): Promise<AcademyView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertAcademy(trx, { id: randomUUID(), name: input.name });
    // The key it signs its registry of schools with (see academy-registries.ts).
    await createAcademySigner(ctx, trx, { academyId: row.id, name: row.name });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'academy.created', issuerId: null, subjectId: row.id });
    if (options.schoolId === undefined) return toAcademyView(row, []);
    const school = await storeIssuerAcademy(trx, options.schoolId, actor.tenancy, row.id);
    if (!school) throw new NotFoundError(`Issuer ${options.schoolId}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.academy-set', issuerId: school.id, subjectId: school.id });
    return toAcademyView(row, [{ id: school.id, slug: school.slug, name: school.profile.name }]);
  });
}

export async function getAcademy(ctx: ServiceContext, id: string, actor: Actor): Promise<AcademyView> {
  const row = await findAcademyById(ctx.db, id, actor.tenancy);
  if (!row) throw new NotFoundError(`Academy ${id}`);
  const issuers = await listIssuers(ctx.db, { kind: 'academy', academyId: row.id });
  return toAcademyView(row, issuers.map((issuer) => ({ id: issuer.id, slug: issuer.slug, name: issuer.profile.name })));
}

/** The academies an actor may see, to choose one (a school's academy, in the console). */
export async function listAcademyChoices(ctx: ServiceContext, actor: Actor): Promise<{ id: string; name: string }[]> {
  return (await listAcademies(ctx.db, actor.tenancy)).map((row) => ({ id: row.id, name: row.name }));
}

function toAcademyView(row: AcademyRow, issuers: AcademyView['issuers']): AcademyView {
  return { id: row.id, name: row.name, issuers, createdAt: row.created_at.toISOString() };
}

import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { InvalidSealError, NotFoundError } from '../errors.js';
import { readSealMaterial, SealMaterialError, type SealInput, type SealMaterial } from '../keys/x509-seal.js';
import { findAcademyById } from '../storage/academies-repository.js';
import { findAcademyRegistry } from '../storage/academy-registries-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { findSealOfIssuer, upsertSeal, type SealRow } from '../storage/seals-repository.js';
import type { Actor } from './access.js';
import { academySigner } from './academy-registries.js';
import type { ServiceContext } from './context.js';

/** A seal as its owner sees it: whose certificate, from which authority, until when. Never its key. */
export interface SealView {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the seal certificate (DER), hex: what `x5t#S256` carries, base64url-encoded. */
  fingerprintSha256: string;
  algorithm: string;
  notAfter: string;
  chainLength: number;
}

/** A school's seal, set by its admin (or the platform's): Europass exports of its credentials are sealed with it. */
export async function configureIssuerSeal(ctx: ServiceContext, issuerId: string, input: SealInput, actor: Actor): Promise<SealView> {
  const issuer = await findIssuerById(ctx.db, issuerId, actor.tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
  return storeSeal(ctx, issuer.id, input, actor);
}

/** An academy's seal: used for its schools' Europass exports when a school has none of its own. */
export async function configureAcademySeal(ctx: ServiceContext, academyId: string, input: SealInput, actor: Actor): Promise<SealView> {
  const academy = await findAcademyById(ctx.db, academyId, actor.tenancy);
  const registry = academy && (await findAcademyRegistry(ctx.db, academy.id));
  if (!academy || !registry) throw new NotFoundError(`Academy ${academyId}`);
  const signer = await academySigner(ctx, academy.id, academy.name, registry.signer_issuer_id);
  return storeSeal(ctx, signer.id, input, actor);
}

async function storeSeal(ctx: ServiceContext, ownerIssuerId: string, input: SealInput, actor: Actor): Promise<SealView> {
  let material: SealMaterial;
  try {
    material = readSealMaterial({ ...input, now: ctx.now() });
  } catch (error) {
    if (error instanceof SealMaterialError) throw new InvalidSealError(error.message, `/${error.field}`);
    throw error;
  }
  const id = randomUUID();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const stored = await upsertSeal(trx, {
      id,
      issuer_id: ownerIssuerId,
      certificate_chain: material.chain.map((der) => der.toString('base64')),
      algorithm: material.algorithm,
      sealed_private_key: ctx.keyRing.sealSealKey(material, id),
      not_after: material.notAfter,
    });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'seal.configured', issuerId: ownerIssuerId, subjectId: stored.id, details: { notAfter: material.notAfter.toISOString() } });
    return stored;
  });
  return toSealView(row);
}

export async function getIssuerSeal(ctx: ServiceContext, issuerId: string, actor: Actor): Promise<SealView> {
  const issuer = await findIssuerById(ctx.db, issuerId, actor.tenancy);
  const seal = issuer && (await findSealOfIssuer(ctx.db, issuer.id));
  if (!seal) throw new NotFoundError(`Seal of issuer ${issuerId}`);
  return toSealView(seal);
}

/**
 * The seal a school's Europass exports are sealed with: its own, else its academy's; none once expired (an
 * expired seal would only make the Europass viewer reject the credential).
 */
export async function sealOfSchool(ctx: ServiceContext, school: IssuerRow): Promise<{ material: SealMaterial; view: SealView } | undefined> {
  const academy = school.academy_id ? await findAcademyRegistry(ctx.db, school.academy_id) : undefined;
  for (const ownerId of [school.id, academy?.signer_issuer_id]) {
    const row = ownerId ? await findSealOfIssuer(ctx.db, ownerId) : undefined;
    if (row && ctx.now() < row.not_after) return { material: ctx.keyRing.openSeal(row), view: toSealView(row) };
  }
  return undefined;
}

function toSealView(row: SealRow): SealView {
  const der = Buffer.from(row.certificate_chain[0]!, 'base64');
  const certificate = new X509Certificate(der);
  return {
    subject: certificate.subject.replaceAll('\n', ', '),
    issuer: certificate.issuer.replaceAll('\n', ', '),
    serialNumber: certificate.serialNumber,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    algorithm: row.algorithm,
    notAfter: row.not_after.toISOString(),
    chainLength: row.certificate_chain.length,
  };
}

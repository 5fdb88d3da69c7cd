import { randomUUID } from 'node:crypto';
import { buildIssuerProfile, OB_CREDENTIAL_CONTEXT, type IssuerProfileInput, type JsonObject } from '../domain/open-badges.js';
import { buildDidDocument, buildJwks, didWebForIssuer, type PublishedKey } from '../keys/did-web.js';
import { isUniqueViolation } from '../storage/database.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import {
  findIssuerByDid,
  findIssuerById,
  findIssuerBySlug,
  insertIssuer,
  listIssuerKeys,
  listIssuers,
  markIssuerKeyCompromised,
  retireActiveIssuerKey,
  storeIssuerAcademy,
  storeIssuerProfile,
  storeIssuerUfmScheme,
  type IssuerRow,
  type PublicKeyRow,
} from '../storage/issuers-repository.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../errors.js';
import type { UfmScheme } from '../domain/ufm.js';
import type { ServiceContext } from './context.js';
import { isPermitted, type Actor } from './access.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { IssuingKind } from '../storage/schema.js';
import { findAcademyById } from '../storage/academies-repository.js';
import { deepFreeze } from '../domain/frozen.js';

export interface IssuerView {
  id: string;
  slug: string;
  /** school (colleges and universities too), professional-order or stage-host. */
  kind: IssuingKind;
  academyId: string | null;
  did: string;
  profile: JsonObject;
  profileUrl: string;
  didDocumentUrl: string;
  jwksUrl: string;
  keys: {
    verificationMethod: string;
    publicKeyMultibase: string;
    status: string;
    createdAt: string;
    compromisedAt: string | null;
  }[];
  createdAt: string;
}

export async function createIssuer(
  ctx: ServiceContext,
  input: { slug: string; academyId?: string; kind?: IssuingKind } & IssuerProfileInput,
  actor: Actor,
): Promise<IssuerView> {
  const { slug, academyId, kind, ...profile } = input;
  const did = didWebForIssuer(ctx.publicBaseUrl, slug);
  if (academyId !== undefined && !(await findAcademyById(ctx.db, academyId, actor.tenancy))) throw new NotFoundError(`Academy ${academyId}`, '/academyId');
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const issuer = await insertIssuer(trx, { id: randomUUID(), slug, did, profile, academy_id: academyId ?? null, kind: kind ?? 'school' });
      const key = await ctx.keyRing.createIssuerKey(trx, { issuerId: issuer.id, did });
      await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.created', issuerId: issuer.id, subjectId: issuer.id });
      return toIssuerView(ctx, issuer, [key]);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An issuer with slug "${slug}" already exists`, '/slug');
    throw error;
  }
}

/** An issuer's profile as it was given (`POST /v1/issuers`, `PUT …/profile`): what a correction starts from. */
export async function getIssuerProfileInput(ctx: ServiceContext, issuerId: string, tenancy: Tenancy): Promise<IssuerProfileInput> {
  const issuer = await findIssuerById(ctx.db, issuerId, tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
  return issuer.profile;
}

/**
 * Replaces an issuer's profile (its website, contact, address…); the next credentials and its public profile
 * carry it, those signed before keep what they signed. Its name and official identifiers are what an academy's
 * registry vouches for, re-signed from them: only the platform admin changes those.
 */
export async function updateIssuerProfile(ctx: ServiceContext, issuerId: string, profile: IssuerProfileInput, actor: Actor): Promise<IssuerView> {
  const current = await findIssuerById(ctx.db, issuerId, actor.tenancy);
  if (!current) throw new NotFoundError(`Issuer ${issuerId}`);
  const vouchedFor = (p: IssuerProfileInput) => JSON.stringify([p.name, p.otherIdentifier ?? []]);
  if (vouchedFor(profile) !== vouchedFor(current.profile) && !isPermitted(actor, 'administer')) {
    throw new ForbiddenError('A school’s name and official identifiers are vouched for by its academy’s registry: the platform admin changes them', profile.name !== current.profile.name ? '/name' : '/otherIdentifier');
  }
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await storeIssuerProfile(trx, issuerId, actor.tenancy, profile);
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.profile-updated', issuerId: issuer.id, subjectId: issuer.id });
    return toIssuerView(ctx, issuer, await listIssuerKeys(trx, issuer.id));
  });
}

/** Puts a school in an academy (null: in none); the academy's reader keys see it from the next request on. */
export async function setIssuerAcademy(ctx: ServiceContext, issuerId: string, academyId: string | null, actor: Actor): Promise<IssuerView> {
  if (academyId !== null && !(await findAcademyById(ctx.db, academyId, actor.tenancy))) throw new NotFoundError(`Academy ${academyId}`, '/academyId');
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await storeIssuerAcademy(trx, issuerId, actor.tenancy, academyId);
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.academy-set', issuerId: issuer.id, subjectId: issuer.id });
    return toIssuerView(ctx, issuer, await listIssuerKeys(trx, issuer.id));
  });
}

export async function getIssuer(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<IssuerView> {
  const issuer = await findIssuerById(ctx.db, id, tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${id}`);
  return toIssuerView(ctx, issuer, await listIssuerKeys(ctx.db, issuer.id));
}

/** The schools an API key may see: all of them, its academy's, or its own. */
export async function listVisibleIssuers(ctx: ServiceContext, tenancy: Tenancy): Promise<IssuerView[]> {
  const issuers = await listIssuers(ctx.db, tenancy);
  return Promise.all(issuers.map(async (issuer) => toIssuerView(ctx, issuer, await listIssuerKeys(ctx.db, issuer.id))));
}

/** The OB 3.0 Profile embedded in credentials and served at the issuer's public URL. */
export function issuerProfile(issuer: IssuerRow): JsonObject {
  return buildIssuerProfile({ id: issuer.did, profile: issuer.profile });
}

export async function getPublicIssuerProfile(ctx: ServiceContext, slug: string): Promise<JsonObject> {
  return { '@context': [...OB_CREDENTIAL_CONTEXT], ...issuerProfile(await loadIssuerBySlug(ctx, slug)) };
}

export async function getDidDocument(ctx: ServiceContext, slug: string): Promise<JsonObject> {
  const issuer = await loadIssuerBySlug(ctx, slug);
  return buildDidDocument({ did: issuer.did, keys: (await listIssuerKeys(ctx.db, issuer.id)).map(publishedKey) });
}

export async function getJwks(ctx: ServiceContext, slug: string): Promise<JsonObject> {
  const issuer = await loadIssuerBySlug(ctx, slug);
  return buildJwks((await listIssuerKeys(ctx.db, issuer.id)).map(publishedKey));
}

async function loadIssuerBySlug(ctx: ServiceContext, slug: string): Promise<IssuerRow> {
  const issuer = await findIssuerBySlug(ctx.db, slug);
  if (!issuer) throw new NotFoundError(`Issuer ${slug}`);
  return issuer;
}

/**
 * Resolves the did:web of an issuer hosted here, without a network round trip, for our own verifier: every
 * key it ever had asserts, so that a compromised key is reported by the issuer-key check, not hidden from
 * the proof check. (The published document, `getDidDocument`, withdraws compromised keys.)
 */
export async function resolveHostedDidForVerification(ctx: Pick<ServiceContext, 'db' | 'freshReads'>, did: string): Promise<JsonObject | undefined> {
  return ctx.freshReads.didDocuments.read(did, async () => {
    const issuer = await findIssuerByDid(ctx.db, did);
    if (!issuer) return undefined;
    const keys = (await listIssuerKeys(ctx.db, issuer.id)).map(publishedKey);
    return deepFreeze(buildDidDocument({ did: issuer.did, keys: keys.map((key) => ({ ...key, compromised: false })) }));
  });
}

/**
 * Retires the active key and creates a new one. Retired keys stay in the DID document and JWKS, so that
 * everything they signed still verifies; only the new key signs from now on.
 */
export async function rotateIssuerKey(ctx: ServiceContext, issuerId: string, actor: Actor): Promise<IssuerView> {
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await findIssuerById(trx, issuerId, actor.tenancy, { forUpdate: true });
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
    await retireActiveIssuerKey(trx, issuer.id);
    const key = await ctx.keyRing.createIssuerKey(trx, { issuerId: issuer.id, did: issuer.did });
    await appendAuditEvent(trx, {
      actor: actor.apiKeyId,
      action: 'issuer.key-rotated',
      issuerId: issuer.id,
      subjectId: issuer.id,
      details: { newVerificationMethod: key.verification_method },
    });
    return toIssuerView(ctx, issuer, await listIssuerKeys(trx, issuer.id));
  });
}

/**
 * Reports a key compromised from a date on: it stops asserting anything in the DID document and JWKS,
 * and verification reports what it signed. A compromised active key is replaced at once.
 */
export async function markKeyCompromised(
  ctx: ServiceContext,
  options: { issuerId: string; verificationMethod: string; compromisedAt: Date; reason: string; actor: Actor },
): Promise<IssuerView> {
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await findIssuerById(trx, options.issuerId, options.actor.tenancy, { forUpdate: true });
    if (!issuer) throw new NotFoundError(`Issuer ${options.issuerId}`);
    const key = await markIssuerKeyCompromised(trx, { ...options, issuerId: issuer.id });
    if (!key) throw new NotFoundError(`Key ${options.verificationMethod} of issuer ${issuer.id}`, '/verificationMethod');
    if (key.status === 'active') {
      await retireActiveIssuerKey(trx, issuer.id);
      await ctx.keyRing.createIssuerKey(trx, { issuerId: issuer.id, did: issuer.did });
    }
    await appendAuditEvent(trx, {
      actor: options.actor.apiKeyId,
      action: 'issuer.key-compromised',
      issuerId: issuer.id,
      subjectId: key.verification_method,
      details: { compromisedAt: options.compromisedAt.toISOString(), reason: options.reason },
    });
    return toIssuerView(ctx, issuer, await listIssuerKeys(trx, issuer.id));
  });
}

/** Sets the school's UFM scheme: competence wording and points. Codes must be distinct, each part assessed. */
export async function setUfmScheme(ctx: ServiceContext, issuerId: string, scheme: UfmScheme, actor: Actor): Promise<UfmScheme> {
  const codes = scheme.competences.map((competence) => competence.code);
  const violations = [];
  if (new Set(codes).size !== codes.length) violations.push({ rule: 'ufm-distinct-competences', field: '/competences', message: 'Competence codes must be distinct' });
  for (const part of [1, 2] as const) {
    if (!scheme.competences.some((competence) => competence.part === part)) {
      violations.push({ rule: 'ufm-both-parts-assessed', field: '/competences', message: `No competence is assessed in part ${part}` });
    }
  }
  if (violations.length > 0) throw new RuleViolationError(violations);
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await storeIssuerUfmScheme(trx, issuerId, actor.tenancy, scheme);
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.ufm-scheme-set', issuerId: issuer.id, subjectId: issuer.id });
    return scheme;
  });
}

function publishedKey(row: PublicKeyRow): PublishedKey {
  return {
    verificationMethod: row.verification_method,
    publicKeyMultibase: row.public_key_multibase,
    publicJwk: row.public_jwk,
    compromised: row.compromised_at !== null,
  };
}

function toIssuerView(ctx: ServiceContext, issuer: IssuerRow, keys: PublicKeyRow[]): IssuerView {
  const urls = ctx.publicUrls;
  return {
    id: issuer.id,
    slug: issuer.slug,
    kind: issuer.kind as IssuingKind,
    academyId: issuer.academy_id,
    did: issuer.did,
    profile: issuerProfile(issuer),
    profileUrl: urls.issuerProfile(issuer.slug),
    didDocumentUrl: urls.didDocument(issuer.slug),
    jwksUrl: urls.jwks(issuer.slug),
    keys: keys.map((key) => ({
      verificationMethod: key.verification_method,
      publicKeyMultibase: key.public_key_multibase,
      status: key.status,
      createdAt: key.created_at.toISOString(),
      compromisedAt: key.compromised_at && key.compromised_at.toISOString(),
    })),
    createdAt: issuer.created_at.toISOString(),
  };
}

import { disclosedRecipientName, type JsonObject } from '../domain/open-badges.js';
import { isMinorOn } from '../domain/mobility.js';
import { NotFoundError } from '../errors.js';
import { listStayAgesByAddress, type StayAge } from '../storage/learners-repository.js';
import type { Db } from '../storage/database.js';
import type { ReadSnapshot } from '../storage/fresh-cache.js';
import { replaceCredentialProofs, type CredentialRow } from '../storage/credentials-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { deleteWithheldName, findWithheldName, insertWithheldName } from '../storage/withheld-names-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';
import { credentialDocument, proofFormatsOf } from './credential-views.js';

/**
 * Whether a credential's public document names its recipient. Taking the name out (the learner's choice, or
 * a minor's stay) signs the same credential again without it — same id, same status entry, same proof formats
 * — so that it stays verifiable, and keeps the name aside (withheld_names) so that it can be put back the same way.
 */
export interface NameDisclosure {
  /** The name the public credential shows, if it shows one. */
  shown: string | undefined;
  /** The name taken out of it, which the learner may show again. */
  withheld: string | undefined;
}

export async function nameDisclosureOf(db: Db, credential: CredentialRow): Promise<NameDisclosure> {
  return { shown: disclosedRecipientName(credentialDocument(credential)), withheld: (await findWithheldName(db, credential.id))?.name };
}

type Proofs = { key_id: string; data_integrity: JsonObject | null; jwt: string | null };

/** The credential signed again with its recipient identities changed (the email hash stays). */
async function resign(ctx: ServiceContext, credential: CredentialRow, name: string | undefined): Promise<Proofs> {
  const issuer = await findIssuerById(ctx.db, credential.issuer_id, EVERY_SCHOOL);
  if (!issuer) throw new NotFoundError(`Issuer ${credential.issuer_id}`);
  const document = credentialDocument(credential);
  const subject = document.credentialSubject as JsonObject;
  const others = (subject.identifier as JsonObject[]).filter((identity) => identity.identityType !== 'name');
  const identifier = name === undefined ? others : [...others, { type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: name }];
  const { keyId, dataIntegrity, jwt } = await ctx.issuance.signProofs(issuer, { ...document, credentialSubject: { ...subject, identifier } }, proofFormatsOf(credential));
  return { key_id: keyId, data_integrity: dataIntegrity, jwt };
}

/**
 * Signs a credential again without its recipient's name, to store in `store` (a transaction of the caller's,
 * with what else the change comes with): signing is slow, so it is done before. Nothing when it names nobody.
 */
export async function withoutName(ctx: ServiceContext, credential: CredentialRow): Promise<((trx: Db) => Promise<void>) | undefined> {
  const name = disclosedRecipientName(credentialDocument(credential));
  if (name === undefined) return undefined;
  const proofs = await resign(ctx, credential, undefined);
  return async (trx) => {
    await replaceCredentialProofs(trx, credential.id, proofs);
    await insertWithheldName(trx, { credential_id: credential.id, name, withheld_at: ctx.now() });
  };
}

/** Signs a credential again with the name withheld from it; nothing when no name was withheld. */
export async function withName(ctx: ServiceContext, credential: CredentialRow): Promise<((trx: Db) => Promise<void>) | undefined> {
  const withheld = await findWithheldName(ctx.db, credential.id);
  if (!withheld || disclosedRecipientName(credentialDocument(credential)) !== undefined) return undefined;
  const proofs = await resign(ctx, credential, withheld.name);
  return async (trx) => {
    await replaceCredentialProofs(trx, credential.id, proofs);
    await deleteWithheldName(trx, credential.id);
  };
}

/**
 * Which of these addresses (lower case) any school of the deployment recorded, on one of its stays, as a
 * minor today (a date of birth under 18, or `minor: true`): every school then issues to them without the
 * name, as for its own stays. Addresses not kept in memory are read in one query, however many there are.
 */
export async function recordedMinors(ctx: ServiceContext, emails: readonly string[], asOf?: ReadSnapshot): Promise<Set<string>> {
  const today = ctx.now().toISOString().slice(0, 10);
  const addresses = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  let loading: Promise<Map<string, StayAge[]>> | undefined;
  const minors = new Set<string>();
  await Promise.all(
    addresses.map(async (address) => {
      const ages = await ctx.freshReads.stayAges.read(address, async () => (await (loading ??= listStayAgesByAddress(ctx.db, addresses))).get(address) ?? [], asOf);
      if (ages!.some((age) => isMinorOn(age, today))) minors.add(address);
    }),
  );
  return minors;
}

/** Whether one address was recorded as a minor's: see recordedMinors. */
export async function isRecordedMinor(ctx: ServiceContext, email: string, asOf?: ReadSnapshot): Promise<boolean> {
  return (await recordedMinors(ctx, [email], asOf)).size > 0;
}

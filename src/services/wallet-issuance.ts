import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { newSecret, sha256Hex } from '../domain/hash.js';
import { addDays } from '../domain/date-time.js';
import type { JsonObject } from '../domain/open-badges.js';
import { NotFoundError } from '../errors.js';
import {
  CREDENTIAL_CONFIGURATIONS,
  OAuthError,
  PRE_AUTHORIZED_GRANT,
  credentialOffer,
  isCredentialConfigurationId,
} from '../oid4vci/protocol.js';
import { verifyProofOfPossession } from '../oid4vci/proof-of-possession.js';
import { findCredentialById, findHolderCopy } from '../storage/credentials-repository.js';
import { isUniqueViolation } from '../storage/database.js';
import { mintNonce, readNonce } from '../oid4vci/nonces.js';
import {
  findOfferByAccessToken,
  insertCredentialOffer,
  recordNonceUse,
  recordOfferIssuance,
  redeemPreAuthorizedCode,
} from '../storage/offers-repository.js';
import { findStatusEntryOfCredential } from '../storage/status-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { issueHolderBoundCopy } from './credentials.js';
import { assertShareable } from './credential-status.js';

/** How long a wallet has to scan an offer (days), to use its access token and to use a nonce (seconds). */
const OFFER_LIFETIME_DAYS = 1;
const ACCESS_TOKEN_LIFETIME_S = 600;
const NONCE_LIFETIME_S = 300;

export interface CredentialOfferView {
  id: string;
  credentialId: string;
  credentialOffer: JsonObject;
  /** openid-credential-offer://…, for a link on a phone. */
  credentialOfferUri: string;
  /** The same URI as a QR code, for a wallet on another device. */
  qrCodeSvg: string;
  expiresAt: string;
}

/** An OpenID4VCI offer (pre-authorized code flow) for an active credential a key may read. */
export async function createCredentialOffer(ctx: ServiceContext, credentialId: string, actor: Actor): Promise<CredentialOfferView> {
  const credential = await findCredentialById(ctx.db, credentialId, actor.tenancy);
  if (!credential) throw new NotFoundError(`Credential ${credentialId}`);
  await assertShareable(ctx, credential.id);
  const code = newSecret();
  const expiresAt = addDays(ctx.now(), OFFER_LIFETIME_DAYS);
  const row = await insertCredentialOffer(ctx.db, {
    id: randomUUID(),
    credential_id: credential.id,
    pre_authorized_code_hash: code.hash,
    code_expires_at: expiresAt,
    created_by: actor.apiKeyId,
  });
  const { offer, uri } = credentialOffer(ctx.publicBaseUrl, code.secret);
  return {
    id: row.id,
    credentialId: credential.id,
    credentialOffer: offer,
    credentialOfferUri: uri,
    qrCodeSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    expiresAt: expiresAt.toISOString(),
  };
}

interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Also offered by the nonce endpoint; given here for wallets written against earlier drafts. */
  c_nonce: string;
  c_nonce_expires_in: number;
}

/** Token endpoint: a pre-authorized code, once and before it expires, for a short-lived access token. */
export async function exchangePreAuthorizedCode(ctx: ServiceContext, form: Record<string, unknown>): Promise<TokenResponse> {
  if (form.grant_type !== PRE_AUTHORIZED_GRANT) throw new OAuthError('unsupported_grant_type', `Only ${PRE_AUTHORIZED_GRANT} is supported`);
  const code = form['pre-authorized_code'];
  if (typeof code !== 'string' || code.length === 0) throw new OAuthError('invalid_request', 'pre-authorized_code is missing');
  const now = ctx.now();
  const token = newSecret();
  const offer = await redeemPreAuthorizedCode(ctx.db, sha256Hex(code), {
    accessTokenHash: token.hash,
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_S * 1000),
    now,
  });
  if (!offer) throw new OAuthError('invalid_grant', 'The pre-authorized code is unknown, expired or already used');
  return { access_token: token.secret, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, ...issueNonce(ctx) };
}

/** Nonce endpoint: a fresh c_nonce, good for one proof within a few minutes; nothing is stored (see oid4vci/nonces). */
export function issueNonce(ctx: ServiceContext): { c_nonce: string; c_nonce_expires_in: number } {
  const expiresAt = new Date(ctx.now().getTime() + NONCE_LIFETIME_S * 1000);
  return { c_nonce: mintNonce({ key: ctx.nonceKey, expiresAt }), c_nonce_expires_in: NONCE_LIFETIME_S };
}

/**
 * Credential endpoint: checks the access token, the requested configuration and the proof of possession
 * (with a nonce used once), then issues, or finds, the holder-bound copy of the offered credential and
 * answers it in the requested format. A revoked or suspended credential is not delivered.
 */
export async function issueCredentialToWallet(
  ctx: ServiceContext,
  request: { accessToken: string | undefined; body: unknown },
): Promise<{ credentials: { credential: string | JsonObject }[] }> {
  const now = ctx.now();
  const offer = request.accessToken && (await findOfferByAccessToken(ctx.db, sha256Hex(request.accessToken), now));
  if (!offer) throw new OAuthError('invalid_token', 'The access token is unknown or expired', 401);
  const body = (request.body ?? {}) as { credential_configuration_id?: unknown; proof?: { proof_type?: unknown; jwt?: unknown }; proofs?: { jwt?: unknown } };
  if (!isCredentialConfigurationId(body.credential_configuration_id)) {
    throw new OAuthError('unknown_credential_configuration', `credential_configuration_id must be one of ${Object.keys(CREDENTIAL_CONFIGURATIONS).join(', ')}`);
  }
  const proofJwt = Array.isArray(body.proofs?.jwt) ? body.proofs.jwt[0] : body.proof?.proof_type === 'jwt' ? body.proof.jwt : undefined;
  if (typeof proofJwt !== 'string') throw new OAuthError('invalid_proof', 'A proof of possession is required: proofs.jwt with one JWT');
  const { holderId, nonce } = await verifyProofOfPossession(proofJwt, { audience: ctx.publicBaseUrl, now });
  const fresh = readNonce({ key: ctx.nonceKey, nonce, now });
  if (!fresh || !(await recordNonceUse(ctx.db, { nonce_hash: sha256Hex(nonce), expires_at: fresh.expiresAt, used_at: now }))) {
    throw new OAuthError('invalid_nonce', 'The nonce is unknown, expired or already used: get a fresh one');
  }

  const original = await findCredentialById(ctx.db, offer.credential_id, EVERY_SCHOOL);
  const status = original && (await findStatusEntryOfCredential(ctx.db, original.id));
  if (!original || !status) throw new OAuthError('credential_request_denied', 'The offered credential no longer exists');
  if (status.state !== 'active') throw new OAuthError('credential_request_denied', `The offered credential is ${status.state}`);
  if (offer.issued_credential_id) {
    const delivered = await findCredentialById(ctx.db, offer.issued_credential_id, EVERY_SCHOOL);
    if (delivered?.holder_id !== holderId) throw new OAuthError('credential_request_denied', 'This offer was already delivered to another wallet');
  }
  // The offer's creator is who issues the copy, within the credential's own school.
  const actor: Actor = { apiKeyId: offer.created_by, role: 'school-issuer', tenancy: { kind: 'school', issuerId: original.issuer_id } };
  let copy = await findHolderCopy(ctx.db, original.id, holderId);
  if (!copy) {
    try {
      const issued = await issueHolderBoundCopy(ctx, original, holderId, actor);
      copy = await findCredentialById(ctx.db, issued.id, actor.tenancy);
    } catch (error) {
      // The same wallet asked twice at once: one copy was stored, and that one is delivered.
      if (!isUniqueViolation(error, 'credentials_one_copy_per_holder')) throw error;
      copy = await findHolderCopy(ctx.db, original.id, holderId);
    }
  }
  if (!copy) throw new Error('the holder-bound copy was neither issued nor found');
  await recordOfferIssuance(ctx.db, offer.id, copy.id);
  const format = CREDENTIAL_CONFIGURATIONS[body.credential_configuration_id];
  const delivered = format === 'jwt_vc_json' ? copy.jwt : copy.data_integrity;
  if (delivered === null) throw new Error('a holder-bound copy lacks a proof format: copies are issued in both');
  return { credentials: [{ credential: delivered }] };
}

import { decodeJwt } from 'jose';
import { randomUUID } from 'node:crypto';
import { subjectEmailIsOneOf, type JsonObject } from '../domain/open-badges.js';
import { AppError, ValidationError } from '../errors.js';
import { upsertImportedCredential } from '../storage/imported-credentials-repository.js';
import { issuerIdOf, type SecuredCredential } from '../verify/verify-credential.js';
import type { ServiceContext } from './context.js';
import { listLearnerAddresses } from './learner-space.js';
import { verifySecuredCredential } from './verification.js';

/** The OB 3.0 context a Profile names (OB 3.0 §6.2.4). */
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/**
 * getProfile (OB 3.0 §6.2.4): the learner as mobicred knows them, by their verified email addresses. The
 * id is the learner's, stable across their addresses; no name (the learner space keeps none).
 */
export async function learnerProfile(ctx: ServiceContext, learnerId: string): Promise<JsonObject> {
  const emails = await listLearnerAddresses(ctx, learnerId);
  return {
    '@context': [OB_CONTEXT],
    type: 'Profile',
    id: `urn:uuid:${learnerId}`,
    ...(emails[0] ? { email: emails[0] } : {}),
    otherIdentifier: emails.map((email) => ({ type: 'IdentifierEntry', identifier: email, identifierType: 'emailAddress' })),
  };
}

/** A credential a learner's platform sends, with the bytes it sent and their media type. */
export interface CredentialUpsert {
  secured: SecuredCredential;
  body: string;
  mediaType: string;
}

/**
 * upsertCredential (OB 3.0 §6.2.3): a credential from elsewhere joins the learner's list. It is verified
 * first, by the very path of `POST /v1/verify`, and kept only when the verdict is valid and its subject is
 * identified by one of the learner's verified email addresses, hashed or plain (anyone else's is refused). It is kept
 * exactly as sent, and replaces the one with the same issuer and id (OB 3.0's credential equality).
 */
export async function upsertLearnerCredential(ctx: ServiceContext, learnerId: string, upsert: CredentialUpsert): Promise<{ created: boolean }> {
  const report = await verifySecuredCredential(ctx, upsert.secured);
  if (report.verdict !== 'valid') {
    const failed = report.checks.filter((check) => check.outcome === 'failed').map((check) => `${check.check}: ${check.detail}`);
    throw new ValidationError(`The credential does not verify (${report.verdict})`, [{ field: '/', message: failed.join('; ') || report.verdict }]);
  }
  const credential = upsert.secured.format === 'ldp_vc' ? upsert.secured.credential : (decodeJwt(upsert.secured.jwt) as JsonObject);
  if (!subjectEmailIsOneOf(credential as JsonObject, await listLearnerAddresses(ctx, learnerId))) {
    throw new AppError('forbidden', 'The credential’s subject is not identified by one of this learner’s verified email addresses');
  }
  const issuer = issuerIdOf(credential as JsonObject);
  const validFrom = new Date(String(credential.validFrom));
  if (typeof credential.id !== 'string' || issuer === null) throw new ValidationError('The credential has no id or no issuer', [{ field: '/id', message: 'must be there' }]);
  return upsertImportedCredential(ctx.db, {
    id: randomUUID(),
    learner_id: learnerId,
    issuer,
    credential_id: credential.id,
    format: upsert.secured.format,
    media_type: upsert.mediaType,
    body: upsert.body,
    valid_from: Number.isNaN(validFrom.getTime()) ? ctx.now() : validFrom,
    at: ctx.now(),
  });
}

import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { assertPermitted, type Actor } from './access.js';
import { NotFoundError, SsoRefusedError, ValidationError } from '../errors.js';
import { openPrivateKey, sealPrivateKey } from '../keys/key-encryption.js';
import { findAcademyById } from '../storage/academies-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { findStaffPersonByEmail, listActiveStaffRoles, type StaffPersonRow } from '../storage/staff-repository.js';
import { findSsoProvider, insertSsoProvider, insertSsoSignIn, listSsoProviders, listSsoProvidersWithin, takeSsoSignIn, type SsoProviderRow } from '../storage/sso-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import type { ServiceContext } from './context.js';
import { recordSignIn } from './staff-accounts.js';

/**
 * Single sign-on for the console: OpenID Connect, authorization code flow with PKCE (S256), a nonce and a
 * state, with openid-client. A provider is configured for a school or for an academy (then its schools'
 * people use it). The provider says who the person is; mobicred decides what they may do: the address the
 * provider gives must already hold a role there, nobody is created by signing in.
 */
const SIGN_IN_LIFETIME_MS = 10 * 60_000;

export interface SsoProviderInput {
  name: string;
  issuerId?: string;
  academyId?: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  emailClaim?: string;
}

export interface SsoProviderView {
  id: string;
  name: string;
  issuerId: string | null;
  academyId: string | null;
  issuerUrl: string;
  clientId: string;
  emailClaim: string;
  redirectUri: string;
  createdAt: string;
}

export function ssoRedirectUri(ctx: ServiceContext): string {
  return `${ctx.publicBaseUrl}/console/sso/callback`;
}

function toView(ctx: ServiceContext, row: SsoProviderRow): SsoProviderView {
  return {
    id: row.id,
    name: row.name,
    issuerId: row.issuer_id,
    academyId: row.academy_id,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    emailClaim: row.email_claim,
    redirectUri: ssoRedirectUri(ctx),
    createdAt: row.created_at.toISOString(),
  };
}

/** A school admin configures their school's provider; an academy's is the platform's to configure. */
export async function createSsoProvider(ctx: ServiceContext, input: SsoProviderInput, actor: Actor): Promise<SsoProviderView> {
  assertPermitted(actor, input.academyId ? 'administer' : 'manage');
  if (!input.issuerId && !input.academyId) throw new ValidationError('A provider is for a school (issuerId) or an academy (academyId)', [{ field: '/issuerId', message: 'issuerId or academyId is required' }]);
  if (input.issuerId && !(await findIssuerById(ctx.db, input.issuerId, actor.tenancy))) throw new NotFoundError(`Issuer ${input.issuerId}`, '/issuerId');
  if (input.academyId && !(await findAcademyById(ctx.db, input.academyId, actor.tenancy))) throw new NotFoundError(`Academy ${input.academyId}`, '/academyId');
  const id = randomUUID();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertSsoProvider(trx, {
      id,
      name: input.name,
      issuer_id: input.issuerId ?? null,
      academy_id: input.academyId ?? null,
      issuer_url: input.issuerUrl,
      client_id: input.clientId,
      client_secret_sealed: sealPrivateKey({ keyEncryptionKey: ctx.staffSecretsKey, plaintext: Buffer.from(input.clientSecret, 'utf8'), boundTo: `sso:${id}` }),
      email_claim: input.emailClaim ?? 'email',
    });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'sso-provider.created', issuerId: row.issuer_id, subjectId: row.id, details: { issuerUrl: row.issuer_url } });
    return toView(ctx, row);
  });
}

export async function listVisibleSsoProviders(ctx: ServiceContext, actor: Actor): Promise<SsoProviderView[]> {
  assertPermitted(actor, 'read');
  return (await listSsoProvidersWithin(ctx.db, actor.tenancy)).map((row) => toView(ctx, row));
}

/** What the sign-in page offers: each provider's button. */
export async function listSsoProvidersForSignIn(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  return (await listSsoProviders(ctx.db)).map((row) => ({ id: row.id, name: row.name }));
}

/** Providers' metadata, discovered once per provider and process (the configuration a provider publishes). */
const discovered = new Map<string, Promise<oidc.Configuration>>();

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

async function configurationOf(ctx: ServiceContext, provider: SsoProviderRow): Promise<oidc.Configuration> {
  const key = `${provider.id}`;
  let configuration = discovered.get(key);
  if (!configuration) {
    const issuer = new URL(provider.issuer_url);
    const clientSecret = openPrivateKey({ keyEncryptionKey: ctx.staffSecretsKey, sealed: provider.client_secret_sealed, boundTo: `sso:${provider.id}` }).toString('utf8');
    // Plain http is accepted only for a provider on this machine (development, the tests' provider).
    const insecure = issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {};
    configuration = oidc.discovery(issuer, provider.client_id, undefined, oidc.ClientSecretPost(clientSecret), insecure);
    configuration.catch(() => discovered.delete(key));
    discovered.set(key, configuration);
  }
  return configuration;
}

/** Starts a sign-in at the provider: the URL to send the browser to; the request is kept in the database by its state. */
export async function beginSsoSignIn(ctx: ServiceContext, input: { providerId: string; sessionTokenHash: string }): Promise<string> {
  const provider = await findSsoProvider(ctx.db, input.providerId);
  if (!provider) throw new NotFoundError(`Single sign-on provider ${input.providerId}`);
  const configuration = await configurationOf(ctx, provider);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await insertSsoSignIn(ctx.db, {
    state,
    provider_id: provider.id,
    session_token_hash: input.sessionTokenHash,
    code_verifier: codeVerifier,
    nonce,
    expires_at: new Date(ctx.now().getTime() + SIGN_IN_LIFETIME_MS),
  });
  return oidc
    .buildAuthorizationUrl(configuration, {
      redirect_uri: ssoRedirectUri(ctx),
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    .toString();
}

/**
 * The provider's answer (the callback URL with its code and state): the code is exchanged (with the PKCE
 * verifier), the ID token checked (signature, issuer, audience, nonce), and the person is the one whose
 * address the configured claim carries, if they hold a role in the provider's school or academy.
 */
export async function completeSsoSignIn(ctx: ServiceContext, input: { callbackUrl: URL; sessionTokenHash: string }): Promise<StaffPersonRow> {
  const state = input.callbackUrl.searchParams.get('state') ?? '';
  const signIn = await takeSsoSignIn(ctx.db, state, ctx.now());
  if (!signIn || signIn.session_token_hash !== input.sessionTokenHash) throw new SsoRefusedError('This sign-in was not started here, or it has expired');
  const provider = await findSsoProvider(ctx.db, signIn.provider_id);
  if (!provider) throw new SsoRefusedError('The provider is no longer configured');
  const configuration = await configurationOf(ctx, provider);
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, input.callbackUrl, { pkceCodeVerifier: signIn.code_verifier, expectedNonce: signIn.nonce, expectedState: state, idTokenExpected: true });
    claims = tokens.claims();
    // With the code flow, a provider may give the scope's claims at its userinfo endpoint only (OpenID Connect Core 5.4).
    if (claims && claims[provider.email_claim] === undefined) claims = { ...claims, ...(await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims.sub))) };
  } catch (error) {
    throw new SsoRefusedError(`The provider's answer was refused: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const email = claims?.[provider.email_claim];
  if (typeof email !== 'string' || claims?.email_verified === false) throw new SsoRefusedError(`The provider gave no verified "${provider.email_claim}"`);
  const person = await findStaffPersonByEmail(ctx.db, email);
  const roles = person && !person.removed_at ? await listActiveStaffRoles(ctx.db, person.id) : [];
  const inScope = await Promise.all(roles.map((role) => roleWithinProvider(ctx, role, provider)));
  if (!person || !inScope.some(Boolean)) throw new SsoRefusedError('This address has no role in the console for this provider\'s school or academy');
  await recordSignIn(ctx.db, person, 'sso');
  return person;
}

async function roleWithinProvider(ctx: ServiceContext, role: { issuer_id: string | null; academy_id: string | null }, provider: SsoProviderRow): Promise<boolean> {
  if (provider.issuer_id) return role.issuer_id === provider.issuer_id;
  if (role.academy_id) return role.academy_id === provider.academy_id;
  if (!role.issuer_id) return false;
  const school = await findIssuerById(ctx.db, role.issuer_id, { kind: 'every-school' });
  return school?.academy_id === provider.academy_id;
}

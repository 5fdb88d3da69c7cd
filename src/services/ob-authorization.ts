import Provider, { errors, type AccessToken, type Configuration, type Interaction } from 'oidc-provider';
import { isObScope, OB_API_BASE_PATH, OB_SCOPE_VALUES, type ObApiUrls, type ObScope } from '../domain/ob-api.js';
import { derivePurposeKey } from '../keys/key-encryption.js';
import { openOauthSigningKeys } from '../keys/oauth-signing-keys.js';
import type { Db } from '../storage/database.js';
import { keepApprovedClient, oauthArtifactStore } from './ob-authorization-store.js';

/** OB 3.0 §7 recommends an hour for access tokens and ten minutes for codes. */
export const ACCESS_TOKEN_SECONDS = 60 * 60;
const AUTHORIZATION_CODE_SECONDS = 10 * 60;
/** A platform keeps fetching on the learner's behalf for this long after their approval, then asks again. */
const REFRESH_TOKEN_SECONDS = 90 * 24 * 60 * 60;
/** The time a learner has to sign in and approve. */
const INTERACTION_SECONDS = 60 * 60;

/** Who an access token speaks for, and what it may do. */
export interface ObApiAccess {
  learnerId: string;
  clientId: string;
  scopes: ReadonlySet<ObScope>;
}

/**
 * The authorization server of the OB 3.0 API: panva's oidc-provider, configured as OB 3.0 §7 asks — open
 * dynamic client registration (RFC 7591, no initial access token), the authorization code grant with PKCE
 * (S256 only), refresh tokens, token revocation (RFC 7009) — with its state in the database and its signing
 * keys sealed. The learner signs in and approves in mobicred's own pages (the interaction); the provider is
 * built on first use, once its keys are read.
 */
export interface ObAuthorization {
  readonly urls: ObApiUrls;
  provider(): Promise<Provider>;
  /** The access behind a bearer token of the API (an opaque token issued for its resource), or undefined. */
  accessFor(token: string): Promise<ObApiAccess | undefined>;
  /**
   * The learner approves the authorization request of an interaction at its consent prompt: a grant of what
   * it asks for, and its platform kept (a platform no learner approved expires). Says the grant's id.
   */
  approve(interaction: Interaction, learnerId: string): Promise<string>;
}

export function createObAuthorization(options: {
  db: Db;
  keyEncryptionKey: Buffer;
  urls: ObApiUrls;
  now: () => Date;
  /** Whether the learner behind an account id still has a space (a deleted space ends its platforms' access). */
  learnerExists: (learnerId: string) => Promise<boolean>;
}): ObAuthorization {
  let building: Promise<Provider> | undefined;
  const provider = () => (building ??= buildProvider(options).catch((error: unknown) => {
    building = undefined;
    throw error;
  }));
  return {
    urls: options.urls,
    provider,
    async accessFor(token) {
      const accessToken = await (await provider()).AccessToken.find(token);
      if (!accessToken || !audienceIncludes(accessToken, options.urls.resource)) return undefined;
      if (!(await options.learnerExists(accessToken.accountId))) return undefined;
      return { learnerId: accessToken.accountId, clientId: accessToken.clientId, scopes: new Set([...accessToken.scopes].filter(isObScope)) };
    },
    async approve(interaction, learnerId) {
      if (interaction.prompt.name !== 'consent' || interaction.session?.accountId !== learnerId) throw new Error('Only the signed-in learner approves, at the consent prompt');
      const clientId = String(interaction.params.client_id);
      const grant = new (await provider()).Grant({ accountId: learnerId, clientId });
      const missing = interaction.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant.save();
      await keepApprovedClient(options.db, clientId);
      return grantId;
    },
  };
}

function audienceIncludes(token: AccessToken, resource: string): boolean {
  return Array.isArray(token.aud) ? token.aud.includes(resource) : token.aud === resource;
}

async function buildProvider(options: Parameters<typeof createObAuthorization>[0]): Promise<Provider> {
  const { urls } = options;
  const jwks = await openOauthSigningKeys(options.db, options.keyEncryptionKey);
  const configuration: Configuration = {
    adapter: oauthArtifactStore({
      db: options.db,
      clientSecretsKey: derivePurposeKey({ keyEncryptionKey: options.keyEncryptionKey, purpose: 'ob api client secrets' }),
      now: options.now,
    }),
    jwks,
    cookies: {
      names: { session: 'mobicred_ob_session', interaction: 'mobicred_ob_interaction', resume: 'mobicred_ob_resume' },
      keys: [derivePurposeKey({ keyEncryptionKey: options.keyEncryptionKey, purpose: 'ob api cookies' }).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', path: OB_API_BASE_PATH },
      short: { httpOnly: true, sameSite: 'lax', path: OB_API_BASE_PATH },
    },
    // The OB scopes are registrable (a platform registers the ones it will ask for) and the resource's scopes.
    scopes: ['openid', 'offline_access', ...OB_SCOPE_VALUES],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    pkce: { required: () => true },
    routes: { authorization: '/authorize', token: '/token', registration: '/register', revocation: '/revoke', jwks: '/jwks' },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => urls.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== urls.resource) throw new errors.InvalidTarget();
          return { scope: OB_SCOPE_VALUES.join(' '), audience: urls.resource, accessTokenTTL: ACCESS_TOKEN_SECONDS, accessTokenFormat: 'opaque' };
        },
      },
    },
    extraClientMetadata: { properties: ['software_id', 'software_version'], validator: checkObRegistration },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => urls.interactionPath(interaction.uid) },
    // Every authorization is approved by the learner in person: only the approval given in this very
    // interaction counts, an earlier one is never reused silently.
    loadExistingGrant: async (ctx: { oidc: { result?: { consent?: { grantId?: string } }; provider: { Grant: { find(id: string): Promise<unknown> } } } }) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Access lasts beyond the browser session in which the learner approved it (until revoked or expired).
    expiresWithSession: async () => false,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, accountId: string) =>
      (await options.learnerExists(accountId)) ? { accountId, claims: async () => ({ sub: accountId }) } : undefined,
    // No browser script calls these endpoints: platforms call them from their servers.
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      AuthorizationCode: AUTHORIZATION_CODE_SECONDS,
      RefreshToken: REFRESH_TOKEN_SECONDS,
      Grant: REFRESH_TOKEN_SECONDS,
      Interaction: INTERACTION_SECONDS,
      Session: INTERACTION_SECONDS,
      IdToken: ACCESS_TOKEN_SECONDS,
    },
    renderError: renderAuthorizationError,
  };
  return new Provider(urls.issuer, configuration);
}

/**
 * OB 3.0 §7.1.2: a registration names the platform (client_name, client_uri, logo_uri, tos_uri, policy_uri,
 * software_id, software_version), its redirect_uris and the scopes it will ask for; every URL is https on
 * one host name. Plain http is allowed on loopback only (a platform under development, the tests).
 */
function checkObRegistration(_ctx: unknown, key: string, _value: unknown, metadata: Record<string, unknown>): void {
  if (key !== 'software_id') return;
  // PostgreSQL stores neither in text or JSON: refused here, as the service's own JSON bodies refuse them.
  if (holdsUnstorableText(metadata)) throw new errors.InvalidClientMetadata('a value holds a NUL character or a lone UTF-16 surrogate (text that is not Unicode)');
  for (const required of ['client_name', 'client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'software_id', 'software_version', 'scope']) {
    if (typeof metadata[required] !== 'string' || metadata[required] === '') throw new errors.InvalidClientMetadata(`${required} is required (Open Badges 3.0 §7.1.2)`);
  }
  const urlsOf = [metadata.client_uri, metadata.logo_uri, metadata.tos_uri, metadata.policy_uri, ...((metadata.redirect_uris as unknown[] | undefined) ?? [])];
  const hosts = new Set<string>();
  for (const value of urlsOf) {
    const url = URL.parse(String(value));
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))) {
      throw new errors.InvalidClientMetadata(`${String(value)} is not an https URL (Open Badges 3.0 §7.1.2)`);
    }
    hosts.add(url.hostname);
  }
  if (hosts.size !== 1) throw new errors.InvalidClientMetadata('client_uri, logo_uri, tos_uri, policy_uri and redirect_uris must share one host name (Open Badges 3.0 §7.1.2)');
  const scopes = String(metadata.scope).split(' ').filter((scope) => scope !== 'offline_access');
  if (scopes.length === 0 || !scopes.every(isObScope)) throw new errors.InvalidClientMetadata(`scope may only hold ${OB_SCOPE_VALUES.join(', ')} (and offline_access)`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.some(holdsUnstorableText);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, item]) => UNSTORABLE.test(key) || holdsUnstorableText(item));
  return false;
}

/**
 * An authorization request the provider cannot send back to the platform (an unknown client or redirect_uri,
 * an interaction that is over): OAuth's error members, never markup echoed from the request, never a stack.
 */
async function renderAuthorizationError(ctx: { type: string; body: unknown }, out: Record<string, unknown>): Promise<void> {
  ctx.type = 'application/json';
  ctx.body = { error: String(out.error), ...(out.error_description ? { error_description: String(out.error_description) } : {}) };
}

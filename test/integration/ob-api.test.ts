import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, SCHOOL } from '../support/api.js';
import { authorizationRequest, OB_SCOPE, registerPlatform, startPlatform, type Platform } from '../support/ob-platform.js';
import { signedInLearner, type LearnerClient } from '../support/learner.js';
import { deleteLearnerSpace } from '../../src/services/learner-space.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { verifyDataIntegrity } from '../support/verifier.js';
import { resignWithDidKey } from '../support/impostor.js';
import { loadJsonSchemas } from '../../src/json-schemas.js';
import { createApp } from '../../src/http/app.js';
import { pino } from 'pino';

const schemas = loadJsonSchemas();
const conforms = (schema: string, value: unknown) => expect(schemas.errorsOf(`urn:mobicred:schema:${schema}`, value)).toEqual([]);

/** The cookies a browser keeps, by name (path and expiry do not matter to these exchanges). */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.#cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  add(header: string): void {
    for (const pair of header.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

describe.each(BACKENDS)('the Open Badges 3.0 API on $name', (backend) => {
  let server: Server;
  let base: string;
  let service: TestService;
  let platform: Platform;
  let mailbox: Mailbox;
  let clock = new Date();
  const issuedToLea: string[] = [];
  const sessions = new Map<string, LearnerClient>();
  /** The learner's browser, signed in once by an emailed link (their space allows only a few links an hour). */
  const learnerSession = async (email: string) => {
    if (!sessions.has(email)) sessions.set(email, await signedInLearner(service.app, mailbox, email, base));
    return sessions.get(email)!;
  };
  const learnerCookie = async (email: string) => (await learnerSession(email)).cookieHeader;

  /** The learner's browser follows redirects from `next` until the consent page (with its CSRF token) or the platform. */
  async function follow(next: string, jar: CookieJar): Promise<{ callback: URL } | { consentUrl: string; consentPage: string; csrf: string }> {
    for (let step = 0; step < 12; step += 1) {
      if (next.startsWith(platform.redirectUri)) return { callback: new URL(next) };
      const response = await fetch(next, { redirect: 'manual', headers: { Cookie: jar.header() } });
      jar.take(response);
      if (response.status === 200 && response.headers.get('content-type')?.startsWith('text/html')) {
        const consentPage = await response.text();
        return { consentUrl: next, consentPage, csrf: /name="_csrf" value="([^"]+)"/.exec(consentPage)![1]! };
      }
      if (response.status !== 303 && response.status !== 302) throw new Error(`${next} answered ${response.status}: ${await response.text()}`);
      next = new URL(response.headers.get('location')!, next).href;
    }
    throw new Error('the authorization never came back to the platform');
  }

  const postConsent = (consentUrl: string, jar: CookieJar, form: Record<string, string>) =>
    fetch(consentUrl, { method: 'POST', redirect: 'manual', headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

  /** A learner's browser through the authorization: sign-in state from their space, consent page, decision. */
  async function authorize(url: URL, cookie: string, decision: 'approve' | 'refuse' = 'approve'): Promise<{ callback: URL; consentPage: string }> {
    const jar = new CookieJar();
    jar.add(cookie);
    const consent = await follow(url.href, jar);
    if ('callback' in consent) throw new Error('the platform got an answer without the learner being asked');
    const posted = await postConsent(consent.consentUrl, jar, { _csrf: consent.csrf, decision });
    jar.take(posted);
    const back = await follow(new URL(posted.headers.get('location')!, consent.consentUrl).href, jar);
    if (!('callback' in back)) throw new Error('the learner was asked twice');
    return { callback: back.callback, consentPage: consent.consentPage };
  }

  /** A platform registered for `scopes`, approved by the learner: its tokens. */
  async function approvedPlatform(email: string, scopes: readonly string[]) {
    const { config } = await registerPlatform(base, platform, { scopes });
    const authorization = await authorizationRequest(config, platform, scopes);
    const { callback, consentPage } = await authorize(authorization.url, await learnerCookie(email));
    return { config, tokens: await authorization.finish(callback), consentPage };
  }

  const api = (path: string, token: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mailbox = await startMailbox();
    service = await startTestService(backend, { publicBaseUrl: base, now: () => clock, smtp: { url: mailbox.url, from: 'mobicred <badges@mobicred.test>' } });
    server.on('request', service.app);
    platform = await startPlatform();
    const admin = adminApi(service);
    // Two schools issue to Léa: one credential with both proofs, one as a VC-JWT only; another learner has one.
    for (const [slug, proofFormats] of [['lp-jean-moulin', ['ldp_vc', 'jwt_vc_json']], ['cfa-btp-lyon', ['jwt_vc_json']]] as const) {
      const issuer = await admin.createIssuer({ ...SCHOOL, slug, name: slug });
      const achievement = await admin.createAchievement(issuer.id);
      const issued = await admin.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea.martin@example.org' }, proofFormats });
      expect(issued.status).toBe(201);
      issuedToLea.push(issued.body.id);
      if (slug === 'lp-jean-moulin') expect((await admin.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'tom.durand@example.org' } })).status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    server?.closeAllConnections();
    await new Promise((closed) => server?.close(closed));
    await service?.close();
    await mailbox?.close();
  });

  it('when a platform reads the service description, then it is unprotected and names registration, authorization, token and the scopes', async () => {
    const response = await fetch(`${base}/ims/ob/v3p0/discovery`);
    expect(response.status).toBe(200);
    const description = await response.json();
    const acg = description.components.securitySchemes.OAuth2ACG;
    expect(description.openapi).toBe('3.0.1');
    expect(description.info).toMatchObject({ title: expect.any(String), termsOfService: `${base}/privacy#terms`, 'x-imssf-privacyPolicyUrl': `${base}/privacy` });
    expect(acg).toMatchObject({ 'x-imssf-privacyPolicyUrl': `${base}/privacy`, 'x-imssf-termsOfServiceUrl': `${base}/privacy#terms` });
    // The page they name is there, and has the terms where the fragment points.
    expect(await (await fetch(`${base}/privacy?lang=en`)).text()).toContain('<h2 id="terms">Terms of use</h2>');
    expect(acg).toMatchObject({ type: 'oauth2', 'x-imssf-registrationUrl': `${base}/ims/ob/v3p0/oauth/register` });
    expect(acg.flows.authorizationCode).toMatchObject({ authorizationUrl: `${base}/ims/ob/v3p0/oauth/authorize`, tokenUrl: `${base}/ims/ob/v3p0/oauth/token` });
    expect(Object.keys(acg.flows.authorizationCode.scopes).sort()).toEqual([OB_SCOPE.read, OB_SCOPE.upsert, OB_SCOPE.profile].sort());
  });

  it('when a registration leaves out what OB 3.0 requires, or mixes hosts, or uses http off loopback, then it is refused as invalid_client_metadata', async () => {
    const complete = {
      client_name: 'CV', client_uri: 'https://cv.example.org/', logo_uri: 'https://cv.example.org/logo.png', tos_uri: 'https://cv.example.org/terms',
      policy_uri: 'https://cv.example.org/privacy', software_id: 'cv', software_version: '1', redirect_uris: ['https://cv.example.org/cb'], scope: OB_SCOPE.read,
    };
    const register = (body: object) => request(service.app).post('/ims/ob/v3p0/oauth/register').send(body);
    expect((await register(complete)).status).toBe(201);
    for (const faulty of [
      { ...complete, logo_uri: undefined },
      { ...complete, software_version: undefined },
      { ...complete, policy_uri: 'https://elsewhere.example.net/privacy' },
      { ...complete, redirect_uris: ['http://cv.example.org/cb'] },
      { ...complete, scope: 'openid' },
      { ...complete, client_name: 'CV\uD800' },
    ]) {
      const response = await register(faulty);
      expect(response.status, JSON.stringify(faulty)).toBe(400);
      expect(response.body.error).toBe('invalid_client_metadata');
    }
  });

  it('when a learner approves a platform, then it pages through every credential issued to them by two schools, each as issued and verifying, with X-Total-Count and Link', async () => {
    const { tokens, consentPage } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read, OB_SCOPE.profile]);
    expect(consentPage).toContain('CV Express');
    expect(tokens.scope?.split(' ').sort()).toEqual([OB_SCOPE.read, OB_SCOPE.profile].sort());
    expect(tokens.refresh_token).toEqual(expect.any(String));

    let next: string | undefined = `/ims/ob/v3p0/credentials?limit=1`;
    const pages: { credential: any[]; compactJwsStrings: string[] }[] = [];
    while (next) {
      const response = await api(next.replace(base, ''), tokens.access_token);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total-count')).toBe('2');
      const links = Object.fromEntries([...response.headers.get('link')!.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((match) => [match[2], match[1]]));
      expect(links.first).toBe(`${base}/ims/ob/v3p0/credentials?limit=1&offset=0`);
      expect(links.last).toBe(`${base}/ims/ob/v3p0/credentials?limit=1&offset=1`);
      const body = await response.json();
      conforms('ob-get-credentials-response', body);
      pages.push(body);
      if (pages.length === 2) expect(links.prev).toBe(`${base}/ims/ob/v3p0/credentials?limit=1&offset=0`);
      next = links.next;
    }
    expect(pages).toHaveLength(2);
    const [[credential], [jwt]] = [pages.flatMap((page) => page.credential), pages.flatMap((page) => page.compactJwsStrings)];
    // The reference verifier checks the JSON-LD credential; jose checks the VC-JWT against its school's keys.
    const did = await request(service.app).get('/issuers/lp-jean-moulin/did.json');
    expect((await verifyDataIntegrity(service.app, credential, did.body)).verified).toBe(true);
    const { payload } = await jwtVerify(jwt!, createRemoteJWKSet(new URL(`${base}/issuers/cfa-btp-lyon/jwks.json`)));
    expect([credential.id, payload.id].sort()).toEqual(issuedToLea.map((id) => `${base}/credentials/${id}`).sort());

    const profile = await api('/ims/ob/v3p0/profile', tokens.access_token);
    expect(profile.status).toBe(200);
    const profileBody = await profile.json();
    conforms('ob-profile', profileBody);
    expect(profileBody.email).toBe('lea.martin@example.org');
  });

  it('when since is given, then only later credentials come; when it is forged, or limit or offset are not integers, then 400 Imsx_StatusInfo', async () => {
    const { tokens } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read]);
    const later = await api(`/ims/ob/v3p0/credentials?since=${encodeURIComponent(new Date(clock.getTime() + 60_000).toISOString())}`, tokens.access_token);
    expect([later.status, later.headers.get('x-total-count')]).toEqual([200, '0']);
    for (const query of ['since=yesterday', "since=2026-01-01' OR '1'='1", 'since=2026-13-45T99:00:00Z', 'since=2026-01-01', 'limit=0', 'limit=-1', 'offset=x', 'limit=1&limit=2']) {
      const response = await api(`/ims/ob/v3p0/credentials?${query}`, tokens.access_token);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      conforms('ob-imsx-status-info', body);
      expect(body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_query_parameter');
    }
  });

  it('when a token lacks the scope, is missing, or has expired, then 403 and 401 Imsx_StatusInfo with a Bearer challenge', async () => {
    const { tokens } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read]);
    const profile = await api('/ims/ob/v3p0/profile', tokens.access_token);
    expect(profile.status).toBe(403);
    expect(profile.headers.get('www-authenticate')).toContain('insufficient_scope');
    conforms('ob-imsx-status-info', await profile.json());
    const upsert = await api('/ims/ob/v3p0/credentials', tokens.access_token, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'a.b.c' });
    expect(upsert.status).toBe(403);
    const missing = await fetch(`${base}/ims/ob/v3p0/credentials`);
    expect(missing.status).toBe(401);
    conforms('ob-imsx-status-info', await missing.json());
    clock = new Date(clock.getTime() + 2 * 60 * 60 * 1000);
    try {
      const expired = await api('/ims/ob/v3p0/credentials', tokens.access_token);
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
      expect((await expired.json()).imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorizedrequest');
    } finally {
      clock = new Date();
    }
  });

  it('when the refresh token is revoked (RFC 7009), then refreshing fails and the access token of the grant no longer works', async () => {
    const { config, tokens } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read]);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await api('/ims/ob/v3p0/credentials', refreshed.access_token)).status).toBe(200);
    await client.tokenRevocation(config, refreshed.refresh_token!, { token_type_hint: 'refresh_token' });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await api('/ims/ob/v3p0/credentials', refreshed.access_token)).status).toBe(401);
  });

  it('when another learner approves, then their token reaches their credentials only, and no URL names a learner', async () => {
    const { tokens } = await approvedPlatform('tom.durand@example.org', [OB_SCOPE.read]);
    const response = await api('/ims/ob/v3p0/credentials', tokens.access_token);
    const body = await response.json();
    expect(response.headers.get('x-total-count')).toBe('1');
    expect(JSON.stringify(body)).not.toContain(issuedToLea[0]);
    expect(JSON.stringify(body)).not.toContain(issuedToLea[1]);
  });

  it('when an authorization request comes without PKCE, or with the plain method, then the platform gets invalid_request and the learner is not asked', async () => {
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read] });
    for (const pkce of [{}, { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }] as Record<string, string>[]) {
      const url = client.buildAuthorizationUrl(config, { redirect_uri: platform.redirectUri, scope: OB_SCOPE.read, state: 's', ...pkce });
      const response = await fetch(url, { redirect: 'manual' });
      const back = new URL(response.headers.get('location')!, base);
      expect(back.href.startsWith(platform.redirectUri), JSON.stringify(pkce)).toBe(true);
      expect(back.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('when nobody is signed in, then the consent page sends them to their space’s sign-in, which leads back to it', async () => {
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read] });
    const authorization = await authorizationRequest(config, platform, [OB_SCOPE.read]);
    const jar = new CookieJar();
    const started = await fetch(authorization.url, { redirect: 'manual' });
    jar.take(started);
    const interaction = new URL(started.headers.get('location')!, base);
    const page = await fetch(interaction, { redirect: 'manual', headers: { Cookie: jar.header() } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/me/sign-in?next=${encodeURIComponent(interaction.pathname)}`);
  });

  it('when the learner refuses, then the platform gets access_denied and no code', async () => {
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read] });
    const authorization = await authorizationRequest(config, platform, [OB_SCOPE.read]);
    const { callback } = await authorize(authorization.url, await learnerCookie('lea.martin@example.org'), 'refuse');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('when a platform sends a learner’s badge from elsewhere, then it is verified, kept as sent (201, then 200), and listed; someone else’s or a tampered one is refused', async () => {
    const { tokens } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read, OB_SCOPE.upsert]);
    const mine = (await request(service.app).get(`/credentials/${issuedToLea[0]}`)).body;
    const elsewhere = JSON.stringify(await resignWithDidKey(mine), null, 1);
    const send = (body: string, type = 'application/json') => api('/ims/ob/v3p0/credentials', tokens.access_token, { method: 'POST', headers: { 'Content-Type': type }, body });
    const created = await send(elsewhere);
    expect(created.status).toBe(201);
    expect(await created.text()).toBe(elsewhere);
    expect((await send(elsewhere)).status).toBe(200);
    const listed = await (await api('/ims/ob/v3p0/credentials', tokens.access_token)).json();
    expect(listed.credential.map((credential: any) => credential.issuer.id)).toContain(JSON.parse(elsewhere).issuer.id);

    const toms = await resignWithDidKey((await request(service.app).get(`/credentials/${issuedToLea[0]}`)).body);
    toms.credentialSubject.identifier[0].identityHash = 'sha256$' + '0'.repeat(64);
    const someoneElse = await send(JSON.stringify(await resignWithDidKey(toms)));
    expect(someoneElse.status).toBe(403);
    // OB 3.0 IdentityObject: a plain email address is the learner's only when it is one of their verified ones; a DID alone names nobody of theirs.
    const namedBy = async (subject: Record<string, unknown>) => {
      const copy = structuredClone(mine);
      const { identifier: _identifier, ...rest } = copy.credentialSubject;
      copy.credentialSubject = { ...rest, ...subject };
      return send(JSON.stringify(await resignWithDidKey(copy)));
    };
    const plainEmail = (email: string) => ({ identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: email }] });
    for (const subject of [plainEmail('tom.durand@example.org'), { id: 'did:example:tom-durand' }]) {
      const refusedSubject = await namedBy(subject);
      expect(refusedSubject.status, JSON.stringify(subject)).toBe(403);
      const body = await refusedSubject.json();
      conforms('ob-imsx-status-info', body);
      expect(body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('forbidden');
    }
    expect((await namedBy(plainEmail('Lea.Martin@example.org'))).status).toBe(201);
    const tampered = JSON.parse(elsewhere);
    tampered.credentialSubject.achievement.name = 'Something else';
    const refused = await send(JSON.stringify(tampered));
    expect(refused.status).toBe(400);
    conforms('ob-imsx-status-info', await refused.json());
    // Text that is not Unicode, which PostgreSQL cannot keep: refused before anything is verified or stored.
    const notUnicode = await send(elsewhere.replace('"type":', '"comment": "x\\ud800y", "type":'));
    const notUnicodeBody = await notUnicode.json();
    expect([notUnicode.status, notUnicodeBody]).toEqual([400, expect.objectContaining({ imsx_codeMajor: 'failure' })]);
    expect(notUnicodeBody.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_data');
  });
  it('when one address registers platforms past the limit, then it gets 429 slow_down', async () => {
    const limited = createApp({ ctx: service.ctx, logger: pino({ level: 'silent' }), obRegistrationsPerMinute: 2 });
    const registration = {
      client_name: 'Flood', client_uri: 'https://flood.example.org/', logo_uri: 'https://flood.example.org/logo.png', tos_uri: 'https://flood.example.org/terms',
      policy_uri: 'https://flood.example.org/privacy', software_id: 'flood', software_version: '1', redirect_uris: ['https://flood.example.org/cb'], scope: OB_SCOPE.read,
    };
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await request(limited).post('/ims/ob/v3p0/oauth/register').send(registration));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 429]);
    expect(answers[2]!.body.error).toBe('slow_down');
  });

  it('when 30 days pass, then a platform no learner approved is gone and one a learner approved still refreshes its tokens', async () => {
    const { config: approved, tokens } = await approvedPlatform('lea.martin@example.org', [OB_SCOPE.read]);
    const { config: unapproved } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read] });
    clock = new Date(clock.getTime() + 31 * 24 * 60 * 60 * 1000);
    try {
      const refreshed = await client.refreshTokenGrant(approved, tokens.refresh_token!);
      expect((await api('/ims/ob/v3p0/credentials', refreshed.access_token)).status).toBe(200);
      const url = client.buildAuthorizationUrl(unapproved, { redirect_uri: platform.redirectUri, scope: OB_SCOPE.read, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      const response = await fetch(url, { redirect: 'manual' });
      expect([response.status, (await response.json()).error]).toEqual([400, 'invalid_client']);
    } finally {
      clock = new Date();
    }
  });
  it('when schools issue and platforms add in turn, then getCredentials is one list newest first by when each entered it, paged across both, and since means that time for both', async () => {
    const admin = adminApi(service);
    const issuer = await admin.createIssuer({ ...SCHOOL, slug: 'lycee-paging', name: 'Lycée Paging' });
    const achievement = await admin.createAchievement(issuer.id);
    const issue = async () => {
      const issued = await admin.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'nina.petit@example.org' }, proofFormats: ['ldp_vc'] });
      expect(issued.status).toBe(201);
      return (await request(service.app).get(`/credentials/${issued.body.id}`)).body;
    };
    // A moment strictly between two events (timestamps are kept to the millisecond).
    const between = async () => {
      const waitPast = async (at: number) => {
        while (Date.now() <= at) await new Promise((resolve) => setTimeout(resolve, 1));
      };
      await waitPast(Date.now());
      const moment = new Date();
      await waitPast(moment.getTime());
      return moment;
    };
    const first = await issue();
    const afterFirst = await between();
    clock = new Date();
    const { tokens } = await approvedPlatform('nina.petit@example.org', [OB_SCOPE.read, OB_SCOPE.upsert]);
    // Each addition is a copy of the first school credential (so it names Nina, with the first's validFrom) under its own id.
    const add = async (id: string) => {
      clock = new Date();
      const copy = await resignWithDidKey({ ...structuredClone(first), id });
      const response = await api('/ims/ob/v3p0/credentials', tokens.access_token, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(copy) });
      expect(response.status).toBe(201);
    };
    await add('urn:example:added-first');
    const afterAdded = await between();
    const second = await issue();
    await between();
    await add('urn:example:added-last');
    const idsOf = async (query: string) => {
      const response = await api(`/ims/ob/v3p0/credentials?${query}`, tokens.access_token);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.compactJwsStrings).toEqual([]);
      return { total: response.headers.get('x-total-count'), ids: body.credential.map((credential: any) => credential.id) };
    };
    const newestFirst = ['urn:example:added-last', second.id, 'urn:example:added-first', first.id];
    expect(await idsOf('limit=3')).toEqual({ total: '4', ids: newestFirst.slice(0, 3) });
    expect(await idsOf('limit=3&offset=3')).toEqual({ total: '4', ids: newestFirst.slice(3) });
    expect(await idsOf(`limit=1&offset=2&since=${encodeURIComponent(afterFirst.toISOString())}`)).toEqual({ total: '3', ids: ['urn:example:added-first'] });
    expect(await idsOf(`since=${encodeURIComponent(afterAdded.toISOString())}`)).toEqual({ total: '2', ids: newestFirst.slice(0, 2) });
  });
  it('when the consent is posted without or with a wrong _csrf, or from another learner’s session, then it is refused and nothing is granted', async () => {
    const grants = async () => (await service.ctx.db.selectFrom('oauth_artifacts').select('id_hash').where('model', '=', 'Grant').execute()).length;
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read] });
    const authorization = await authorizationRequest(config, platform, [OB_SCOPE.read]);
    const jar = new CookieJar();
    jar.add(await learnerCookie('lea.martin@example.org'));
    const consent = await follow(authorization.url.href, jar);
    if ('callback' in consent) throw new Error('the learner was not asked');
    const before = await grants();
    const consentPath = new URL(consent.consentUrl).pathname;
    const forged: Record<string, string>[] = [{ decision: 'approve' }, { _csrf: consent.csrf.slice(0, -2) + 'xx', decision: 'approve' }];
    for (const form of forged) {
      const refused = await postConsent(consent.consentUrl, jar, form);
      expect([refused.status, new URL(refused.headers.get('location')!, base).pathname], JSON.stringify(form)).toEqual([303, consentPath]);
    }
    // Tom's own session and CSRF token, with Léa's authorization request (its cookies): he is sent to sign in, not asked.
    const tom = await learnerSession('tom.durand@example.org');
    const tomsBrowser = new CookieJar();
    tomsBrowser.add(jar.header());
    tomsBrowser.add(tom.cookieHeader);
    const otherLearner = await postConsent(consent.consentUrl, tomsBrowser, { _csrf: tom.csrfToken!, decision: 'approve' });
    expect([otherLearner.status, otherLearner.headers.get('location')]).toEqual([303, `/me/sign-in?next=${encodeURIComponent(consentPath)}`]);
    expect(await grants()).toBe(before);
    expect(platform.callbacks.some((callback) => callback.searchParams.get('state') === authorization.url.searchParams.get('state'))).toBe(false);
    // The same request, approved with Léa's token, is granted: what was refused above was the token and the learner.
    const approved = await postConsent(consent.consentUrl, jar, { _csrf: consent.csrf, decision: 'approve' });
    jar.take(approved);
    expect('callback' in (await follow(new URL(approved.headers.get('location')!, consent.consentUrl).href, jar))).toBe(true);
    expect(await grants()).toBe(before + 1);
  });

  it('when the learner deletes their space, then their platform’s access token is refused (401) and its refresh token no longer refreshes', async () => {
    const admin = adminApi(service);
    const issuer = await admin.createIssuer({ ...SCHOOL, slug: 'lycee-deleted', name: 'Lycée Deleted' });
    const achievement = await admin.createAchievement(issuer.id);
    expect((await admin.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'sam.leroy@example.org' } })).status).toBe(201);
    const { config, tokens } = await approvedPlatform('sam.leroy@example.org', [OB_SCOPE.read, OB_SCOPE.profile]);
    expect((await api('/ims/ob/v3p0/credentials', tokens.access_token)).status).toBe(200);
    const learnerId = String((await (await api('/ims/ob/v3p0/profile', tokens.access_token)).json()).id).replace('urn:uuid:', '');
    await deleteLearnerSpace(service.ctx, learnerId);
    const refused = await api('/ims/ob/v3p0/credentials', tokens.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
  it('when a resource path is called with a method it does not serve, then 405 Imsx_StatusInfo with Allow', async () => {
    for (const [method, path, allow] of [['PUT', 'credentials', 'GET, HEAD, POST'], ['DELETE', 'credentials', 'GET, HEAD, POST'], ['POST', 'profile', 'GET, HEAD'], ['PUT', 'profile', 'GET, HEAD'], ['POST', 'discovery', 'GET, HEAD']]) {
      const response = await fetch(`${base}/ims/ob/v3p0/${path}`, { method });
      expect([response.status, response.headers.get('allow')], `${method} ${path}`).toEqual([405, allow]);
      const body = await response.json();
      conforms('ob-imsx-status-info', body);
      expect(body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('not_allowed');
    }
  });
});

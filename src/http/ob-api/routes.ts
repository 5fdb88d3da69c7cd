import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { OB_API_BASE_PATH, OB_AUTHORIZATION_PATH, OB_SCOPES, type ObScope } from '../../domain/ob-api.js';
import type { ServiceContext } from '../../services/context.js';
import type { ObApiAccess } from '../../services/ob-authorization.js';
import { learnerProfile, upsertLearnerCredential } from '../../services/ob-api.js';
import { listLearnerApiCredentials } from '../../services/ob-api-credentials.js';
import { LinkNotUsableError, UnsupportedMediaTypeError } from '../../errors.js';
import { assetUrl } from '../views/assets.js';
import { perClientRateLimit } from '../rate-limits.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { toSecuredCredential } from '../submission.js';
import { learnerCsrfMatches, learnerFrom, signInPath } from '../learner/session.js';
import { serviceDescription } from './discovery.js';
import { ImsxError, imsxErrorHandler } from './imsx.js';
import { renderConsentExpiredPage, renderConsentPage } from './consent-page.js';
import { CONSENT_LANGUAGES, type ConsentLanguage } from './messages.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;
const JSON_CREDENTIAL_TYPES = ['application/json', 'application/vc+ld+json', 'application/ld+json'];
const SUBMISSION_LIMIT = '256kb';
/** OB 3.0 leaves the page size to the server: this one serves at most this many credentials a page. */
export const MAX_PAGE_SIZE = 100;

declare module 'express-serve-static-core' {
  interface Request {
    /** The learner and scopes of the request's OB API access token: set by requireAccess. */
    obAccess?: ObApiAccess;
  }
}

/**
 * The Open Badges 3.0 API (OB 3.0 §6, §7): the service description (unprotected), the authorization server
 * (oidc-provider, only the endpoints OB 3.0 uses), the learner's sign-in and consent (pages), and the
 * resource endpoints, each behind an access token with its scope, answering refusals as Imsx_StatusInfo.
 * Mounted before the JSON body parser: the provider and upsertCredential read their own bodies.
 */
export function obApiRoutes(ctx: ServiceContext, options: { logger: Logger; behindProxy: boolean; registrationsPerMinute: number }): Router {
  const urls = ctx.obAuthorization.urls;
  const router = Router();

  router.get(`${OB_API_BASE_PATH}/discovery`, (_req, res) => {
    res
      .set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' })
      .json(serviceDescription(urls, { privacyPolicyUrl: ctx.publicUrls.privacy(), termsOfServiceUrl: ctx.publicUrls.terms(), imageUrl: ctx.publicBaseUrl + assetUrl('icon.svg') }));
  });

  // The authorization server: the endpoints OB 3.0 names (and the metadata that names them), nothing else.
  let handler: ((req: Request, res: Response) => Promise<void>) | undefined;
  const provider: RequestHandler = async (req, res) => {
    if (!handler) {
      const built = await ctx.obAuthorization.provider();
      built.proxy = options.behindProxy;
      handler = built.callback();
    }
    await handler(req, res);
  };
  const oauth = Router();
  oauth.get('/.well-known/openid-configuration', provider);
  oauth.get('/jwks', provider);
  oauth.get('/authorize', provider);
  oauth.get('/authorize/:uid', provider);
  oauth.post('/token', provider);
  // Registration is open (OB 3.0 §7.1): anyone may register, a flood from one address is refused.
  oauth.post(
    '/register',
    perClientRateLimit({
      perMinute: options.registrationsPerMinute,
      answer: (_req, res) => void res.status(429).set('Cache-Control', 'no-store').json({ error: 'slow_down', error_description: 'Too many registrations from this address: wait a minute' }),
    }),
    provider,
  );
  oauth.post('/revoke', provider);
  router.use(OB_AUTHORIZATION_PATH, oauth);

  // The learner signs in (their space's sign-in, coming back here), then approves or refuses.
  router.get(`${OB_API_BASE_PATH}/interaction/:uid`, async (req, res) => {
    const language = chooseLanguage(req, res, CONSENT_LANGUAGES);
    const pageUrl = `${ctx.publicBaseUrl}${req.originalUrl}`;
    const built = await ctx.obAuthorization.provider();
    const details = await built.interactionDetails(req, res).catch(() => undefined);
    if (!details || details.uid !== req.params.uid) return requestOver(req, res, language, pageUrl);
    const learner = await learnerFrom(ctx, req);
    if (!learner) return res.redirect(303, signInPath(`${OB_API_BASE_PATH}/interaction/${details.uid}`));
    // The provider's session follows the learner signed in to their space (a new learner is signed in anew).
    if (details.prompt.name === 'login' || details.session?.accountId !== learner.learnerId) {
      return built.interactionFinished(req, res, { login: { accountId: learner.learnerId } }, { mergeWithLastSubmission: false });
    }
    const client = await built.Client.find(String(details.params.client_id));
    if (!client) return requestOver(req, res, language, pageUrl);
    const logo = client.logoUri && URL.parse(client.logoUri)?.protocol.startsWith('http') ? client.logoUri : undefined;
    sendPage(
      res,
      renderConsentPage({
        language,
        pageUrl,
        platform: { name: client.clientName ?? client.clientId, uri: client.clientUri, logoUri: logo, tosUri: client.tosUri, policyUri: client.policyUri },
        scopes: requestedScopes(details.params.scope),
        learnerEmails: learner.emails,
        csrfToken: learner.csrfToken,
      }),
      200,
      { imagesFrom: logo ? [logo] : [], formsLeadTo: client.redirectUris },
    );
  });

  router.post(`${OB_API_BASE_PATH}/interaction/:uid`, express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const language = chooseLanguage(req, res, CONSENT_LANGUAGES);
    const pageUrl = `${ctx.publicBaseUrl}${req.originalUrl}`;
    const built = await ctx.obAuthorization.provider();
    const details = await built.interactionDetails(req, res).catch(() => undefined);
    if (!details || details.uid !== req.params.uid || details.prompt.name !== 'consent') return requestOver(req, res, language, pageUrl);
    const learner = await learnerFrom(ctx, req);
    if (!learner || learner.learnerId !== details.session?.accountId) return res.redirect(303, signInPath(`${OB_API_BASE_PATH}/interaction/${details.uid}`));
    if (!learnerCsrfMatches(learner, (req.body as Record<string, unknown> | undefined)?._csrf)) return res.redirect(303, `${OB_API_BASE_PATH}/interaction/${details.uid}?lang=${language}`);
    if ((req.body as Record<string, unknown>).decision !== 'approve') {
      return built.interactionFinished(req, res, { error: 'access_denied', error_description: 'The learner refused' }, { mergeWithLastSubmission: false });
    }
    const grantId = await ctx.obAuthorization.approve(details, learner.learnerId);
    return built.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  });

  // The resource endpoints.
  const requireAccess = (scope: ObScope): RequestHandler => async (req, _res, next) => {
    const presented = BEARER.exec(req.get('Authorization') ?? '')?.[1];
    if (!presented) throw new ImsxError(401, 'unauthorizedrequest', 'An access token is required: send "Authorization: Bearer <token>"', `Bearer realm="${urls.resource}"`);
    const access = await ctx.obAuthorization.accessFor(presented);
    if (!access) throw new ImsxError(401, 'unauthorizedrequest', 'The access token is unknown, expired or revoked', `Bearer realm="${urls.resource}", error="invalid_token"`);
    if (!access.scopes.has(scope)) throw new ImsxError(403, 'forbidden', `The access token lacks the scope ${scope}`, `Bearer realm="${urls.resource}", error="insufficient_scope", scope="${scope}"`);
    req.obAccess = access;
    next();
  };
  const accessOf = (req: Request): ObApiAccess => req.obAccess!;

  router.get(`${OB_API_BASE_PATH}/credentials`, requireAccess(OB_SCOPES.credentialReadonly), async (req, res) => {
    const query = pageQuery(req.query);
    const page = await listLearnerApiCredentials(ctx, accessOf(req).learnerId, query);
    res.set({ 'Cache-Control': 'no-store', 'X-Total-Count': String(page.total), Link: pageLinks(urls.credentials, query, page.total) }).json(page.body);
  });

  router.post(
    `${OB_API_BASE_PATH}/credentials`,
    requireAccess(OB_SCOPES.credentialUpsert),
    express.text({ type: [...JSON_CREDENTIAL_TYPES, 'text/plain'], limit: SUBMISSION_LIMIT }),
    async (req, res) => {
      const mediaType = req.is(JSON_CREDENTIAL_TYPES) || (req.is('text/plain') ? 'text/plain' : false);
      if (!mediaType || typeof req.body !== 'string') throw new UnsupportedMediaTypeError('application/json (a credential with its proof) or text/plain (a VC-JWT)');
      const secured = toSecuredCredential(mediaType === 'text/plain' ? req.body.trim() : req.body);
      if ((mediaType === 'text/plain') !== (secured.format === 'jwt_vc')) throw new UnsupportedMediaTypeError('text/plain for a VC-JWT, application/json for a credential with an embedded proof');
      const { created } = await upsertLearnerCredential(ctx, accessOf(req).learnerId, { secured, body: req.body, mediaType });
      res.status(created ? 201 : 200).set('Cache-Control', 'no-store').type(mediaType === 'text/plain' ? 'text/plain' : 'application/json').send(req.body);
    },
  );

  router.get(`${OB_API_BASE_PATH}/profile`, requireAccess(OB_SCOPES.profileReadonly), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await learnerProfile(ctx, accessOf(req).learnerId));
  });

  // Any other method on a resource path: 405 with the methods it serves (Express answers HEAD with GET).
  const allowed = new Map([
    [`${OB_API_BASE_PATH}/credentials`, 'GET, HEAD, POST'],
    [`${OB_API_BASE_PATH}/profile`, 'GET, HEAD'],
    [`${OB_API_BASE_PATH}/discovery`, 'GET, HEAD'],
  ]);
  router.use((req, res, next) => {
    const allow = allowed.get(req.path);
    if (!allow) return next();
    res.set('Allow', allow);
    throw new ImsxError(405, 'not_allowed', `${req.method} is not served here: ${allow}`);
  });
  router.use([`${OB_API_BASE_PATH}/credentials`, `${OB_API_BASE_PATH}/profile`, `${OB_API_BASE_PATH}/discovery`], imsxErrorHandler(options.logger));
  return router;
}

/** An authorization request that is over (expired, done, its cookie gone): a page for a person, a problem for a program. */
function requestOver(req: Request, res: Response, language: ConsentLanguage, pageUrl: string): void {
  res.vary('Accept');
  if (req.accepts(['application/problem+json', 'text/html']) !== 'text/html') throw new LinkNotUsableError();
  sendPage(res, renderConsentExpiredPage({ language, pageUrl }), 410);
}

/** The OB scopes a request asks for, in the order of OB 3.0's table. */
function requestedScopes(scope: unknown): ObScope[] {
  const asked = new Set(String(scope ?? '').split(' '));
  return Object.values(OB_SCOPES).filter((value) => asked.has(value));
}

export interface PageQuery {
  limit: number;
  offset: number;
  since: Date | undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** limit (a positive integer, at most MAX_PAGE_SIZE is served), offset (0 or more), since (an RFC 3339 date-time): anything else is 400. */
function pageQuery(query: Record<string, unknown>): PageQuery {
  const integer = (name: string, min: number, fallback: number): number => {
    const value = query[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || Number(value) < min) {
      throw new ImsxError(400, 'invalid_query_parameter', `${name} must be an integer of at least ${min}`);
    }
    return Number(value);
  };
  const limit = Math.min(integer('limit', 1, MAX_PAGE_SIZE), MAX_PAGE_SIZE);
  const offset = integer('offset', 0, 0);
  const sinceValue = query.since;
  let since: Date | undefined;
  if (sinceValue !== undefined) {
    since = typeof sinceValue === 'string' && DATE_TIME.test(sinceValue) ? new Date(sinceValue) : undefined;
    if (!since || Number.isNaN(since.getTime())) throw new ImsxError(400, 'invalid_query_parameter', 'since must be a date-time such as 2026-09-01T00:00:00Z');
  }
  return { limit, offset, since };
}

/** RFC 8288 links OB 3.0 §6.4 asks for: first and last always, next while the list goes on, prev after the first page. */
function pageLinks(base: string, query: PageQuery, total: number): string {
  const href = (offset: number) => {
    const url = new URL(base);
    url.searchParams.set('limit', String(query.limit));
    url.searchParams.set('offset', String(offset));
    if (query.since) url.searchParams.set('since', query.since.toISOString());
    return url.href;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / query.limit) * query.limit;
  return [
    query.offset + query.limit < total && `<${href(query.offset + query.limit)}>; rel="next"`,
    `<${href(last)}>; rel="last"`,
    `<${href(0)}>; rel="first"`,
    query.offset > 0 && `<${href(Math.max(0, query.offset - query.limit))}>; rel="prev"`,
  ]
    .filter(Boolean)
    .join(', ');
}

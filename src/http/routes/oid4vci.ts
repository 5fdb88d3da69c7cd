import express, { Router, type RequestHandler, type Response } from 'express';
import { authorizationServerMetadata, credentialIssuerMetadata, OAuthError } from '../../oid4vci/protocol.js';
import { exchangePreAuthorizedCode, issueCredentialToWallet, issueNonce } from '../../services/wallet-issuance.js';
import type { ServiceContext } from '../../services/context.js';
import { perClientRateLimit } from '../rate-limits.js';

const FORM_LIMIT = '16kb';
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** Tokens, nonces and credentials must never be cached by anyone on the way. */
function sendNoStore(res: Response, status: number, body: object): void {
  res.status(status).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(body);
}

/** OAuth endpoints answer errors in their protocol's format (RFC 6749 §5.2), which wallets expect. */
function oauth(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.status === 401) res.set('WWW-Authenticate', `Bearer error="${error.error}"`);
      sendNoStore(res, error.status, { error: error.error, error_description: error.description });
    }
  };
}

/** OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code flow): what a wallet calls. */
export function oid4vciRoutes(ctx: ServiceContext, options: { nonceRequestsPerMinute: number }): Router {
  const router = Router();
  router.get('/.well-known/openid-credential-issuer', (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json(credentialIssuerMetadata(ctx.publicBaseUrl));
  });
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json(authorizationServerMetadata(ctx.publicBaseUrl));
  });
  router.post(
    '/oid4vci/token',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    oauth(async (req, res) => {
      if (!req.is('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded');
      sendNoStore(res, 200, await exchangePreAuthorizedCode(ctx, req.body ?? {}));
    }),
  );
  router.post(
    '/oid4vci/nonce',
    // Nonces are stateless (no row), yet anyone may ask: a wallet needs one a credential, a flood is refused.
    perClientRateLimit({
      perMinute: options.nonceRequestsPerMinute,
      answer: (_req, res) => sendNoStore(res, 429, { error: 'slow_down', error_description: 'Too many nonce requests from this address: wait a minute' }),
    }),
    (_req, res) => sendNoStore(res, 200, issueNonce(ctx)),
  );
  router.post(
    '/oid4vci/credential',
    oauth(async (req, res) => {
      if (!req.is('application/json')) throw new OAuthError('invalid_credential_request', 'Send the credential request as application/json');
      const accessToken = BEARER.exec(req.get('Authorization') ?? '')?.[1];
      sendNoStore(res, 200, await issueCredentialToWallet(ctx, { accessToken, body: req.body }));
    }),
  );
  return router;
}

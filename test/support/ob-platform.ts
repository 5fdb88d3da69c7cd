import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { PNG } from 'pngjs';

export const OB_SCOPE = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  upsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
} as const;

/**
 * A CV platform of the tests, on loopback: it serves its logo, terms and privacy pages, and receives the
 * learner's browser back at its redirect URI. Everything OAuth it does with openid-client, configured only
 * from mobicred's service description — as a platform that has never seen mobicred before.
 */
export interface Platform {
  origin: string;
  redirectUri: string;
  /** The URLs the learner's browser came back to, in order. */
  callbacks: URL[];
  close(): Promise<void>;
}

export async function startPlatform(name = 'CV Express'): Promise<Platform> {
  const callbacks: URL[] = [];
  const logo = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < logo.data.length; i += 4) logo.data.set([0x1d, 0x4e, 0x89, 0xff], i);
  const logoBytes = PNG.sync.write(logo);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
    if (url.pathname === '/logo.png') return void res.writeHead(200, { 'Content-Type': 'image/png' }).end(logoBytes);
    if (url.pathname === '/callback') {
      callbacks.push(new URL(req.url!, origin));
      return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${name}</title><h1>Back on ${name}</h1>`);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${name}</title><p>${url.pathname}</p>`);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    redirectUri: `${origin}/callback`,
    callbacks,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}

/** The service description, then open registration, as OB 3.0 §7.1 has a platform do it (http on loopback: the tests). */
export async function registerPlatform(
  mobicred: string,
  platform: Platform,
  options: { scopes: readonly string[]; name?: string },
): Promise<{ config: client.Configuration; description: Record<string, any> }> {
  const description = (await (await fetch(`${mobicred}/ims/ob/v3p0/discovery`)).json()) as Record<string, any>;
  const schemes = description.components.securitySchemes;
  const issuer = new URL(String(schemes.OpenIdConnect.openIdConnectUrl).replace(/\/\.well-known\/openid-configuration$/, ''));
  const config = await client.dynamicClientRegistration(
    issuer,
    {
      client_name: options.name ?? 'CV Express',
      client_uri: `${platform.origin}/`,
      logo_uri: `${platform.origin}/logo.png`,
      tos_uri: `${platform.origin}/terms`,
      policy_uri: `${platform.origin}/privacy`,
      software_id: 'c88b6ed8-269e-448e-99be-7e2ff47167d1',
      software_version: '4.0.1',
      redirect_uris: [platform.redirectUri],
      scope: options.scopes.join(' '),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    // OB 3.0 §7.1.3: the platform authenticates with HTTP Basic (openid-client's default is client_secret_post).
    client.ClientSecretBasic(),
    { execute: [client.allowInsecureRequests] },
  );
  // What the description names is what the authorization server's metadata says.
  const metadata = config.serverMetadata();
  const flow = schemes.OAuth2ACG.flows.authorizationCode;
  if (metadata.registration_endpoint !== schemes.OAuth2ACG['x-imssf-registrationUrl'] || metadata.authorization_endpoint !== flow.authorizationUrl || metadata.token_endpoint !== flow.tokenUrl) {
    throw new Error('The service description and the authorization server metadata disagree');
  }
  return { config, description };
}

/** An authorization request with PKCE (S256) and state, and what the platform keeps to finish it. */
export async function authorizationRequest(config: client.Configuration, platform: Platform, scopes: readonly string[]) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: platform.redirectUri,
    scope: scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return {
    url,
    finish: (callback: URL) => client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }),
  };
}

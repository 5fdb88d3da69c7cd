// oidc-provider (panva) is JavaScript without type definitions; this shim types only what mobicred calls.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What the provider stores through an adapter; `jti` is the artifact's id, `uid` a session's. */
  export interface AdapterPayload {
    [key: string]: unknown;
    jti?: string;
    uid?: string;
    grantId?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string; scope?: string; redirect_uri?: string };
    session?: { accountId: string; uid: string };
    returnTo: string;
  }

  export interface InteractionResults {
    login?: { accountId: string };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface AccessToken {
    accountId: string;
    clientId: string;
    grantId: string;
    scope?: string;
    aud?: string | string[];
    readonly scopes: Set<string>;
  }

  export interface Client {
    clientId: string;
    clientName?: string;
    clientUri?: string;
    logoUri?: string;
    tosUri?: string;
    policyUri?: string;
    redirectUris: string[];
  }

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    /** Whether X-Forwarded-* headers are believed (Koa's `proxy`). */
    proxy: boolean;
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    readonly Grant: new (options: { accountId: string; clientId: string }) => Grant;
    readonly AccessToken: { find(value: string): Promise<AccessToken | undefined> };
    readonly Client: { find(id: string): Promise<Client | undefined> };
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidClientMetadata: new (description: string) => Error;
    InvalidTarget: new (description?: string) => Error;
  };
}

/**
 * The Open Badges 3.0 REST API (1EdTech OB 3.0 §6, §7): where it lives and the scopes a platform asks for.
 * mobicred is the resource server of a learner's badges and, mounted under the same base path, their
 * authorization server.
 */

/** The base path the specification fixes for every endpoint (`{baseUrl}/ims/ob/v3p0/discovery`, …). */
export const OB_API_BASE_PATH = '/ims/ob/v3p0';

/** The authorization server's own path under the base: its issuer identifier ends with it. */
export const OB_AUTHORIZATION_PATH = `${OB_API_BASE_PATH}/oauth`;

/** The scopes OB 3.0 §6.2.1 defines that mobicred serves (profile.update is not: a learner's profile is their verified email addresses, changed in their space). */
export const OB_SCOPES = {
  credentialReadonly: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  credentialUpsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileReadonly: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
} as const;

export type ObScope = (typeof OB_SCOPES)[keyof typeof OB_SCOPES];

export const OB_SCOPE_VALUES: readonly ObScope[] = Object.values(OB_SCOPES);

export function isObScope(value: string): value is ObScope {
  return (OB_SCOPE_VALUES as readonly string[]).includes(value);
}

/** Every URL of the API, from the deployment's public base URL. */
export const obApiUrls = (base: string) => {
  const issuer = `${base}${OB_AUTHORIZATION_PATH}`;
  return {
    /** The resource server's identifier: the audience of its access tokens (RFC 8707). */
    resource: `${base}${OB_API_BASE_PATH}`,
    discovery: `${base}${OB_API_BASE_PATH}/discovery`,
    credentials: `${base}${OB_API_BASE_PATH}/credentials`,
    profile: `${base}${OB_API_BASE_PATH}/profile`,
    issuer,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/token`,
    registration: `${issuer}/register`,
    revocation: `${issuer}/revoke`,
    jwks: `${issuer}/jwks`,
    authorizationServerMetadata: `${issuer}/.well-known/openid-configuration`,
    /** The learner's sign-in and consent for one authorization request (an oidc-provider interaction). */
    interactionPath: (uid: string) => `${OB_API_BASE_PATH}/interaction/${uid}`,
  };
};

export type ObApiUrls = ReturnType<typeof obApiUrls>;

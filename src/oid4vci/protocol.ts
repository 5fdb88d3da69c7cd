import { OB_CREDENTIAL_CONTEXT, type JsonObject } from '../domain/open-badges.js';

/**
 * OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow: the pieces that are data.
 * mobicred is both the credential issuer and its own authorization server.
 */
export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';
const OFFER_SCHEME = 'openid-credential-offer://';

/** The two forms of an Open Badge a wallet may ask for: the VC-JWT and the Data Integrity JSON-LD. */
export const CREDENTIAL_CONFIGURATIONS = {
  OpenBadgeCredential_jwt_vc_json: 'jwt_vc_json',
  OpenBadgeCredential_ldp_vc: 'ldp_vc',
} as const;
type CredentialConfigurationId = keyof typeof CREDENTIAL_CONFIGURATIONS;

export function isCredentialConfigurationId(value: unknown): value is CredentialConfigurationId {
  return typeof value === 'string' && Object.hasOwn(CREDENTIAL_CONFIGURATIONS, value);
}

const oid4vciEndpoints = (base: string) => ({
  token: `${base}/oid4vci/token`,
  nonce: `${base}/oid4vci/nonce`,
  credential: `${base}/oid4vci/credential`,
});

const CREDENTIAL_TYPE = ['VerifiableCredential', 'OpenBadgeCredential'];
const DISPLAY = [
  { name: 'Open Badge — mobilité', locale: 'fr' },
  { name: 'Open Badge — mobility', locale: 'en' },
];

export function credentialIssuerMetadata(base: string): JsonObject {
  const endpoints = oid4vciEndpoints(base);
  const common = {
    cryptographic_binding_methods_supported: ['did:key', 'jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
    // 1.0 final reads `credential_metadata.display`; wallets built on the drafts read `display`.
    credential_metadata: { display: DISPLAY },
    display: DISPLAY,
  };
  return {
    credential_issuer: base,
    authorization_servers: [base],
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    display: [{ name: 'mobicred', locale: 'en' }],
    credential_configurations_supported: {
      OpenBadgeCredential_jwt_vc_json: {
        format: 'jwt_vc_json',
        credential_signing_alg_values_supported: ['EdDSA'],
        credential_definition: { type: CREDENTIAL_TYPE },
        ...common,
      },
      OpenBadgeCredential_ldp_vc: {
        format: 'ldp_vc',
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        credential_definition: { '@context': [...OB_CREDENTIAL_CONTEXT], type: CREDENTIAL_TYPE },
        ...common,
      },
    },
  };
}

export function authorizationServerMetadata(base: string): JsonObject {
  return {
    issuer: base,
    token_endpoint: oid4vciEndpoints(base).token,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    response_types_supported: [],
  };
}

/** The credential offer, by value, and the URI a wallet scans (as a QR code) or opens. */
export function credentialOffer(base: string, preAuthorizedCode: string): { offer: JsonObject; uri: string } {
  const offer = {
    credential_issuer: base,
    credential_configuration_ids: Object.keys(CREDENTIAL_CONFIGURATIONS),
    grants: { [PRE_AUTHORIZED_GRANT]: { 'pre-authorized_code': preAuthorizedCode } },
  };
  return { offer, uri: `${OFFER_SCHEME}?credential_offer=${encodeURIComponent(JSON.stringify(offer))}` };
}

/** An OAuth 2.0 / OpenID4VCI error: these endpoints answer in the protocol's error format, not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

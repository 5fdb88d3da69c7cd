import { OB_SCOPES, type ObApiUrls } from '../../domain/ob-api.js';
import { readProjectSchemas } from '../../json-schemas.js';

const SCOPE_DESCRIPTIONS = {
  [OB_SCOPES.credentialReadonly]: 'Permission to read the OpenBadgeCredentials of the learner who approved',
  [OB_SCOPES.credentialUpsert]: 'Permission to add or replace OpenBadgeCredentials in the space of the learner who approved (each is verified first)',
  [OB_SCOPES.profileReadonly]: 'Permission to read the profile (verified email addresses) of the learner who approved',
};

/** This service's JSON Schemas of the API's payloads, as OpenAPI 3.0 schema objects. */
function payloadSchemas(): Record<string, object> {
  const byId = new Map(readProjectSchemas().map((schema) => [schema.$id, schema]));
  const asComponent = (id: string) => {
    const { $schema: _dialect, $id: _id, ...schema } = byId.get(id)!;
    return schema;
  };
  return {
    GetOpenBadgeCredentialsResponse: asComponent('urn:mobicred:schema:ob-get-credentials-response'),
    Profile: asComponent('urn:mobicred:schema:ob-profile'),
    Imsx_StatusInfo: asComponent('urn:mobicred:schema:ob-imsx-status-info'),
  };
}

const imsx = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Imsx_StatusInfo' } } } });

/**
 * The Service Description Document of OB 3.0 §6.3 / §7.1.1: an OpenAPI 3.0 document naming the endpoints, the
 * OAuth 2.0 authorization code grant (OAuth2ACG, with x-imssf-registrationUrl) and its scopes, and the
 * resource server's name, image, terms and privacy policy. The authorization server's own metadata
 * (RFC 8414 / OpenID discovery: its issuer, revocation endpoint, PKCE methods) is named by an openIdConnect
 * scheme beside it, so that a platform's OAuth library can be configured from this one document.
 */
export function serviceDescription(urls: ObApiUrls, site: { privacyPolicyUrl: string; termsOfServiceUrl: string; imageUrl: string }): object {
  const readonly = [{ OAuth2ACG: [OB_SCOPES.credentialReadonly] }];
  return {
    openapi: '3.0.1',
    info: {
      title: 'mobicred — Open Badges 3.0 API',
      version: '3.0',
      description: 'The badges a learner received from the schools of this deployment (and those they added), fetched by the platforms they approve.',
      termsOfService: site.termsOfServiceUrl,
      'x-imssf-privacyPolicyUrl': site.privacyPolicyUrl,
      'x-imssf-image': site.imageUrl,
    },
    servers: [{ url: urls.resource }],
    tags: [{ name: 'OpenBadgeCredentials' }, { name: 'Profiles' }, { name: 'Discovery' }],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getCredentials',
          security: readonly,
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'The most credentials on one page (at most 100)' },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'The index of the first credential returned (zero indexed)' },
            { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Only credentials issued after this time' },
          ],
          responses: {
            '200': {
              description: 'The learner’s credentials; X-Total-Count and Link (first, last, next, prev) page them',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/GetOpenBadgeCredentialsResponse' } } },
            },
            '400': imsx('A limit, offset or since that is not what it must be'),
            '401': imsx('No access token, or one that expired or was revoked'),
            '403': imsx('The access token lacks the scope'),
          },
        },
        post: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'upsertCredential',
          security: [{ OAuth2ACG: [OB_SCOPES.credentialUpsert] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object' } }, 'application/vc+ld+json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } },
          },
          responses: {
            '200': { description: 'Replaced: the credential as sent', content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } } },
            '201': { description: 'Added: the credential as sent', content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } } },
            '400': imsx('Not a credential, or one that does not verify'),
            '401': imsx('No access token, or one that expired or was revoked'),
            '403': imsx('The access token lacks the scope, or the credential names another person’s email address'),
          },
        },
      },
      '/profile': {
        get: {
          tags: ['Profiles'],
          operationId: 'getProfile',
          security: [{ OAuth2ACG: [OB_SCOPES.profileReadonly] }],
          responses: {
            '200': { description: 'The learner’s profile', content: { 'application/json': { schema: { $ref: '#/components/schemas/Profile' } } } },
            '401': imsx('No access token, or one that expired or was revoked'),
            '403': imsx('The access token lacks the scope'),
          },
        },
      },
      '/discovery': {
        get: {
          tags: ['Discovery'],
          operationId: 'getServiceDescription',
          security: [],
          responses: { '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant authorization, with PKCE (S256)',
          'x-imssf-name': 'mobicred',
          'x-imssf-privacyPolicyUrl': site.privacyPolicyUrl,
          'x-imssf-registrationUrl': urls.registration,
          'x-imssf-termsOfServiceUrl': site.termsOfServiceUrl,
          flows: {
            authorizationCode: { authorizationUrl: urls.authorization, tokenUrl: urls.token, refreshUrl: urls.token, scopes: SCOPE_DESCRIPTIONS },
          },
        },
        OpenIdConnect: { type: 'openIdConnect', openIdConnectUrl: urls.authorizationServerMetadata, description: 'The authorization server’s metadata: issuer, revocation endpoint, PKCE methods' },
      },
      schemas: payloadSchemas(),
    },
  };
}

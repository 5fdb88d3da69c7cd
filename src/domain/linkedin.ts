import type { JsonObject } from './open-badges.js';

/**
 * LinkedIn's "Add to profile" link for a certification, prefilled from the credential: name, issuing
 * organisation, issue year and month, the credential's public URL and its id.
 */
export function linkedInAddToProfileUrl(credential: JsonObject): string {
  const issuer = credential.issuer as JsonObject;
  const issued = new Date(String(credential.awardedDate ?? credential.validFrom));
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: String(credential.name ?? ((credential.credentialSubject as JsonObject).achievement as JsonObject).name),
    organizationName: String(issuer.name ?? issuer.id),
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: String(credential.id),
    certId: String(credential.id).split('/').pop() ?? String(credential.id),
  });
  if (typeof credential.validUntil === 'string') {
    const expires = new Date(credential.validUntil);
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params}`;
}

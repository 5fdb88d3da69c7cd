import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import * as x509 from '@peculiar/x509';

/**
 * A verifier of JAdES baseline-B compact signatures that is not the service's code: jose for the signature
 * (with the key of the certificate in `x5c`), @peculiar/x509 for the chain up to a trust anchor, the
 * certificates' validity at `now` and their revocation in the given CRLs.
 */
export async function verifyJadesSeal(jws: string, options: { trustAnchors: x509.X509Certificate[]; crls?: x509.X509Crl[]; now: Date }) {
  const header = decodeProtectedHeader(jws) as Record<string, any>;
  const chain = (header.x5c as string[]).map((der) => new x509.X509Certificate(Buffer.from(der, 'base64')));
  const seal = chain[0]!;
  const sealKey = await seal.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, sealKey, { crit: { sigT: true }, algorithms: ['ES256'] }));
  } catch {
    return { outcome: 'bad-signature' as const };
  }
  const digestMatches = header['x5t#S256'] === createHash('sha256').update(Buffer.from(seal.rawData)).digest('base64url');
  const built = await new x509.X509ChainBuilder({ certificates: [...chain.slice(1), ...options.trustAnchors] }).build(seal);
  const root = built[built.length - 1]!;
  const anchored = options.trustAnchors.some((anchor) => anchor.equal(root)) && (await root.verify({ date: options.now }));
  if (!anchored || !digestMatches) return { outcome: 'untrusted' as const };
  for (const [index, certificate] of built.entries()) {
    if (options.now < certificate.notBefore || options.now > certificate.notAfter) return { outcome: 'expired' as const, certificate: certificate.subject };
    const issuer = built[index + 1] ?? certificate;
    if (!(await certificate.verify({ publicKey: issuer.publicKey, signatureOnly: true }))) return { outcome: 'untrusted' as const };
    for (const crl of options.crls ?? []) {
      if (crl.issuer === issuer.subject && (await crl.verify({ publicKey: issuer.publicKey })) && crl.findRevoked(certificate)) {
        return { outcome: 'revoked' as const, certificate: certificate.subject };
      }
    }
  }
  return { outcome: 'valid' as const, signer: seal.subject, sigT: header.sigT as string, document: JSON.parse(new TextDecoder().decode(payload)) };
}

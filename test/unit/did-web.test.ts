import { describe, expect, it } from 'vitest';
import { buildJwks, didWebForIssuer } from '../../src/keys/did-web.js';
import { generateEd25519KeyPair } from '../../src/keys/ed25519.js';

describe('did:web identifiers', () => {
  it('when the base URL has a port, then the port colon is percent-encoded', () => {
    expect(didWebForIssuer('http://localhost:3000', 'lp-x')).toBe('did:web:localhost%3A3000:issuers:lp-x');
  });

  it('when the base URL has a path, then its segments become DID path segments', () => {
    expect(didWebForIssuer('https://badges.ac-lyon.fr/mobicred', 'lp-x')).toBe('did:web:badges.ac-lyon.fr:mobicred:issuers:lp-x');
  });
});

describe('JWKS', () => {
  it('when a stored JWK carried private members, then the JWKS still publishes only the public part', async () => {
    const keyPair = await generateEd25519KeyPair();
    const jwks = buildJwks([
      { verificationMethod: 'did:web:x#k', publicKeyMultibase: keyPair.publicKeyMultibase, publicJwk: { ...keyPair.publicJwk, d: 'secret' }, compromised: false },
    ]);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: keyPair.publicJwk.x, kid: 'did:web:x#k', alg: 'EdDSA', use: 'sig' });
  });

  it('when a key pair is generated, then its multibase and JWK name the same public key', async () => {
    const keyPair = await generateEd25519KeyPair();
    const raw = Buffer.from(keyPair.publicJwk.x!, 'base64url');
    // Multikey: base58btc of 0xed 0x01 ‖ key; decoding here keeps the check independent of the library.
    const decoded = base58btcDecode(keyPair.publicKeyMultibase.slice(1));
    expect(decoded.subarray(0, 2)).toEqual(Buffer.from([0xed, 0x01]));
    expect(decoded.subarray(2)).toEqual(raw);
  });
});

function base58btcDecode(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(alphabet.indexOf(char));
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
}

describe('did:web resolution URLs (for trusted remote hosts)', () => {
  it('when a did:web has no path, a path, or a loopback port, then it maps to the did.json the method specifies', async () => {
    const { didWebUrl } = await import('../../src/verify/remote-documents.js');
    expect(didWebUrl('did:web:example.com')).toBe('https://example.com/.well-known/did.json');
    expect(didWebUrl('did:web:example.com:user:alice')).toBe('https://example.com/user/alice/did.json');
    expect(didWebUrl('did:web:localhost%3A3000:issuers:lp-x')).toBe('http://localhost:3000/issuers/lp-x/did.json');
    expect(didWebUrl('did:key:z6Mk')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { mintNonce, readNonce } from '../../src/oid4vci/nonces.js';

const key = Buffer.alloc(32, 7);
const now = new Date('2026-06-01T10:00:00Z');
const expiresAt = new Date('2026-06-01T10:05:00Z');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('OpenID4VCI nonces', () => {
  it('when a nonce made here is read before its expiry, then its expiry is given back', () => {
    const nonce = mintNonce({ key, expiresAt });
    expect(readNonce({ key, nonce, now })).toEqual({ expiresAt });
    expect(mintNonce({ key, expiresAt })).not.toBe(nonce);
  });

  it('when a nonce has expired, was made under another key, or was altered anywhere, then it is refused', () => {
    const nonce = mintNonce({ key, expiresAt });
    expect(readNonce({ key, nonce, now: expiresAt })).toBeUndefined();
    expect(readNonce({ key: Buffer.alloc(32, 8), nonce, now })).toBeUndefined();
    const [version, expiry, random, mac] = nonce.split('.') as [string, string, string, string];
    const later = String(Number(expiry) + 3600);
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const altered of [
      [version, later, random, mac],
      [version, `0${expiry}`, random, mac],
      [version, expiry, flip(random, 0), mac],
      [version, expiry, random, flip(mac, 0)],
      // The last character's low bits are not part of the 32 bytes: such a variant must not pass as a new nonce.
      [version, expiry, random, mac.slice(0, -1) + BASE64URL[BASE64URL.indexOf(mac.at(-1)!) ^ 1]],
      ['n2', expiry, random, mac],
    ]) {
      expect(readNonce({ key, nonce: altered.join('.'), now }), altered.join('.')).toBeUndefined();
    }
    expect(readNonce({ key, nonce: 'not a nonce', now })).toBeUndefined();
  });
});

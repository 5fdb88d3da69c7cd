import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPrivateKey, sealPrivateKey } from '../../src/keys/key-encryption.js';

describe('private keys sealed at rest', () => {
  const keyEncryptionKey = randomBytes(32);
  const plaintext = randomBytes(48);
  const sealed = sealPrivateKey({ keyEncryptionKey, plaintext, boundTo: 'key-row-1' });

  it('when opened with the same KEK and row, then the key comes back', () => {
    expect(openPrivateKey({ keyEncryptionKey, sealed, boundTo: 'key-row-1' })).toEqual(plaintext);
    expect(sealed).not.toContain(plaintext.toString('base64url'));
  });

  it('when sealed twice, then the envelopes differ (fresh IV)', () => {
    expect(sealPrivateKey({ keyEncryptionKey, plaintext, boundTo: 'key-row-1' })).not.toBe(sealed);
  });

  it('when the KEK is wrong, the row differs, or one byte changed, then opening fails', () => {
    expect(() => openPrivateKey({ keyEncryptionKey: randomBytes(32), sealed, boundTo: 'key-row-1' })).toThrow();
    expect(() => openPrivateKey({ keyEncryptionKey, sealed, boundTo: 'key-row-2' })).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[20] = raw[20]! ^ 1;
    expect(() => openPrivateKey({ keyEncryptionKey, sealed: 'v1.' + raw.toString('base64url'), boundTo: 'key-row-1' })).toThrow();
  });
});

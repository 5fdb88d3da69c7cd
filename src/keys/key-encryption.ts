import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Envelope for private keys at rest: AES-256-GCM under the key-encryption key, with the key's row id as
 * additional authenticated data so that a ciphertext copied onto another row does not decrypt.
 * Format: "v1." + base64url(iv ‖ ciphertext ‖ tag).
 */
const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealPrivateKey(options: { keyEncryptionKey: Buffer; plaintext: Buffer; boundTo: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', options.keyEncryptionKey, iv);
  cipher.setAAD(Buffer.from(options.boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(options.plaintext), cipher.final()]);
  return VERSION + Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

export function openPrivateKey(options: { keyEncryptionKey: Buffer; sealed: string; boundTo: string }): Buffer {
  if (!options.sealed.startsWith(VERSION)) throw new Error('Unknown private key envelope version');
  const raw = Buffer.from(options.sealed.slice(VERSION.length), 'base64url');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', options.keyEncryptionKey, iv);
  decipher.setAAD(Buffer.from(options.boundTo, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
}

/**
 * A key for one purpose (e.g. MACs on OpenID4VCI nonces), derived from the key-encryption key with HKDF: the
 * same in every instance that shares the KEK, and unrelated to it or to any other purpose's key.
 */
export function derivePurposeKey(options: { keyEncryptionKey: Buffer; purpose: string }): Buffer {
  return Buffer.from(hkdfSync('sha256', options.keyEncryptionKey, Buffer.alloc(0), `mobicred ${options.purpose}`, 32));
}

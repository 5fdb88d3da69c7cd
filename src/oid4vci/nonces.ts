import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * OpenID4VCI c_nonces that need no row until they are used: the nonce carries its expiry and a MAC under a
 * key of this service, so the anonymous nonce endpoint writes nothing (it once stored a row a call, never
 * purged). Single use is kept by storing a nonce's hash when it is used, until it expires.
 * Format: "n1.<expiry, seconds since 1970>.<16 random bytes>.<HMAC-SHA256 of what precedes>", base64url parts.
 */
const VERSION = 'n1';
const FORMAT = /^n1\.(\d{1,12})\.[A-Za-z0-9_-]{22}\.([A-Za-z0-9_-]{43})$/;

export function mintNonce(options: { key: Buffer; expiresAt: Date }): string {
  const signed = `${VERSION}.${Math.floor(options.expiresAt.getTime() / 1000)}.${randomBytes(16).toString('base64url')}`;
  return `${signed}.${mac(options.key, signed)}`;
}

/** The nonce's expiry, when this service made it and it has not expired; otherwise undefined. */
export function readNonce(options: { key: Buffer; nonce: string; now: Date }): { expiresAt: Date } | undefined {
  const match = FORMAT.exec(options.nonce);
  if (!match) return undefined;
  const signed = options.nonce.slice(0, options.nonce.lastIndexOf('.'));
  // Compared as text: decoding would let a variant of the last character pass as another, unused nonce.
  if (!timingSafeEqual(Buffer.from(mac(options.key, signed)), Buffer.from(match[2]!))) return undefined;
  const expiresAt = new Date(Number(match[1]) * 1000);
  return expiresAt > options.now ? { expiresAt } : undefined;
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}

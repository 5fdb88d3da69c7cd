import { createHmac } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as authenticator apps make them: HMAC-SHA1,
 * 30-second steps, 6 digits by default. Pure: the caller gives the time.
 */
export const TOTP_STEP_SECONDS = 30;

export function hotp(options: { key: Buffer; counter: number; digits?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' }): string {
  const digits = options.digits ?? 6;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(options.counter));
  const mac = createHmac(options.algorithm ?? 'sha1', options.key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

export function totp(options: { key: Buffer; at: Date; digits?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' }): string {
  return hotp({ ...options, counter: totpStep(options.at) });
}

/**
 * The time step whose code this is, looking one step either side of `at` (a phone's clock drifts, a person
 * types slowly), or undefined. The caller refuses a step already used.
 */
export function matchTotp(options: { key: Buffer; code: string; at: Date }): number | undefined {
  if (!/^\d{6}$/.test(options.code)) return undefined;
  const now = totpStep(options.at);
  return [now, now - 1, now + 1].find((step) => hotp({ key: options.key, counter: step }) === options.code);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth:// URIs carry the key. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32[(value << (5 - bits)) & 31];
  return output;
}

/** The URI an authenticator app reads from a QR code (Key Uri Format). */
export function otpauthUri(options: { key: Buffer; issuer: string; account: string }): string {
  const label = encodeURIComponent(`${options.issuer}:${options.account}`);
  return `otpauth://totp/${label}?secret=${base32(options.key)}&issuer=${encodeURIComponent(options.issuer)}&algorithm=SHA1&digits=6&period=${TOTP_STEP_SECONDS}`;
}

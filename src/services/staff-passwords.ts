import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import commonPasswords from 'fxa-common-password-list';

/**
 * Staff passwords, hashed with scrypt (memory-hard, in node:crypto: no native package to build). The
 * parameters are stored with each hash, so that they can be raised later without locking anyone out.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MINIMUM_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 128 * options.N * options.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, scryptOptions, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMETERS);
  return ['scrypt', PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash to check a password against when the account does not exist, so that an unknown address takes as
 * long to refuse as a wrong password (made once, of a password nobody knows).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoyHash;
}

export type PasswordWeakness = 'too-short' | 'too-common' | 'contains-email';

/** Why a new password is refused, or undefined when it is accepted (length, the common list, the person's own address). */
export function passwordWeakness(password: string, email: string): PasswordWeakness | undefined {
  if ([...password].length < MINIMUM_PASSWORD_LENGTH) return 'too-short';
  const lowered = password.toLowerCase();
  // A common password with digits or signs added at the end ("azertyuiop123", "football2026!") is as weak.
  const stem = lowered.replace(/[\d\W_]+$/u, '');
  if ([password, lowered, stem].some((candidate) => commonPasswords.test(candidate)) || new Set(lowered).size <= 3) return 'too-common';
  const localPart = email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 4 && lowered.includes(localPart)) return 'contains-email';
  return undefined;
}

/** A password for a first admin, printed once (like the first admin API key): 24 random characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

import { describe, expect, it } from 'vitest';
import { scryptSync } from 'node:crypto';
import { hashPassword, passwordWeakness, verifyPassword } from '../../src/services/staff-passwords.js';

describe('staff passwords', () => {
  it('when a password is hashed, then it is scrypt with its parameters and salt, and only that password verifies', async () => {
    const stored = await hashPassword('Valencia-cuisine-2026!');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    // Checked against node's scrypt called directly with the stored parameters.
    const expected = scryptSync('Valencia-cuisine-2026!', Buffer.from(salt!, 'base64url'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect(Buffer.from(key!, 'base64url').equals(expected)).toBe(true);
    await expect(verifyPassword('Valencia-cuisine-2026!', stored)).resolves.toBe(true);
    await expect(verifyPassword('valencia-cuisine-2026!', stored)).resolves.toBe(false);
    expect(await hashPassword('Valencia-cuisine-2026!')).not.toBe(stored);
  });

  it('when a new password is short, common, or holds the address, then it is refused with the reason', () => {
    expect(passwordWeakness('court-123', 'claire@lycee.fr')).toBe('too-short');
    expect(passwordWeakness('password1234', 'claire@lycee.fr')).toBe('too-common');
    expect(passwordWeakness('azertyuiop123', 'claire@lycee.fr')).toBe('too-common');
    expect(passwordWeakness('aaaaaaaaaaaaaaa', 'claire@lycee.fr')).toBe('too-common');
    expect(passwordWeakness('claire.dubois-2026', 'claire.dubois@lycee.fr')).toBe('contains-email');
    expect(passwordWeakness('Valencia-cuisine-2026!', 'claire@lycee.fr')).toBeUndefined();
  });
});

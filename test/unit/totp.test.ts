import { describe, expect, it } from 'vitest';
import { base32, hotp, matchTotp, otpauthUri, totp } from '../../src/domain/totp.js';

/** RFC 6238, Appendix B: the seeds are ASCII "1234567890" repeated to the hash's key size; codes of 8 digits. */
const SEEDS = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};
const VECTORS: [number, Record<keyof typeof SEEDS, string>][] = [
  [59, { sha1: '94287082', sha256: '46119246', sha512: '90693936' }],
  [1111111109, { sha1: '07081804', sha256: '68084774', sha512: '25091201' }],
  [1111111111, { sha1: '14050471', sha256: '67062674', sha512: '99943326' }],
  [1234567890, { sha1: '89005924', sha256: '91819424', sha512: '93441116' }],
  [2000000000, { sha1: '69279037', sha256: '90698825', sha512: '38618901' }],
  [20000000000, { sha1: '65353130', sha256: '77737706', sha512: '47863826' }],
];

describe('TOTP (RFC 6238) and HOTP (RFC 4226)', () => {
  it.each(VECTORS)('when the time is %i s, then the codes are RFC 6238\'s for SHA-1, SHA-256 and SHA-512', (seconds, expected) => {
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      expect(totp({ key: SEEDS[algorithm], at: new Date(seconds * 1000), digits: 8, algorithm })).toBe(expected[algorithm]);
    }
  });

  it('when counting from 0, then HOTP gives RFC 4226 Appendix D\'s values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp({ key: SEEDS.sha1, counter }))).toEqual(expected);
  });

  it('when a code is of this step or one either side, then it matches that step; two steps away or malformed, it does not', () => {
    const at = new Date(1_700_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    const code = (offset: number) => hotp({ key: SEEDS.sha1, counter: step + offset });
    expect(matchTotp({ key: SEEDS.sha1, code: code(0), at })).toBe(step);
    expect(matchTotp({ key: SEEDS.sha1, code: code(-1), at })).toBe(step - 1);
    expect(matchTotp({ key: SEEDS.sha1, code: code(1), at })).toBe(step + 1);
    expect(matchTotp({ key: SEEDS.sha1, code: code(2), at })).toBeUndefined();
    expect(matchTotp({ key: SEEDS.sha1, code: 'abcdef', at })).toBeUndefined();
  });

  it('when a key is encoded for an authenticator app, then it is RFC 4648 base32 in an otpauth URI', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32(Buffer.from('f'))).toBe('MY');
    expect(otpauthUri({ key: Buffer.from('foobar'), issuer: 'mobicred', account: 'a@b.fr' })).toBe(
      'otpauth://totp/mobicred%3Aa%40b.fr?secret=MZXW6YTBOI&issuer=mobicred&algorithm=SHA1&digits=6&period=30',
    );
  });
});

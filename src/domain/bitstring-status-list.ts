import { createHmac } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_V2_CONTEXT, type JsonObject } from './open-badges.js';

/** W3C Bitstring Status List v1.0: pure encoders and builders. */

export type StatusPurpose = 'revocation' | 'suspension';

/** 131,072 entries (16 KiB), the minimum the specification sets for herd privacy. */
export const STATUS_LIST_SIZE = 131_072;

/** `u` + base64url (no padding) of the GZIP of the bitstring; index 0 is the most significant bit of byte 0. */
export function encodeStatusList(options: { size: number; setIndexes: Iterable<number> }): string {
  const bytes = new Uint8Array(options.size / 8);
  for (const index of options.setIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= options.size) throw new RangeError(`Status index ${index} out of range`);
    bytes[index >> 3]! |= 0x80 >> (index & 7);
  }
  return 'u' + gzipSync(bytes).toString('base64url');
}

/**
 * The longest list this verifier reads: 16,777,216 entries (2 MiB), 128 times the specification's minimum
 * (which is what mobicred publishes). The specification sets no maximum, and a few kilobytes of GZIP can
 * inflate to hundreds of megabytes: a list that would inflate past this is refused, not inflated.
 */
export const MAX_STATUS_LIST_SIZE = 16 * 1024 * 1024;

export function decodeStatusList(encodedList: string): Uint8Array {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  return new Uint8Array(gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_STATUS_LIST_SIZE / 8 }));
}

export function isStatusBitSet(bitstring: Uint8Array, index: number): boolean {
  const byte = bitstring[index >> 3];
  if (byte === undefined) throw new RangeError(`Status index ${index} is beyond the list`);
  return (byte & (0x80 >> (index & 7))) !== 0;
}

/**
 * A keyed pseudorandom permutation of [0, size) for a power-of-two size: a 4-round Feistel network over
 * the smallest even bit width that covers it, with cycle-walking back into range. Allocating positions
 * 0, 1, 2… through it spreads indexes over the whole list, so that an index says nothing of when a
 * credential was issued, and no two positions ever share an index.
 */
export function permuteStatusIndex(options: { position: number; key: Buffer; size: number }): number {
  const { key, size } = options;
  if (!Number.isInteger(Math.log2(size))) throw new RangeError('Status list size must be a power of two');
  if (options.position < 0 || options.position >= size) throw new RangeError('Position outside the list');
  const bits = Math.log2(size) + (Math.log2(size) % 2);
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let value = options.position;
  do {
    let left = value >>> half;
    let right = value & mask;
    for (let round = 0; round < 4; round += 1) {
      const mixed = createHmac('sha256', key).update(`${round}:${right}`).digest().readUInt32BE(0) & mask;
      [left, right] = [right, left ^ mixed];
    }
    value = (left << half) | right;
  } while (value >= size);
  return value;
}

export function buildStatusListEntry(options: { listUrl: string; index: number; purpose: StatusPurpose }): JsonObject {
  return {
    id: `${options.listUrl}#${options.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: options.purpose,
    statusListIndex: String(options.index),
    statusListCredential: options.listUrl,
  };
}

export function buildStatusListCredential(options: {
  listUrl: string;
  issuer: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: string;
}): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT],
    id: options.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer,
    validFrom: options.validFrom,
    credentialSubject: {
      id: `${options.listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: options.purpose,
      encodedList: options.encodedList,
    },
  };
}

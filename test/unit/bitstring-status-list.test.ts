import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStatusList, encodeStatusList, isStatusBitSet, MAX_STATUS_LIST_SIZE, permuteStatusIndex, STATUS_LIST_SIZE } from '../../src/domain/bitstring-status-list.js';

describe('Bitstring Status List encoding', () => {
  it('when indexes 0, 9 and the last are set, then exactly those bits are set, MSB first, in 16 KiB', () => {
    const encoded = encodeStatusList({ size: STATUS_LIST_SIZE, setIndexes: [0, 9, STATUS_LIST_SIZE - 1] });
    expect(encoded[0]).toBe('u');
    // Decoded here by hand, independently of decodeStatusList.
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect(bytes[0]).toBe(0b1000_0000);
    expect(bytes[1]).toBe(0b0100_0000);
    expect(bytes[16_383]).toBe(0b0000_0001);
    expect(bytes.reduce((ones, byte) => ones + byte.toString(2).replaceAll('0', '').length, 0)).toBe(3);
    expect(encoded).not.toContain('=');
  });

  it('when decoded, then the set bits read back', () => {
    const bits = decodeStatusList(encodeStatusList({ size: 1024, setIndexes: [5, 700] }));
    expect([...Array(1024).keys()].filter((index) => isStatusBitSet(bits, index))).toEqual([5, 700]);
  });
});

describe('Bitstring Status List limits', () => {
  it('when a list is as long as the maximum, then it is decoded', () => {
    const bits = decodeStatusList(encodeStatusList({ size: MAX_STATUS_LIST_SIZE, setIndexes: [MAX_STATUS_LIST_SIZE - 1] }));
    expect(isStatusBitSet(bits, MAX_STATUS_LIST_SIZE - 1)).toBe(true);
  });

  it('when a list is a GZIP bomb (a few kilobytes inflating to 64 MiB), then it is refused without being inflated', () => {
    const bomb = 'u' + gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64url');
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(() => decodeStatusList(bomb)).toThrow(RangeError);
    expect(() => decodeStatusList(encodeStatusList({ size: MAX_STATUS_LIST_SIZE * 2, setIndexes: [] }))).toThrow(RangeError);
  });
});

describe('index permutation', () => {
  it('when every position of a list is permuted, then each index is used exactly once', () => {
    const key = randomBytes(32);
    const seen = new Set<number>();
    for (let position = 0; position < STATUS_LIST_SIZE; position += 1) seen.add(permuteStatusIndex({ position, key, size: STATUS_LIST_SIZE }));
    expect(seen.size).toBe(STATUS_LIST_SIZE);
    expect([...seen].every((index) => index >= 0 && index < STATUS_LIST_SIZE)).toBe(true);
  });

  it('when consecutive positions are permuted, then the indexes do not follow issuance order', () => {
    const key = randomBytes(32);
    const indexes = Array.from({ length: 100 }, (_, position) => permuteStatusIndex({ position, key, size: STATUS_LIST_SIZE }));
    const ascendingPairs = indexes.slice(1).filter((index, i) => index > indexes[i]!).length;
    expect(ascendingPairs).toBeGreaterThan(25);
    expect(ascendingPairs).toBeLessThan(75);
    expect(Math.max(...indexes) - Math.min(...indexes)).toBeGreaterThan(STATUS_LIST_SIZE / 2);
  });
});

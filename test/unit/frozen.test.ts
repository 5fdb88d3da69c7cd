import { describe, expect, it } from 'vitest';
import { deepFreeze, isFrozenThroughout } from '../../src/domain/frozen.js';

describe('deepFreeze', () => {
  it('when a document is frozen, then nothing reachable from it can change, and only what went through deepFreeze counts as frozen throughout', () => {
    const document = { id: 'urn:x', credentialSubject: { achievement: { name: 'A', tag: ['one'] } }, bytes: new Uint8Array([1]) };
    const shallow = Object.freeze({ nested: { name: 'B' } });
    deepFreeze(document);
    expect(() => {
      (document.credentialSubject.achievement.tag as string[]).push('two');
    }).toThrow(TypeError);
    expect(() => {
      (document.credentialSubject.achievement as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(isFrozenThroughout(document)).toBe(true);
    expect(isFrozenThroughout(document.credentialSubject.achievement)).toBe(true);
    // A shallow Object.freeze leaves its members open: it does not count.
    expect(isFrozenThroughout(shallow)).toBe(false);
    shallow.nested.name = 'changed';
    // Byte arrays cannot be frozen and are left as they are.
    expect(isFrozenThroughout(document.bytes)).toBe(false);
  });
});

import type { ProvenProofs } from './verify-credential.js';

/**
 * The proofs found valid, remembered up to `capacity` documents (64 bytes each); the least recently seen
 * are forgotten first, and simply verified again when they come back.
 */
export function provenProofsMemory(capacity = 100_000): ProvenProofs & { readonly size: number } {
  const seen = new Map<string, true>();
  return {
    has(documentHash) {
      if (!seen.delete(documentHash)) return false;
      seen.set(documentHash, true);
      return true;
    },
    add(documentHash) {
      seen.delete(documentHash);
      seen.set(documentHash, true);
      if (seen.size > capacity) seen.delete(seen.keys().next().value!);
    },
    get size() {
      return seen.size;
    },
  };
}

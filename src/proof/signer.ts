import { sign, type KeyObject } from 'node:crypto';

/**
 * What proof code gets from the key ring: the verification method to name in the proof and a way to
 * sign, for Data Integrity proofs and VC-JWTs alike. The KeyObject is opaque (it serialises to `{}`); it
 * travels as it is to the proof threads, which make the same signer there.
 */
export interface IssuerSigner {
  /** Verification method id: `${did}#${thumbprint}`. */
  readonly id: string;
  readonly algorithm: 'Ed25519';
  readonly issuer: string;
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  readonly privateKey: KeyObject;
}

/** The signer of an Ed25519 private key, named by its verification method and its issuer's DID. */
export function ed25519Signer(options: { id: string; issuer: string; privateKey: KeyObject }): IssuerSigner {
  const { id, issuer, privateKey } = options;
  return Object.freeze({
    id,
    algorithm: 'Ed25519' as const,
    issuer,
    privateKey,
    sign: async ({ data }: { data: Uint8Array }) => new Uint8Array(sign(null, data, privateKey)),
  });
}

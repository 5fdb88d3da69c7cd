import type { KeyObject } from 'node:crypto';

/**
 * What proof code gets from the key ring: the verification method to name in the proof and a way to
 * sign. The KeyObject is opaque (it serialises to `{}`), and jose needs it to sign a JWT.
 */
export interface IssuerSigner {
  /** Verification method id: `${did}#${thumbprint}`. */
  readonly id: string;
  readonly algorithm: 'Ed25519';
  readonly issuer: string;
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  readonly privateKey: KeyObject;
}

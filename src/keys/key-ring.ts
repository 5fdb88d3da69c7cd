import { createPrivateKey, randomUUID } from 'node:crypto';
import type { Db } from '../storage/database.js';
import {
  findActiveIssuerKeyWithSecret,
  findAnySealedKey,
  insertIssuerKey,
  type IssuerKeyRow,
  type PublicKeyRow,
} from '../storage/issuers-repository.js';
import type { FreshCache, ReadSnapshot } from '../storage/fresh-cache.js';
import { ed25519Signer, type IssuerSigner } from '../proof/signer.js';
import type { SealMaterial, SealAlgorithm } from './x509-seal.js';
import { generateEd25519KeyPair, importPrivateKey } from './ed25519.js';
import { sealPrivateKey, openPrivateKey } from './key-encryption.js';

/**
 * The only code that generates, seals and opens issuers' private keys. Opened keys are cached per key
 * row (a key's secret never changes); which key is an issuer's active one is kept while the database says
 * no key changed (a rotation or compromise is seen at once). Nothing here logs or returns key material.
 */
export class KeyRing {
  readonly #keyEncryptionKey: Buffer;
  readonly #signers = new Map<string, IssuerSigner>();
  readonly #activeKeys: FreshCache<IssuerKeyRow>;

  constructor(keyEncryptionKey: Buffer, activeKeys: FreshCache<IssuerKeyRow>) {
    this.#keyEncryptionKey = keyEncryptionKey;
    this.#activeKeys = activeKeys;
  }

  /** Generates and stores a new active key for an issuer; call inside the transaction that needs it. */
  async createIssuerKey(db: Db, options: { issuerId: string; did: string }): Promise<PublicKeyRow> {
    const keyPair = await generateEd25519KeyPair();
    const id = randomUUID();
    return insertIssuerKey(db, {
      id,
      issuer_id: options.issuerId,
      verification_method: `${options.did}#${keyPair.thumbprint}`,
      public_key_multibase: keyPair.publicKeyMultibase,
      public_jwk: keyPair.publicJwk,
      sealed_private_key: sealPrivateKey({
        keyEncryptionKey: this.#keyEncryptionKey,
        plaintext: keyPair.privateKeyPkcs8,
        boundTo: id,
      }),
      status: 'active',
    });
  }

  /**
   * Whether the key-encryption key opens the stored keys (one sealed key is tried; with none stored, any
   * KEK will do). A wrong MOBICRED_KEK would otherwise show only as failed issuances.
   */
  async opensStoredKeys(db: Db): Promise<boolean> {
    const row = await findAnySealedKey(db);
    if (!row) return true;
    try {
      openPrivateKey({ keyEncryptionKey: this.#keyEncryptionKey, sealed: row.sealed_private_key, boundTo: row.id });
      return true;
    } catch {
      return false;
    }
  }

  /** A seal's private key as stored: sealed under the key-encryption key, bound to the seal's row id. */
  sealSealKey(seal: SealMaterial, sealId: string): string {
    return sealPrivateKey({ keyEncryptionKey: this.#keyEncryptionKey, plaintext: seal.privateKey.export({ type: 'pkcs8', format: 'der' }), boundTo: sealId });
  }

  /** A stored seal, opened for signing: its chain and its private key. */
  openSeal(row: { id: string; certificate_chain: string[]; algorithm: string; sealed_private_key: string; not_after: Date }): SealMaterial {
    const pkcs8 = openPrivateKey({ keyEncryptionKey: this.#keyEncryptionKey, sealed: row.sealed_private_key, boundTo: row.id });
    return {
      chain: row.certificate_chain.map((der) => Buffer.from(der, 'base64')),
      algorithm: row.algorithm as SealAlgorithm,
      privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
      notAfter: row.not_after,
    };
  }

  /** The signer of the issuer's active key (as of `asOf`, by default now), with the id of the key row it uses. */
  async activeSigner(db: Db, options: { issuerId: string; did: string; asOf?: ReadSnapshot }): Promise<{ keyId: string; signer: IssuerSigner }> {
    const row = await this.#activeKeys.read(options.issuerId, () => findActiveIssuerKeyWithSecret(db, options.issuerId), options.asOf);
    if (!row) throw new Error(`Issuer ${options.issuerId} has no active key`);
    let signer = this.#signers.get(row.id);
    if (!signer) {
      const privateKey = importPrivateKey(
        openPrivateKey({ keyEncryptionKey: this.#keyEncryptionKey, sealed: row.sealed_private_key, boundTo: row.id }),
      );
      signer = ed25519Signer({ id: row.verification_method, issuer: options.did, privateKey });
      this.#signers.set(row.id, signer);
    }
    return { keyId: row.id, signer };
  }
}

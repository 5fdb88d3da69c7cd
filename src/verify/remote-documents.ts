/**
 * The only code that reads documents from other hosts, and only from hosts an operator listed
 * (MOBICRED_TRUSTED_DID_WEB_HOSTS): did:web DID documents and the status lists of those issuers. JSON-LD
 * contexts are never fetched. Loopback hosts are read over plain HTTP (development and tests); all others
 * over HTTPS only, without redirects, with a timeout over the whole read and a size cap checked as the body
 * arrives: a host that sends an endless body costs at most MAX_BYTES, never the process's memory.
 */

const TIMEOUT_MS = 3000;
const MAX_BYTES = 256 * 1024;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

export interface RemoteDocuments {
  resolveDidWeb(did: string): Promise<Record<string, unknown> | undefined>;
  /** Whether a DID is a did:web on a trusted host. */
  isTrustedDid(did: string): boolean;
  /** A JSON document at a URL on a trusted host; undefined when the host is not trusted. */
  fetchJson(url: string): Promise<Record<string, unknown> | undefined>;
  /** A JSON document at a URL the platform admin listed itself (a trusted registry), whatever its host. */
  fetchListedJson(url: string): Promise<Record<string, unknown>>;
}

export function createRemoteDocuments(options: { trustedHosts: readonly string[] }): RemoteDocuments {
  const trusted = new Set(options.trustedHosts.map((host) => host.toLowerCase()));
  const fetchJson = async (url: string) => {
    const parsed = new URL(url);
    if (!trusted.has(parsed.host.toLowerCase())) return undefined;
    return fetchCapped(parsed);
  };
  return {
    fetchJson,
    fetchListedJson: (url) => fetchCapped(new URL(url)),
    isTrustedDid: (did) => {
      const url = didWebUrl(did);
      return url !== undefined && trusted.has(new URL(url).host.toLowerCase());
    },
    async resolveDidWeb(did) {
      const url = didWebUrl(did);
      if (!url) return undefined;
      const document = await fetchJson(url);
      if (document && document.id !== did) throw new Error(`${url} describes ${String(document.id)}, not ${did}`);
      return document;
    },
  };
}

/** Loopback hosts over HTTP or HTTPS, every other over HTTPS only; no redirects, a timeout and a size cap. */
async function fetchCapped(url: URL): Promise<Record<string, unknown>> {
  const expectedScheme = LOOPBACK.test(url.host) ? 'http:' : 'https:';
  if (url.protocol !== expectedScheme && url.protocol !== 'https:') throw new Error(`${url.href} is not served over HTTPS`);
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  return JSON.parse(await readCapped(url.href, response)) as Record<string, unknown>;
}

/** The body as UTF-8 text, refused (and the connection dropped) as soon as it announces or passes MAX_BYTES. */
async function readCapped(url: string, response: Response): Promise<string> {
  const tooLarge = () => new Error(`${url} is larger than ${MAX_BYTES} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of response.body ?? []) {
    length += chunk.byteLength;
    if (length > MAX_BYTES) throw tooLarge(); // leaving the loop cancels the stream, which closes the connection
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

/** did:web:host%3Aport:a:b → {scheme}://host:port/a/b/did.json, or /.well-known/did.json without a path. */
export function didWebUrl(did: string): string | undefined {
  const match = /^did:web:([^:#?]+)((?::[^:#?]+)*)$/.exec(did);
  if (!match) return undefined;
  const host = decodeURIComponent(match[1]!);
  const path = match[2] ? match[2].slice(1).split(':').map(decodeURIComponent).join('/') : '.well-known';
  const scheme = LOOPBACK.test(host) ? 'http' : 'https';
  return `${scheme}://${host}/${path}/did.json`;
}

export interface FuzzOutcome {
  /** Answers by shape, status and problem type or verdict: `inline contexts → 422 document-too-complex`. */
  outcomes: Map<string, number>;
  sent: number;
  /** 5xx answers other than verifier-busy, with what was sent. */
  unexpected: string[];
  /** Every /health round trip during the fuzz, in ms, and the ones that did not answer 200. */
  healthLatencies: number[];
  healthFailures: string[];
}

/**
 * Sends generated hostile credentials to POST /v1/verify from `senders` clients for `seconds`, while a
 * watcher asks /health every 25 ms: what the service answered, and how long /health took throughout.
 */
export async function fuzzVerification(options: { baseUrl: string; hostedDid: string; seconds: number; seed: number; senders: number }): Promise<FuzzOutcome> {
  const next = hostileCredentials(options.seed, options.hostedDid);
  const until = Date.now() + options.seconds * 1000;
  const result: FuzzOutcome = { outcomes: new Map(), sent: 0, unexpected: [], healthLatencies: [], healthFailures: [] };
  const sender = async () => {
    while (Date.now() < until) {
      const { name, body } = next();
      let text: string;
      try {
        text = JSON.stringify(body);
      } catch {
        continue; // nested deeper than this client can serialize
      }
      const res = await fetch(`${options.baseUrl}/v1/verify`, { method: 'POST', headers: { 'Content-Type': 'application/ld+json' }, body: text });
      const answer = await res.text();
      const parsed = JSON.parse(answer) as { type?: string; verdict?: string };
      const key = `${name} → ${res.status} ${parsed.type?.replace('urn:mobicred:problem:', '') ?? parsed.verdict}`;
      result.outcomes.set(key, (result.outcomes.get(key) ?? 0) + 1);
      result.sent += 1;
      if (res.status >= 500 && parsed.type !== 'urn:mobicred:problem:verifier-busy') result.unexpected.push(`${name}: ${res.status} ${answer.slice(0, 200)}`);
    }
  };
  const watcher = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      const res = await fetch(`${options.baseUrl}/health`).catch((error: Error) => error);
      result.healthLatencies.push(performance.now() - started);
      if (res instanceof Error || res.status !== 200) result.healthFailures.push(res instanceof Error ? res.message : String(res.status));
      await new Promise((wait) => setTimeout(wait, 25));
    }
  };
  await Promise.all([...Array.from({ length: options.senders }, sender), watcher()]);
  return result;
}

/**
 * Generated hostile JSON-LD credentials for POST /v1/verify: the shapes that make JSON-LD processors and
 * RDFC-1.0 work hard — inline and scoped contexts by the thousand, deep nesting, wide nodes, blank-node
 * cliques (the known poison graphs of canonicalization), lists, reverse properties — each under a proof
 * that names a hosted issuer, a did:key or an unknown DID. Deterministic for a seed, so a failure replays.
 */
export function hostileCredentials(seed: number, hostedDid: string): () => { name: string; body: Record<string, unknown> } {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const count = (max: number) => 1 + Math.floor(random() ** 2 * max);
  const didKey = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  const issuers = [hostedDid, didKey, 'did:web:unknown.example'];

  const shapes: Record<string, () => Record<string, unknown>> = {
    'inline contexts': () => ({ '@context': [...baseContexts(), ...Array.from({ length: count(3000) }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` }))] }),
    'scoped contexts': () => {
      let context: Record<string, unknown> = { leaf: 'https://example.org/leaf' };
      for (let level = count(400); level > 0; level -= 1) context = { [`s${level}`]: { '@id': `https://example.org/s${level}`, '@context': context } };
      return { '@context': [...baseContexts(), context] };
    },
    'deep nesting': () => {
      let node: unknown = 'bottom';
      for (let level = count(8_000); level > 0; level -= 1) node = pick([{ narrative: node }, [node]]);
      return { credentialSubject: { ...subject(), achievement: { ...achievement(), criteria: node } } };
    },
    'wide node': () => ({ credentialSubject: { ...subject(), ...Object.fromEntries(Array.from({ length: count(20_000) }, (_, i) => [`https://example.org/p${i}`, `v${i}`])) } }),
    'blank-node clique': () => {
      const size = count(400);
      const nodes = Array.from({ length: size }, (_, i) => ({
        '@id': `_:b${i}`,
        'https://example.org/knows': Array.from({ length: Math.min(size, count(40)) }, (_, j) => ({ '@id': `_:b${(i + j + 1) % size}` })),
      }));
      return { '@context': [...baseContexts(), { '@vocab': 'https://example.org/' }], evidence: [{ type: ['Evidence'], '@included': nodes }] };
    },
    'lists and reverses': () => ({
      '@context': [...baseContexts(), { items: { '@id': 'https://example.org/items', '@container': '@list' }, back: { '@reverse': 'https://example.org/back' } }],
      credentialSubject: { ...subject(), items: Array.from({ length: count(5000) }, (_, i) => [i, [i]]), back: Array.from({ length: count(2000) }, (_, i) => ({ '@id': `_:r${i}` })) },
    }),
    'long strings': () => ({ credentialSubject: { ...subject(), achievement: { ...achievement(), description: 'é'.repeat(count(120_000)) } } }),
    'remote context': () => ({ '@context': [...baseContexts(), `https://evil.example/${count(1000)}.jsonld`] }),
  };

  return () => {
    const name = pick(Object.keys(shapes));
    const issuer = pick(issuers);
    const credential: Record<string, unknown> = {
      '@context': baseContexts(),
      id: `urn:uuid:${Math.floor(random() * 1e9)}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer, type: ['Profile'], name: 'Lycée professionnel Jean Moulin' },
      validFrom: '2026-06-01T00:00:00Z',
      credentialSubject: subject(),
      ...shapes[name]!(),
    };
    credential.proof = [
      {
        type: 'DataIntegrityProof',
        cryptosuite: pick(['eddsa-rdfc-2022', 'eddsa-rdfc-2022', 'eddsa-2022']),
        created: '2026-06-01T00:00:00Z',
        verificationMethod: `${issuer}#${issuer === didKey ? didKey.slice('did:key:'.length) : 'key-1'}`,
        proofPurpose: 'assertionMethod',
        proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2Brbx',
      },
    ];
    return { name, body: credential };
  };
}

function baseContexts(): string[] {
  return ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];
}

function achievement(): Record<string, unknown> {
  return { id: 'urn:uuid:a', type: ['Achievement'], name: 'Stage', description: 'Stage', criteria: { narrative: 'Stage' } };
}

function subject(): Record<string, unknown> {
  return { type: ['AchievementSubject'], achievement: achievement() };
}

import { createHash } from 'node:crypto';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { BUNDLED_CONTEXTS } from './document-loader.js';

/**
 * eddsa-rdfc-2022 canonicalization, byte-identical to the reference (jsonld.toRDF then RDFC-1.0) and several
 * times faster for documents of a shape already seen.
 *
 * Nearly all of the reference's cost is JSON-LD expansion, and expansion depends on a document's shape (its
 * keys, nesting, types and contexts), not on its literal values. So the document is split into a shape —
 * every string value replaced by a placeholder — and its values. The shape goes through the reference
 * `jsonld.toRDF` once; its quads are kept. A document of the same shape then gets those quads with its own
 * values put back, and only the (cheap) RDFC-1.0 step runs.
 *
 * A value is put back only where that is exactly what expansion would have produced: in a literal (the string
 * is copied as it is), or in an IRI position for an absolute IRI that expansion leaves as it is. JSON-LD
 * leaves `scheme://…` untouched whatever the context; any other `scheme:…` (a URN, a DID) only when neither
 * the scheme nor the whole value is a term of the context — checked against every term of the bundled
 * contexts, so only for documents that use bundled contexts alone. A placeholder that lands anywhere else —
 * in a type, or rewritten by the context — makes that value part of the shape instead. Values that JSON-LD
 * turns into native literals (numbers, booleans) and every `type` and `@context` are part of the shape.
 */

type Quad = { subject: Term; predicate: Term; object: Term; graph: Term };
type Term = { termType: string; value: string; datatype?: { termType: string; value: string }; language?: string };

const PLACEHOLDER = 'https://placeholder.mobicred.invalid/';
/** Absolute as jsonld judges it (no whitespace anywhere), and left as it is by IRI expansion (`scheme://`). */
const SUBSTITUTABLE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s]*$/;
/** Absolute as jsonld judges it, with its scheme: left as it is when no term of the context is involved. */
const SCHEME_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):[^\s]*$/;

/** Every term any bundled context defines, scoped contexts included. */
const BUNDLED_TERMS: ReadonlySet<string> = (() => {
  const terms = new Set<string>();
  const visit = (context: unknown): void => {
    if (Array.isArray(context)) return context.forEach(visit);
    if (context === null || typeof context !== 'object') return;
    for (const [key, definition] of Object.entries(context)) {
      if (!key.startsWith('@')) terms.add(key);
      if (definition !== null && typeof definition === 'object' && '@context' in definition) visit(definition['@context']);
    }
  };
  for (const document of BUNDLED_CONTEXTS.values()) visit((document as { '@context'?: unknown })['@context']);
  return terms;
})();

/**
 * Whether expansion keeps `value` as it is where the template has an IRI. Without `bundledContextsOnly`, the
 * document may define terms of its own, and only `scheme://` is certain.
 */
function substitutableIri(value: string, bundledContextsOnly: boolean): boolean {
  if (SUBSTITUTABLE_IRI.test(value)) return true;
  const scheme = bundledContextsOnly ? SCHEME_IRI.exec(value)?.[1] : undefined;
  return scheme !== undefined && !BUNDLED_TERMS.has(scheme) && !BUNDLED_TERMS.has(value);
}

/** The root @context lists bundled contexts only, and no node has a context of its own. */
function usesBundledContextsOnly(input: object, text: string): boolean {
  const context = (input as { '@context'?: unknown })['@context'];
  const urls = Array.isArray(context) ? context : [context];
  return urls.every((url) => typeof url === 'string' && BUNDLED_CONTEXTS.has(url)) && text.indexOf('"@context"') === text.lastIndexOf('"@context"');
}
const STRUCTURAL_KEYS = new Set(['@context', 'type', '@type']);
const MAX_TEMPLATED_LENGTH = 64 * 1024;

/** Maps are keyed by digests: memory per template stays small whatever the document. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

interface Template {
  quads: Quad[];
  /** Paths whose values must stay in the shape (see above). */
  fixed: Set<string>;
}

interface TemplateCanonizer {
  canonize(input: object, options: { documentLoader: DocumentLoader; [option: string]: unknown }): Promise<string>;
  readonly stats: { hits: number; misses: number };
}

export function templateCanonizer(options: { capacity?: number } = {}): TemplateCanonizer {
  const capacity = options.capacity ?? 1000;
  const templates = new Map<string, Template>();
  /** Paths found not substitutable, remembered per shape so that the next document goes straight to its template. */
  const fixedByLayout = new Map<string, Set<string>>();
  const stats = { hits: 0, misses: 0 };

  async function canonize(input: object, canonizeOptions: { documentLoader: DocumentLoader; [option: string]: unknown }): Promise<string> {
    // A document that itself contains the placeholder marker could be mistaken for a template, and a very
    // large one is not worth keeping: the reference handles both.
    const text = JSON.stringify(input);
    if (text.length > MAX_TEMPLATED_LENGTH || text.includes(PLACEHOLDER)) return referenceCanonize(input, canonizeOptions);
    const bundledContextsOnly = usesBundledContextsOnly(input, text);
    const layout = digest(layoutKey(input));
    let fixed = fixedByLayout.get(layout) ?? new Set<string>();
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const { shape, values } = split(input, fixed);
      const key = digest(`${layout}\n${JSON.stringify(shape)}`);
      let template = templates.get(key);
      if (template) {
        stats.hits += 1;
      } else {
        stats.misses += 1;
        const quads = (await jsonld.toRDF(shape, toRdfOptions(canonizeOptions))) as Quad[];
        const misplaced = misplacedPlaceholders(quads, values.length);
        if (misplaced.length > 0) {
          fixed = new Set([...fixed, ...misplaced.map((index) => values[index]!.path)]);
          remember(fixedByLayout, layout, fixed);
          continue;
        }
        template = { quads, fixed };
        remember(templates, key, template);
      }
      const filled = fill(template.quads, values, bundledContextsOnly);
      if ('refused' in filled) {
        // These values cannot stand where a placeholder stood (an IRI that expansion might rewrite): they
        // become part of the shape for every document of this layout.
        fixed = new Set([...fixed, ...filled.refused.map((index) => values[index]!.path)]);
        remember(fixedByLayout, layout, fixed);
        continue;
      }
      return rdfCanonize.canonize(filled.quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads', ...rdfcOptions(canonizeOptions) });
    }
    return referenceCanonize(input, canonizeOptions);
  }
  /** Both maps are bounded: documents pasted for verification can have any shape. */
  function remember<T>(map: Map<string, T>, key: string, value: T): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > capacity) map.delete(map.keys().next().value!);
  }
  return { canonize, stats };
}

/** The reference canonicalization, exactly as @digitalbazaar/eddsa-rdfc-2022-cryptosuite does it. */
export function referenceCanonize(input: object, options: { documentLoader: DocumentLoader; [option: string]: unknown }): Promise<string> {
  return eddsaRdfc2022.canonize(input, options) as Promise<string>;
}

function toRdfOptions(options: Record<string, unknown>): Record<string, unknown> {
  // The same options as the reference cryptosuite's canonize.
  const merged: Record<string, unknown> = { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...options };
  const toRdf: Record<string, unknown> = { rdfDirection: 'i18n-datatype', ...merged, produceGeneralizedRdf: false };
  delete toRdf.format;
  return toRdf;
}

function rdfcOptions(options: Record<string, unknown>): Record<string, unknown> {
  const { documentLoader: _loader, base: _base, safe: _safe, rdfDirection: _direction, ...rest } = options;
  return rest;
}

/** Keys and nesting only: documents with the same layout share their list of fixed paths. */
function layoutKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(layoutKey).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${key}:${layoutKey(item)}`).join(',')}}`;
  return typeof value === 'string' ? 's' : JSON.stringify(value);
}

interface Slot {
  path: string;
  value: string;
}

/** The document with its substitutable strings replaced by numbered placeholders, and those strings. */
function split(input: unknown, fixed: Set<string>): { shape: unknown; values: Slot[] } {
  const values: Slot[] = [];
  const walk = (node: unknown, path: string, structural: boolean): unknown => {
    if (typeof node === 'string') {
      if (structural || fixed.has(path)) return node;
      values.push({ path, value: node });
      return `${PLACEHOLDER}${values.length - 1}`;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}/${index}`, structural));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, `${path}/${key}`, structural || STRUCTURAL_KEYS.has(key))]));
    }
    return node;
  };
  return { shape: walk(input, '', false), values };
}

/** Placeholders that expansion did not keep as a plain literal or an IRI of their own. */
function misplacedPlaceholders(quads: Quad[], count: number): number[] {
  const seen = new Set<number>();
  const misplaced = new Set<number>();
  const inspect = (term: Term, literalAllowed: boolean) => {
    if (term.datatype?.value.includes(PLACEHOLDER)) misplaced.add(placeholderIndex(term.datatype.value) ?? -1);
    if (!term.value.includes(PLACEHOLDER)) return;
    const index = placeholderIndex(term.value);
    const whole = index !== undefined && term.value === `${PLACEHOLDER}${index}`;
    if (!whole || (term.termType === 'Literal' && !literalAllowed)) {
      for (const match of term.value.matchAll(/placeholder\.mobicred\.invalid\/(\d+)/g)) misplaced.add(Number(match[1]));
      return;
    }
    seen.add(index!);
  };
  for (const quad of quads) {
    inspect(quad.subject, false);
    inspect(quad.predicate, false);
    inspect(quad.object, true);
    inspect(quad.graph, false);
  }
  // A placeholder expansion dropped or merged (it would have mattered with the real value) is fixed too.
  for (let index = 0; index < count; index += 1) if (!seen.has(index)) misplaced.add(index);
  return [...misplaced].filter((index) => index >= 0);
}

function placeholderIndex(value: string): number | undefined {
  if (!value.startsWith(PLACEHOLDER)) return undefined;
  const index = Number(value.slice(PLACEHOLDER.length));
  return Number.isInteger(index) ? index : undefined;
}

/** The template's quads with the real values, or the values that cannot stand where their placeholder did. */
function fill(quads: Quad[], values: Slot[], bundledContextsOnly: boolean): { quads: Quad[] } | { refused: number[] } {
  const refused: number[] = [];
  const put = (term: Term): Term => {
    const index = placeholderIndex(term.value);
    if (index === undefined) return term;
    const value = values[index]!.value;
    if (term.termType === 'NamedNode' && !substitutableIri(value, bundledContextsOnly)) refused.push(index);
    return { ...term, value };
  };
  const filled = quads.map((quad) => ({ subject: put(quad.subject), predicate: quad.predicate, object: put(quad.object), graph: quad.graph }));
  if (refused.length > 0) return { refused };
  // Expansion merges equal values; two placeholders may have become equal values.
  const unique = new Map<string, Quad>();
  for (const quad of filled) unique.set(quadKey(quad), quad);
  return { quads: [...unique.values()] };
}

function quadKey(quad: Quad): string {
  const term = (t: Term) => `${t.termType}|${t.value}|${t.datatype?.value ?? ''}|${t.language ?? ''}`;
  return `${term(quad.subject)} ${term(quad.predicate)} ${term(quad.object)} ${term(quad.graph)}`;
}

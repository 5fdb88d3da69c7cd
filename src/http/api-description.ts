import type { ProjectSchema } from '../json-schemas.js';

const SCHEMA_URN = 'urn:mobicred:schema:';

/**
 * openapi.yaml refers to the request schemas of schemas/ by their `$id` (one source of truth for the
 * service's validation and its description). Tools such as Swagger UI resolve only references inside the
 * document, so the published JSON form carries those schemas under components.schemas, with every
 * reference rewritten to point there.
 */
export function bundleApiDescription(openapi: Record<string, unknown>, schemas: readonly ProjectSchema[]): Record<string, unknown> {
  const components = (openapi.components ?? {}) as Record<string, unknown>;
  const bundled: Record<string, unknown> = { ...((components.schemas ?? {}) as Record<string, unknown>) };
  for (const { $id, $schema: _dialect, ...schema } of schemas) {
    const name = $id.slice(SCHEMA_URN.length);
    bundled[name] = localiseReferences(schema, `#/components/schemas/${name}`);
  }
  return localiseReferences({ ...openapi, components: { ...components, schemas: bundled } }, '#') as Record<string, unknown>;
}

/** Rewrites each `$ref` of a node whose own root is at `root` (a pointer into the bundled document). */
function localiseReferences(node: unknown, root: string): unknown {
  if (Array.isArray(node)) return node.map((item) => localiseReferences(item, root));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? localReference(value, root) : localiseReferences(value, root)]),
  );
}

/** `urn:mobicred:schema:common#/$defs/text` → `#/components/schemas/common/$defs/text`; `#/x` → `<root>/x`. */
function localReference(reference: string, root: string): string {
  if (reference.startsWith('#')) return root + reference.slice(1);
  if (!reference.startsWith(SCHEMA_URN)) return reference;
  const [name, pointer = ''] = reference.slice(SCHEMA_URN.length).split('#');
  return `#/components/schemas/${name}${pointer}`;
}

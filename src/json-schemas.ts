import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PROJECT_ROOT } from './config.js';
import { ValidationError, type FieldError } from './errors.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const SCHEMAS_DIR = resolve(PROJECT_ROOT, 'schemas');

export interface JsonSchemas {
  /** The field errors of a value against the schema with this $id (empty when it conforms). */
  errorsOf(schemaId: string, value: unknown): FieldError[];
  /** Throws a ValidationError (400) naming every field at fault. */
  assertValid(schemaId: string, value: unknown): void;
}

export interface ProjectSchema {
  $id: string;
  [keyword: string]: unknown;
}

/** The JSON Schemas of schemas/, as written. */
export function readProjectSchemas(): ProjectSchema[] {
  return readdirSync(SCHEMAS_DIR)
    .filter((name) => name.endsWith('.schema.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(resolve(SCHEMAS_DIR, file), 'utf8')) as ProjectSchema);
}

/** Every schema in schemas/, loaded and compiled once: request bodies and credentials are checked by $id. */
export function loadJsonSchemas(): JsonSchemas {
  // Open tuples are intended (@context: two fixed entries, then any further context).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
  addFormats(ajv);
  const ids: string[] = [];
  for (const schema of readProjectSchemas()) {
    ajv.addSchema(schema);
    ids.push(schema.$id);
  }
  // Compiled now, so that a broken schema stops the service at start-up rather than failing a request.
  const compiled = new Map<string, ValidateFunction>(ids.map((id) => [id, ajv.getSchema(id)!]));
  const errorsOf = (schemaId: string, value: unknown): FieldError[] => {
    const validate = compiled.get(schemaId);
    if (!validate) throw new Error(`No schema ${schemaId} in ${SCHEMAS_DIR}`);
    return validate(value) ? [] : toFieldErrors(validate.errors ?? []);
  };
  return {
    errorsOf,
    assertValid(schemaId, value) {
      const errors = errorsOf(schemaId, value);
      if (errors.length > 0) throw new ValidationError(`${errors[0]!.field} ${errors[0]!.message}`, errors);
    },
  };
}

function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const field = child === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(child)}`;
    const message = params.additionalProperty !== undefined ? 'is not an allowed property' : (error.message ?? 'is not valid');
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push({ field: field || '/', message });
    }
  }
  return result;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

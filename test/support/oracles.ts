import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';
import { SCHEMAS_DIR } from '../../src/json-schemas.js';
import { readdirSync } from 'node:fs';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2019 | Ajv2020) => void;

/** ../shared/standards beside the clone (CI lays it there); override with MOBICRED_STANDARDS_DIR. */
export const STANDARDS_DIR = resolve(PROJECT_ROOT, process.env.MOBICRED_STANDARDS_DIR ?? '../shared/standards');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** 1EdTech's official AchievementCredential schema (draft 2019-09): an oracle that is not our code. */
export function officialOpenBadgeValidator(): (credential: unknown) => { valid: boolean; errors: unknown } {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(readJson(resolve(STANDARDS_DIR, 'open-badges-3.0/ob_v3p0_achievementcredential_schema.json')));
  return (credential) => ({ valid: validate(credential) as boolean, errors: validate.errors });
}

/** Validates a response against the schema openapi.yaml documents for its path, method, status and media type. */
export function openApiResponseValidator(): (options: {
  path: string;
  method: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
}) => { valid: boolean; errors: unknown } {
  const document = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as Record<string, any>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMAS_DIR).filter((name) => name.endsWith('.schema.json'))) {
    ajv.addSchema(readJson(resolve(SCHEMAS_DIR, file)));
  }
  ajv.addSchema({ $id: 'urn:mobicred:openapi', components: document.components }, 'urn:mobicred:openapi');
  return ({ path, method, status, contentType, body }) => {
    const operation = document.paths?.[path]?.[method.toLowerCase()];
    if (!operation) return { valid: false, errors: `openapi.yaml documents no ${method} ${path}` };
    let response = operation.responses?.[String(status)];
    if (!response) return { valid: false, errors: `openapi.yaml documents no ${status} for ${method} ${path}` };
    if (response.$ref) response = document.components.responses[response.$ref.split('/').pop()];
    const empty = body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
    if (!response.content) return empty ? { valid: true, errors: null } : { valid: false, errors: `${status} ${method} ${path} is documented without a body` };
    const mediaType = (contentType ?? '').split(';')[0]!.trim();
    const schema = response.content?.[mediaType]?.schema;
    if (!schema) return { valid: false, errors: `openapi.yaml documents no ${mediaType} for ${status} ${method} ${path}` };
    const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:mobicred:openapi#/components/'));
    const validate = ajv.compile(resolved);
    return { valid: validate(body) as boolean, errors: validate.errors };
  };
}

/** The EU's Europass EDC credential schema (draft 2020-12, with the VCDM 2.0 attestation schema it $refs). */
export function officialEuropassValidator(): (credential: unknown) => { valid: boolean; errors: unknown } {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const edc = readJson(resolve(STANDARDS_DIR, 'europass-elm-3/edc-credential.schema.json'));
  // The EDC schema refers to its companion relatively: register it under the URL that reference resolves to.
  ajv.addSchema(readJson(resolve(STANDARDS_DIR, 'europass-elm-3/vcdm2.0-attestation.schema.json')), new URL('./vcdm2.0-attestation.schema.json', String(edc.$id)).href);
  const validate = ajv.compile(edc);
  return (credential) => ({ valid: validate(credential) as boolean, errors: validate.errors });
}

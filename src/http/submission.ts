import { UnreadableBadgeImageError, MalformedRequestError, ValidationError } from '../errors.js';
import type { SecuredCredential } from '../verify/verify-credential.js';
import { unbakePng, unbakeSvg, UnbakeError } from '../badges/unbake.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** NUL, and a UTF-16 surrogate standing alone (a pair is one code point to a `u` pattern): text that is not Unicode. */
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/**
 * JSON.parse reviver for everything clients send, refusing while parsing, before any code sees the value:
 * prototype-pollution keys, NUL characters and lone surrogates (`"x\ud800y"`): PostgreSQL cannot store
 * either in text or JSON.
 */
export function strictJsonReviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`${REFUSED_IN_JSON}the key "${key}"`);
  if ((typeof value === 'string' && UNSTORABLE.test(value)) || UNSTORABLE.test(key)) {
    const nul = key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'));
    throw new SyntaxError(`${REFUSED_IN_JSON}${nul ? 'a NUL character' : 'a lone UTF-16 surrogate (text that is not Unicode)'}`);
  }
  return value;
}

/** How the reviver's refusals start, so that the problem can quote them (other parse errors are not quoted). */
export const REFUSED_IN_JSON = 'Refused in the JSON body: ';

/** A submitted credential: a parsed JSON object (JSON-LD with its proof), or text holding a JWT or JSON. */
export function toSecuredCredential(input: unknown): SecuredCredential {
  if (typeof input === 'string') {
    const text = input.trim();
    if (COMPACT_JWS.test(text)) return { format: 'jwt_vc', jwt: text };
    if (!text.startsWith('{')) throw notACredential();
    try {
      return toSecuredCredential(JSON.parse(text, strictJsonReviver));
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new MalformedRequestError(error instanceof SyntaxError && error.message.startsWith(REFUSED_IN_JSON) ? error.message : 'The credential is not valid JSON');
    }
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    return { format: 'ldp_vc', credential: input as Record<string, unknown> };
  }
  throw notACredential();
}

function notACredential(): ValidationError {
  return new ValidationError('Send an Open Badges 3.0 credential, as a JSON object or as a compact JWT', [
    { field: '/', message: 'must be a credential JSON object or a JWT' },
  ]);
}

/** A badge image with a credential baked in: the credential it carries, as submitted text. */
export function unbakeSubmission(kind: 'png' | 'svg', body: Buffer | string): SecuredCredential {
  try {
    return toSecuredCredential(kind === 'png' ? unbakePng(body as Buffer) : unbakeSvg(String(body)));
  } catch (error) {
    if (error instanceof UnbakeError) throw new UnreadableBadgeImageError(error.message);
    throw error;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A badge image uploaded through a page's form, which says nothing reliable of its type: PNG by its signature, else SVG. */
export function unbakeUpload(image: Buffer): SecuredCredential {
  return image.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE) ? unbakeSubmission('png', image) : unbakeSubmission('svg', image.toString('utf8'));
}

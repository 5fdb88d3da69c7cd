import type { JsonObject } from '../../domain/open-badges.js';
import type { FieldError } from '../../errors.js';

/**
 * Console forms post the API's own request bodies: each input is named by the JSON Pointer of its value in
 * the body, so that the body is checked by the same JSON Schema and the same services as the API, and an
 * error's field (a JSON Pointer) names the input to point the person at. No rule is written twice.
 */

export type FieldType =
  /** Text, omitted when empty. */
  | 'string'
  | 'number'
  | 'integer'
  /** "yes" / "no" (a select), omitted when empty. */
  | 'boolean'
  /** Codes separated by commas or spaces ("es, en"). */
  | 'list'
  /** One title a line, as objects `{ title }` (learning outcomes); left empty, a list of none. */
  | 'titles'
  /** Checked boxes sharing a name, each an index (outcomes reached). */
  | 'indexes';

export interface FieldCodec {
  pointer: string;
  type: FieldType;
}

/** What a form holds, by input name: text, or several values for boxes sharing a name. */
export type FormValues = Record<string, string | string[]>;

const POINTER = /^(\/[A-Za-z0-9_-]+)+$/;

function segments(pointer: string): string[] {
  if (!POINTER.test(pointer)) throw new Error(`Not a plain JSON Pointer: ${pointer}`);
  return pointer.slice(1).split('/');
}

function textOf(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] ?? '' : value ?? '').trim();
}

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A number as typed, or the text itself when it is none (so that the schema says it must be a number).
 * A decimal comma is read as a point, as French people type marks.
 */
function numberOf(text: string, integer: boolean): number | string {
  const normalised = text.replace(',', '.');
  const number = Number(normalised);
  if (normalised === '' || !Number.isFinite(number) || (integer && !Number.isInteger(number))) return text;
  return number;
}

function decode(type: FieldType, value: string | string[] | undefined): unknown {
  if (type === 'indexes') {
    const indexes = listOf(value).map((item) => numberOf(item.trim(), true));
    return indexes.length ? indexes : undefined;
  }
  const text = textOf(value);
  // A stay may plan no outcome: the API takes an empty list, and so the form takes an empty box (one it sent).
  if (text === '') return type === 'titles' && value !== undefined ? [] : undefined;
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer':
      return numberOf(text, type === 'integer');
    case 'boolean':
      return text === 'yes' ? true : text === 'no' ? false : text;
    case 'list':
      return text.split(/[\s,;]+/).filter(Boolean);
    case 'titles':
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((title) => ({ title }));
  }
}

function encode(type: FieldType, value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  switch (type) {
    case 'boolean':
      return value === true ? 'yes' : value === false ? 'no' : String(value);
    case 'list':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'titles':
      return Array.isArray(value) ? value.map((item) => String((item as JsonObject).title ?? '')).join('\n') : String(value);
    case 'indexes':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    default:
      return String(value);
  }
}

/** The body a form's values make: empty inputs leave their member out, and an object with no member too. */
export function bodyOfForm(values: FormValues, codecs: readonly FieldCodec[]): JsonObject {
  const body: JsonObject = {};
  for (const codec of codecs) {
    const value = decode(codec.type, values[codec.pointer]);
    if (value === undefined) continue;
    const path = segments(codec.pointer);
    let node = body;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as JsonObject;
    }
    node[path.at(-1)!] = value as JsonObject[string];
  }
  return body;
}

/** The form's values for a body (to edit a stay, or to show what was recorded). */
export function formOfBody(body: JsonObject, codecs: readonly FieldCodec[]): FormValues {
  const values: FormValues = {};
  for (const codec of codecs) {
    let node: unknown = body;
    for (const key of segments(codec.pointer)) node = typeof node === 'object' && node !== null ? (node as JsonObject)[key] : undefined;
    const value = encode(codec.type, node);
    if (value !== undefined) values[codec.pointer] = value;
  }
  return values;
}

/** A form's posted values, by input name (urlencoded bodies give a string, or an array for a repeated name). */
export function formValuesOf(body: unknown, codecs: readonly FieldCodec[]): FormValues {
  const values: FormValues = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const { pointer } of codecs) {
    const value = (body as Record<string, unknown>)[pointer];
    if (typeof value === 'string') values[pointer] = value;
    else if (Array.isArray(value)) values[pointer] = value.filter((item): item is string => typeof item === 'string');
  }
  return values;
}

/**
 * The input an error is about: the field whose pointer is the error's, or the closest one inside it or
 * around it (a missing `qualification` points at its first input). Undefined when no input is near.
 */
export function inputOfError(error: FieldError, codecs: readonly FieldCodec[]): string | undefined {
  const field = error.field;
  const exact = codecs.find((codec) => codec.pointer === field);
  if (exact) return exact.pointer;
  const around = codecs.filter((codec) => field.startsWith(`${codec.pointer}/`)).sort((a, b) => b.pointer.length - a.pointer.length)[0];
  if (around) return around.pointer;
  return codecs.find((codec) => field !== '/' && field !== '' && codec.pointer.startsWith(`${field}/`))?.pointer;
}

/** The id of an input, for its label and for the links of an error summary. */
export function inputId(pointer: string): string {
  return `f${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

import { inflateSync } from 'node:zlib';
import extractPngChunks from 'png-chunks-extract';
import { XMLParser } from 'fast-xml-parser';

/**
 * Reading a credential baked into a badge image, as Open Badges 3.0 specifies: a PNG `iTXt` chunk with the
 * keyword `openbadgecredential`, or an SVG `<openbadges:credential>` element in the OB 3.0 namespace (its
 * text the JSON credential, or its `verify` attribute a compact JWS). Pure functions; they throw
 * UnbakeError for anything that is not such an image.
 */

export const PNG_KEYWORD = 'openbadgecredential';
export const OB_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

export class UnbakeError extends Error {}

export function unbakePng(image: Uint8Array): string {
  let chunks: { name: string; data: Uint8Array }[];
  try {
    chunks = extractPngChunks(image);
  } catch (error) {
    throw new UnbakeError(`Not a readable PNG image (${(error as Error).message})`);
  }
  for (const chunk of chunks) {
    if (chunk.name !== 'iTXt') continue;
    const text = readITxt(Buffer.from(chunk.data));
    if (text.keyword === PNG_KEYWORD) return text.text;
  }
  throw new UnbakeError(`The PNG image carries no "${PNG_KEYWORD}" iTXt chunk: no credential is baked in it`);
}

/** iTXt: keyword \0 compression-flag compression-method language-tag \0 translated-keyword \0 text (PNG §11.3.4.5). */
function readITxt(data: Buffer): { keyword: string; text: string } {
  const keywordEnd = data.indexOf(0);
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (keywordEnd < 1 || translatedEnd < 0) throw new UnbakeError('A malformed iTXt chunk');
  const compressed = data[keywordEnd + 1] === 1;
  const body = data.subarray(translatedEnd + 1);
  try {
    return {
      keyword: data.subarray(0, keywordEnd).toString('latin1'),
      text: (compressed ? inflateSync(body, { maxOutputLength: 1 << 20 }) : body).toString('utf8'),
    };
  } catch {
    throw new UnbakeError('A compressed iTXt chunk that does not inflate');
  }
}

export function unbakeSvg(svg: string): string {
  // No DTDs: entity definitions are how XML parsers are made to blow up or leak.
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) throw new UnbakeError('SVG with a DOCTYPE or entity declarations is refused');
  let document: Record<string, unknown>;
  try {
    document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', cdataPropName: '#cdata', parseTagValue: false, trimValues: true }).parse(svg, true);
  } catch (error) {
    throw new UnbakeError(`Not a readable SVG image (${(error as Error).message})`);
  }
  const root = document.svg as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw new UnbakeError('Not an SVG image');
  const prefix = Object.entries(root).find(([name, value]) => name.startsWith('@_xmlns:') && value === OB_SVG_NAMESPACE)?.[0].slice('@_xmlns:'.length);
  const element = prefix === undefined ? undefined : (root[`${prefix}:credential`] as unknown);
  if (element === undefined) throw new UnbakeError('The SVG image carries no <openbadges:credential> element: no credential is baked in it');
  if (typeof element === 'string') return element;
  const fields = element as Record<string, unknown>;
  const content = fields['@_verify'] ?? fields['#cdata'] ?? fields['#text'];
  if (typeof content !== 'string') throw new UnbakeError('The <openbadges:credential> element is empty');
  return content;
}

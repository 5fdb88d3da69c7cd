import extractPngChunks from 'png-chunks-extract';
import encodePngChunks from 'png-chunks-encode';
import { OB_SVG_NAMESPACE, PNG_KEYWORD } from './unbake.js';

/**
 * Baking per Open Badges 3.0: the signed credential travels inside its badge image. PNG: an uncompressed
 * `iTXt` chunk with the keyword `openbadgecredential`, before IEND; any earlier one is replaced. SVG: an
 * `<openbadges:credential>` element, the JSON in CDATA, or a compact JWS in its `verify` attribute.
 */
export function bakePng(image: Uint8Array, credential: string): Buffer {
  const chunks = extractPngChunks(image).filter((chunk) => !(chunk.name === 'iTXt' && iTxtKeyword(chunk.data) === PNG_KEYWORD));
  // keyword \0, compression flag 0, compression method 0, empty language tag \0, empty translated keyword \0.
  const data = Buffer.concat([Buffer.from(`${PNG_KEYWORD}\0\0\0\0\0`, 'latin1'), Buffer.from(credential, 'utf8')]);
  chunks.splice(chunks.length - 1, 0, { name: 'iTXt', data });
  return Buffer.from(encodePngChunks(chunks));
}

function iTxtKeyword(data: Uint8Array): string {
  const end = data.indexOf(0);
  return Buffer.from(data.subarray(0, end < 0 ? 0 : end)).toString('latin1');
}

const SVG_ROOT = /<svg\b[^>]*>/;

export function bakeSvg(svg: string, credential: string): string {
  const root = SVG_ROOT.exec(svg);
  if (!root) throw new Error('not an SVG document');
  const isJws = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
  const element = isJws
    ? `<openbadges:credential verify="${credential}"/>`
    : // "]]>" cannot appear inside CDATA: it is split across two sections.
      `<openbadges:credential><![CDATA[${credential.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`;
  const openTag = root[0].includes('xmlns:openbadges=') ? root[0] : root[0].replace(/^<svg\b/, `<svg xmlns:openbadges="${OB_SVG_NAMESPACE}"`);
  return svg.slice(0, root.index) + openTag + '\n' + element + svg.slice(root.index + root[0].length);
}

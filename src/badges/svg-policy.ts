import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml } from '../domain/xml.js';

/**
 * What a school's SVG badge may be: it is served from this origin and rendered by the service, so nothing
 * that runs or loads (refused, as it always was), only elements and attributes of static SVG drawing (the
 * rest — editor metadata, unknown markup — is dropped), and a bounded amount of work for the renderer: a
 * 7 kB file of 100 `feTurbulence` filters took 24 s to render, ten levels of ten `<use>` each would never end.
 * Pure: the checked document is written out again from its parsed tree, so what is stored is exactly
 * what was checked.
 */

export const SVG_LIMITS = Object.freeze({
  /** Elements in the document, as written. */
  elements: 5_000,
  /** Elements inside one another. */
  depth: 64,
  /** Filter primitives (`fe…` elements), all filters together: a drop shadow takes three to five. */
  filterPrimitives: 20,
  /** `<use>` elements. */
  uses: 200,
  /** `<use>` referring to something that holds a `<use>`, and so on. */
  useDepth: 4,
  /** Elements once every `<use>` is replaced by what it refers to: what the renderer really draws. */
  drawnElements: 20_000,
  /** Pixels of the embedded PNG and JPEG pictures, all together: each is decoded whole to be drawn. */
  picturePixels: 4096 * 4096,
});

type SvgLimit = keyof typeof SVG_LIMITS;

export class SvgRefusedError extends Error {
  constructor(
    readonly reason: 'active-content' | 'unreadable' | 'too-complex',
    detail: string,
    /** For "too-complex", the limit exceeded. */
    readonly limit?: SvgLimit,
  ) {
    super(detail);
  }
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/** Elements that run, embed or load something: refused outright, never silently dropped. */
const ACTIVE_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'feimage', 'handler', 'listener']);

const FILTER_PRIMITIVES = new Set(
  'feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDropShadow feFlood feGaussianBlur feMerge feMorphology feOffset feSpecularLighting feTile feTurbulence'.split(' '),
);

const ALLOWED_ELEMENTS = new Set([
  ...'svg g defs title desc symbol use path rect circle ellipse line polyline polygon text tspan textPath image style'.split(' '),
  ...'linearGradient radialGradient stop pattern clipPath mask marker filter'.split(' '),
  ...'feDistantLight fePointLight feSpotLight feFuncA feFuncB feFuncG feFuncR feMergeNode'.split(' '),
  ...FILTER_PRIMITIVES,
]);

const ALLOWED_ATTRIBUTES = new Set(
  [
    'id class style transform lang xml:lang xml:space role aria-label aria-labelledby aria-describedby href xlink:href',
    'width height viewBox preserveAspectRatio version x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength',
    'fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-miterlimit',
    'stroke-dasharray stroke-dashoffset opacity color display visibility overflow clip-path clip-rule mask filter',
    'marker-start marker-mid marker-end paint-order shape-rendering text-rendering image-rendering vector-effect',
    'color-interpolation color-interpolation-filters isolation mix-blend-mode transform-origin',
    'stop-color stop-opacity flood-color flood-opacity lighting-color',
    'font-family font-size font-weight font-style font-variant font-stretch text-anchor dominant-baseline',
    'alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi',
    'dx dy rotate textLength lengthAdjust startOffset method spacing side',
    'gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits patternTransform',
    'clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient',
    'filterUnits primitiveUnits in in2 result mode type values tableValues slope intercept amplitude exponent',
    'operator k1 k2 k3 k4 order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha',
    'surfaceScale diffuseConstant specularConstant specularExponent scale xChannelSelector yChannelSelector',
    'stdDeviation radius baseFrequency numOctaves seed stitchTiles azimuth elevation z pointsAtX pointsAtY',
    'pointsAtZ limitingConeAngle media',
  ]
    .join(' ')
    .split(' '),
);

/** A reference inside the document, or an embedded PNG or JPEG picture: nothing else may be pointed at. */
const ALLOWED_HREF = /^(?:#|data:image\/(?:png|jpeg);base64,)/i;
/** In values and style sheets: a url() that is not a reference inside the document, an import, CSS escapes (which hide both), script. */
const ACTIVE_VALUE = /url\(\s*["']?\s*(?!#)|@import|\\|expression\s*\(|javascript:/i;

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  htmlEntities: true,
});

/** The school's SVG, checked and written out with only what the allowlists keep; throws SvgRefusedError. */
export function sanitizeSvg(svg: string): string {
  // No DTDs: entity definitions are how XML parsers are made to blow up or leak.
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) throw new SvgRefusedError('active-content', 'An SVG badge may not have a DTD or entity declarations');
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new SvgRefusedError('unreadable', `Not a readable SVG image (${valid.err.msg}, line ${valid.err.line})`);
  let nodes: XmlNode[];
  try {
    nodes = parser.parse(svg) as XmlNode[];
  } catch (error) {
    throw new SvgRefusedError('unreadable', `Not a readable SVG image (${(error as Error).message})`);
  }
  const roots = nodes.filter((node) => elementName(node) !== undefined && elementName(node) !== '?xml');
  const root = roots[0];
  if (roots.length !== 1 || elementName(root!) !== 'svg') throw new SvgRefusedError('unreadable', 'The document is not an SVG image: its root element must be <svg>');
  const kept = keep(root!, 1);
  checkCost(kept);
  return `${write(kept, true)}\n`;
}

function elementName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function refuseActive(detail: string): never {
  throw new SvgRefusedError('active-content', `An SVG badge must be a plain SVG document: ${detail}`);
}

function tooComplex(limit: SvgLimit, what: string): never {
  throw new SvgRefusedError('too-complex', `The SVG has ${what}; at most ${SVG_LIMITS[limit]} are rendered (limit "${limit}")`, limit);
}

/** The element checked, with its attributes and children filtered by the allowlists. */
function keep(node: XmlNode, depth: number): XmlNode {
  if (depth > SVG_LIMITS.depth) tooComplex('depth', `elements nested more than ${SVG_LIMITS.depth} deep`);
  const name = elementName(node)!;
  if (ACTIVE_ELEMENTS.has(name.toLowerCase().replace(/^.*:/, ''))) refuseActive(`no <${name}>`);
  const attributes: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(node[':@'] ?? {})) {
    if (/^on/i.test(attribute)) refuseActive(`no event handler (${attribute})`);
    if (/(?:^|:)href$|^src$/i.test(attribute) && !ALLOWED_HREF.test(value.trim())) refuseActive(`no link to elsewhere (${attribute}="${value.slice(0, 60)}")`);
    if (ACTIVE_VALUE.test(value)) refuseActive(`no outside url(), @import, CSS escape or script in ${attribute}`);
    if (ALLOWED_ATTRIBUTES.has(attribute)) attributes[attribute] = value;
  }
  const children: XmlNode[] = [];
  for (const child of node[name] as XmlNode[]) {
    const childName = elementName(child);
    if (childName === '#text' || childName === '#cdata') {
      const text = childName === '#text' ? String(child['#text']) : (child['#cdata'] as XmlNode[]).map((part) => String(part['#text'] ?? '')).join('');
      if (name === 'style' && ACTIVE_VALUE.test(text)) refuseActive('no outside url(), @import, CSS escape or script in <style>');
      children.push({ '#text': text });
    } else if (childName !== undefined && childName !== '#comment' && !childName.startsWith('?')) {
      const kept = keep(child, depth + 1);
      if (ALLOWED_ELEMENTS.has(childName)) children.push(kept);
    }
  }
  return { [name]: children, ':@': attributes };
}

/** What the renderer would have to do: elements, filter primitives, and what every `<use>` expands to. */
function checkCost(root: XmlNode): void {
  const byId = new Map<string, XmlNode>();
  let elements = 0;
  let primitives = 0;
  let uses = 0;
  let picturePixels = 0;
  const visit = (node: XmlNode): void => {
    const name = elementName(node)!;
    if (name === '#text') return;
    elements += 1;
    if (FILTER_PRIMITIVES.has(name)) primitives += 1;
    if (name === 'use') uses += 1;
    const picture = name === 'image' ? /^data:[^,]*,(.*)$/s.exec((node[':@']?.href ?? node[':@']?.['xlink:href'] ?? '').trim()) : null;
    if (picture) picturePixels += picturePixelsOf(Buffer.from(picture[1]!, 'base64'));
    const id = node[':@']?.id;
    if (id !== undefined && !byId.has(id)) byId.set(id, node);
    for (const child of node[name] as XmlNode[]) visit(child);
  };
  visit(root);
  if (elements > SVG_LIMITS.elements) tooComplex('elements', `${elements} elements`);
  if (primitives > SVG_LIMITS.filterPrimitives) tooComplex('filterPrimitives', `${primitives} filter primitives`);
  if (uses > SVG_LIMITS.uses) tooComplex('uses', `${uses} <use> elements`);
  if (picturePixels > SVG_LIMITS.picturePixels) tooComplex('picturePixels', `embedded pictures of ${picturePixels} pixels`);

  // Elements drawn and <use> depth of each element, once: a reference to an ancestor would never end.
  const cost = new Map<XmlNode, { drawn: number; useDepth: number }>();
  const inProgress = new Set<XmlNode>();
  const measure = (node: XmlNode): { drawn: number; useDepth: number } => {
    const known = cost.get(node);
    if (known) return known;
    if (inProgress.has(node)) throw new SvgRefusedError('too-complex', 'A <use> refers to an element that contains it', 'useDepth');
    inProgress.add(node);
    const name = elementName(node)!;
    let drawn = 1;
    let useDepth = 0;
    const href = name === 'use' ? (node[':@']?.href ?? node[':@']?.['xlink:href']) : undefined;
    const target = href?.startsWith('#') ? byId.get(href.slice(1)) : undefined;
    if (target) {
      const referred = measure(target);
      drawn += referred.drawn;
      useDepth = referred.useDepth + 1;
    }
    for (const child of node[name] as XmlNode[]) {
      if (elementName(child) === '#text') continue;
      const inner = measure(child);
      drawn += inner.drawn;
      useDepth = Math.max(useDepth, inner.useDepth);
    }
    inProgress.delete(node);
    if (useDepth > SVG_LIMITS.useDepth) tooComplex('useDepth', `<use> elements referring to <use> elements more than ${SVG_LIMITS.useDepth} deep`);
    if (drawn > SVG_LIMITS.drawnElements) tooComplex('drawnElements', `more than ${SVG_LIMITS.drawnElements} elements to draw once every <use> is expanded`);
    const measured = { drawn, useDepth };
    cost.set(node, measured);
    return measured;
  };
  measure(root);
}

/** Width × height of an embedded PNG (its IHDR) or JPEG (its frame header), read without decoding it. */
function picturePixelsOf(bytes: Buffer): number {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return bytes.readUInt32BE(16) * bytes.readUInt32BE(20);
  }
  if (bytes.length >= 4 && bytes.readUInt16BE(0) === 0xffd8) {
    for (let offset = 2; offset + 9 <= bytes.length; offset += 2 + bytes.readUInt16BE(offset + 2)) {
      const marker = bytes.readUInt16BE(offset);
      // SOF0…SOF15 carry the frame's size; C4 (Huffman tables), C8 and CC (arithmetic coding) do not.
      if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) {
        return bytes.readUInt16BE(offset + 5) * bytes.readUInt16BE(offset + 7);
      }
    }
  }
  throw new SvgRefusedError('unreadable', 'An embedded picture is not a readable PNG or JPEG image');
}

function write(node: XmlNode, isRoot = false): string {
  const name = elementName(node)!;
  if (name === '#text') return escapeXml(String(node['#text']));
  // Namespaces are declared once, on the root, and only these two: every kept name is an SVG (or XLink) one.
  const attributes = isRoot ? { xmlns: SVG_NAMESPACE, 'xmlns:xlink': XLINK_NAMESPACE, ...node[':@'] } : node[':@']!;
  const open = `<${name}${Object.entries(attributes).map(([attribute, value]) => ` ${attribute}="${escapeXml(value)}"`).join('')}`;
  const children = node[name] as XmlNode[];
  return children.length === 0 ? `${open}/>` : `${open}>${children.map((child) => write(child)).join('')}</${name}>`;
}

import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { sanitizeSvg, SVG_LIMITS, SvgRefusedError } from '../../src/badges/svg-policy.js';

/** The start of a PNG of this size: its signature and IHDR chunk, all the policy reads. */
function pngHeader(width: number, height: number): Buffer {
  const png = PNG.sync.write(new PNG({ width: 1, height: 1 }));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

/** A JPEG's start: SOI, an APP0 segment, then the baseline frame header with the picture's size. */
function jpegHeader(width: number, height: number): Buffer {
  const frame = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'), frame]);
}

const picture = (type: 'png' | 'jpeg', bytes: Buffer) => `<image width="10" height="10" href="data:image/${type};base64,${bytes.toString('base64')}"/>`;

const svg = (body: string, rootAttributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256"${rootAttributes}>${body}</svg>`;

function refusal(source: string): SvgRefusedError {
  try {
    sanitizeSvg(source);
  } catch (error) {
    if (error instanceof SvgRefusedError) return error;
    throw error;
  }
  throw new Error(`accepted: ${source.slice(0, 120)}`);
}

describe('the SVG badge policy', () => {
  it('when an SVG holds something that runs or loads, then it is refused, wherever it hides', () => {
    for (const hostile of [
      svg('<script>alert(1)</script>'),
      svg('<circle r="4"/>', ' onload="alert(1)"'),
      svg('<g><g><circle r="4" ONCLICK="x()"/></g></g>'),
      svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'),
      svg('<image href="https://tracker.example/x.png"/>'),
      svg('<image xlink:href="//tracker.example/x.png" xmlns:xlink="http://www.w3.org/1999/xlink"/>'),
      svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
      svg('<a href="javascript:alert(1)"><circle r="4"/></a>'),
      svg('<a href="&#x6A;avascript:alert(1)"><circle r="4"/></a>'),
      svg('<rect width="9" height="9" fill="url(https://tracker.example/p.svg#p)"/>'),
      svg('<rect width="9" height="9" style="fill: url( \'//tracker.example/p\' )"/>'),
      svg('<style>@import "https://tracker.example/x.css";</style>'),
      svg('<style>rect { background: \\75 rl(https://tracker.example) }</style>'),
      svg('<filter id="f"><feImage href="#r"/></filter>'),
      svg('<metadata><script>alert(1)</script></metadata>'),
      '<!DOCTYPE svg [<!ENTITY x "y">]>' + svg('<text>&x;</text>'),
    ]) {
      expect(refusal(hostile).reason, hostile).toBe('active-content');
    }
  });

  it('when an SVG is not well-formed, or is not an SVG, then it is refused as unreadable', () => {
    for (const broken of [svg('<circle r='), svg('<circle r="1" r="2"/>'), '<html><body/></html>', '', svg('') + svg('')]) {
      expect(refusal(broken).reason, broken).toBe('unreadable');
    }
  });

  it('when an SVG carries markup outside the allowlists, then only the drawing is kept, and checking again changes nothing', () => {
    const source = `<?xml version="1.0"?>
<!-- an editor's comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="64" height="64" inkscape:version="1.3" data-x="1">
  <metadata>made with love</metadata>
  <inkscape:grid/>
  <title>R&amp;D &lt;badge&gt; &#233;t&#xE9;</title>
  <g id="layer" inkscape:label="Layer 1" tabindex="0"><rect width="64" height="64" fill="url(#grad)" class="bg"/></g>
  <linearGradient id="grad"><stop offset="0" stop-color="#fff"/></linearGradient>
  <use href="#layer" x="2"/>
  <text xml:space="preserve" font-family="DejaVu Sans"><![CDATA[a < b]]></text>
</svg>`;
    const kept = sanitizeSvg(source);
    expect(kept).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">\n  \n  \n  ' +
        '<title>R&#38;D &#60;badge&#62; été</title>\n  <g id="layer"><rect width="64" height="64" fill="url(#grad)" class="bg"/></g>\n  ' +
        '<linearGradient id="grad"><stop offset="0" stop-color="#fff"/></linearGradient>\n  <use href="#layer" x="2"/>\n  ' +
        '<text xml:space="preserve" font-family="DejaVu Sans">a &#60; b</text>\n</svg>\n',
    );
    expect(sanitizeSvg(kept)).toBe(kept);
  });

  it('when an SVG asks for more work than the limits allow, then the limit it exceeds is named', () => {
    const many = (count: number, element: string) => element.repeat(count);
    const cases: [string, keyof typeof SVG_LIMITS][] = [
      [svg(many(SVG_LIMITS.elements, '<rect/>')), 'elements'],
      [svg('<g>'.repeat(SVG_LIMITS.depth) + '</g>'.repeat(SVG_LIMITS.depth)), 'depth'],
      [svg(`<filter id="f">${many(SVG_LIMITS.filterPrimitives + 1, '<feOffset dx="1"/>')}</filter>`), 'filterPrimitives'],
      [svg(`<rect id="r"/>${many(SVG_LIMITS.uses + 1, '<use href="#r"/>')}`), 'uses'],
      [svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'), 'useDepth'],
      [svg('<g id="self"><use href="#self"/></g>'), 'useDepth'],
      [svg(`<g id="l0">${many(200, '<rect/>')}</g><g id="l1">${many(120, '<use href="#l0"/>')}</g>`), 'drawnElements'],
      [svg(picture('png', pngHeader(20_000, 20_000))), 'picturePixels'],
      [svg(picture('jpeg', jpegHeader(3000, 3000)) + picture('png', pngHeader(3000, 3000))), 'picturePixels'],
    ];
    for (const [source, limit] of cases) {
      const refused = refusal(source);
      expect([refused.reason, refused.limit], limit).toEqual(['too-complex', limit]);
    }
    expect(refusal(svg(picture('png', Buffer.from('not a picture')))).reason).toBe('unreadable');
    // At the limits themselves, accepted.
    expect(() => sanitizeSvg(svg(picture('jpeg', jpegHeader(4096, 2048)) + picture('png', pngHeader(2048, 4096))))).not.toThrow();
    expect(() => sanitizeSvg(svg(many(SVG_LIMITS.elements - 1, '<rect/>')))).not.toThrow();
    expect(() => sanitizeSvg(svg(`<filter id="f">${many(SVG_LIMITS.filterPrimitives, '<feOffset dx="1"/>')}</filter>`))).not.toThrow();
  });
});

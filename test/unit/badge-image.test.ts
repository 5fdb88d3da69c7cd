import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { renderBadgeSvg } from '../../src/badges/badge-image.js';
import { renderPng } from '../../src/badges/render-png.js';

const KINDS = ['mobility-skills', 'language', 'ufm', 'staff-mobility', 'Competency', 'Certificate', undefined];
const LONG_SCHOOL = 'Lycée polyvalent régional Jean-Baptiste de La Salle – Saint-Denis de la Réunion';
const LONG_ACHIEVEMENT = 'Compétences professionnelles acquises lors d’une période de formation en entreprise à l’étranger';

function pixels(svg: string): PNG {
  return PNG.sync.read(renderPng(svg));
}

/**
 * Text that leaves the badge's shape is cut off (or drawn over its outline): every pixel of the text must
 * fall inside the shape's fill, inside its outline.
 */
function textPixelsOutsideShape(svg: string): number {
  const shape = /<path d="([^"]+)"/.exec(svg)![1]!;
  const texts = svg.match(/<text[^>]*>[^<]*<\/text>/g)!.join('\n');
  const open = '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">';
  const inside = pixels(`${open}<path d="${shape}" fill="#ffffff" stroke="#000000" stroke-width="6"/></svg>`);
  const text = pixels(`${open}${texts.replace(/fill="[^"]+"/g, 'fill="#000000"')}</svg>`);
  let outside = 0;
  for (let offset = 0; offset < text.data.length; offset += 4) {
    const isText = text.data[offset + 3]! > 64;
    const isInside = inside.data[offset + 3] === 255 && inside.data[offset]! > 250;
    if (isText && !isInside) outside++;
  }
  return outside;
}

describe('the generated badge image', () => {
  it.each(KINDS)('when the school and achievement names are long, then on the %s shape no text leaves the badge', (kind) => {
    const svg = renderBadgeSvg({ achievementName: LONG_ACHIEVEMENT, issuerName: LONG_SCHOOL, kind });
    expect(textPixelsOutsideShape(svg)).toBe(0);
    // Wrapped, not dropped: the school's name starts on the badge, and a cut line says so with "…".
    expect(svg).toContain('>Lycée polyvalent');
    expect(svg).toMatch(/…<\/text>/);
  });

  it('when the names are short, then they are shown whole, on one line each', () => {
    const svg = renderBadgeSvg({ achievementName: 'Anglais B1', issuerName: 'LP Jean Moulin', kind: 'language' });
    expect(svg).toContain('>Anglais B1</text>');
    expect(svg).toContain('>LP Jean Moulin</text>');
    expect(svg).not.toContain('…');
  });
});

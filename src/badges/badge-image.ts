import { escapeXml } from '../domain/xml.js';

/**
 * The generated badge image of an achievement: an SVG whose shape and colour tell the kind of achievement
 * apart at a glance, with a large emblem that stays readable at 64 px (a CEFR level, "UFM", a star…), and
 * the achievement's and issuer's names for larger sizes. Pure: same input, same bytes.
 */

interface BadgeImageInput {
  achievementName: string;
  issuerName: string;
  /** A mobility template's kind (mobility-skills, language, ufm, staff-mobility), else the achievementType. */
  kind: string | undefined;
  /** A short emblem drawn large, such as the CEFR level reached; the kind's emblem otherwise. */
  emblem?: string;
}

interface BadgeStyle {
  /** The outline, as an SVG path on a 256 × 256 canvas. */
  shape: string;
  fill: string;
  accent: string;
  emblem: string;
}

const SHIELD = 'M128 10 L226 44 V124 C226 184 184 226 128 246 C72 226 30 184 30 124 V44 Z';
const HEXAGON = 'M128 8 L232 68 V188 L128 248 L24 188 V68 Z';
const CIRCLE = 'M128 8 A120 120 0 1 1 127.9 8 Z';
const ROUNDED_SQUARE = 'M56 12 H200 A44 44 0 0 1 244 56 V200 A44 44 0 0 1 200 244 H56 A44 44 0 0 1 12 200 V56 A44 44 0 0 1 56 12 Z';
const SPEECH_BUBBLE = 'M48 16 H208 A36 36 0 0 1 244 52 V172 A36 36 0 0 1 208 208 H112 L64 248 V208 H48 A36 36 0 0 1 12 172 V52 A36 36 0 0 1 48 16 Z';

/** One look per kind of mobility achievement (see domain/mobility-achievements), a few OB types, a default. */
const STYLES: Record<string, BadgeStyle> = {
  'mobility-skills': { shape: HEXAGON, fill: '#0f6e6e', accent: '#bde8e4', emblem: '★' },
  language: { shape: SPEECH_BUBBLE, fill: '#6b2fa3', accent: '#e3d2f5', emblem: 'Aa' },
  ufm: { shape: SHIELD, fill: '#0b4f9c', accent: '#cfe0f7', emblem: 'UFM' },
  'staff-mobility': { shape: CIRCLE, fill: '#9c4a0b', accent: '#f7dfcb', emblem: '⇄' },
  Competency: { shape: HEXAGON, fill: '#1f5130', accent: '#d2ecd9', emblem: '★' },
  Certificate: { shape: SHIELD, fill: '#5a2140', accent: '#f2d3e2', emblem: '✓' },
};
const DEFAULT_STYLE: BadgeStyle = { shape: ROUNDED_SQUARE, fill: '#3a3f47', accent: '#dde1e6', emblem: '★' };

const BADGE_FONT_FAMILY = 'DejaVu Sans';

function badgeStyleOf(kind: string | undefined): BadgeStyle {
  return kind !== undefined && Object.hasOwn(STYLES, kind) ? STYLES[kind]! : DEFAULT_STYLE;
}

/**
 * Room for text inside every shape, in pixels, with a margin: the lowest lines are the narrowest (the
 * shield's point). Line widths are estimated from DejaVu Sans' advances, about 0.6 em (bold about 0.66 em),
 * rounded up so that a line never reaches the outline.
 */
const NAME_LINE = { width: 168, fontSize: 13, advance: 0.68, lines: 2, y: 150, step: 16 };
const ISSUER_LINE = { width: 116, fontSize: 10, advance: 0.62, lines: 2, y: 190, step: 12 };

export function renderBadgeSvg(input: BadgeImageInput): string {
  const style = badgeStyleOf(input.kind);
  const emblem = (input.emblem ?? style.emblem).slice(0, 4);
  const emblemSize = emblem.length <= 2 ? 88 : 60;
  const title = `${input.achievementName} — ${input.issuerName}`;
  const text = (lines: string[], line: typeof NAME_LINE, bold: boolean) =>
    lines.map(
      (content, index) =>
        `<text x="128" y="${line.y + index * line.step}" text-anchor="middle" font-family="${BADGE_FONT_FAMILY}, sans-serif"${bold ? ' font-weight="bold"' : ''} font-size="${line.fontSize}" fill="${style.accent}">${escapeXml(content)}</text>`,
    );
  const fit = (value: string, line: typeof NAME_LINE) => wrap(value, Math.floor(line.width / (line.fontSize * line.advance)), line.lines);
  const nameLines = fit(input.achievementName, NAME_LINE);
  // The school's name starts just under the achievement's, however many lines that took.
  const issuerLine = { ...ISSUER_LINE, y: ISSUER_LINE.y - (NAME_LINE.lines - nameLines.length) * NAME_LINE.step };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-labelledby="badge-title">
<title id="badge-title">${escapeXml(title)}</title>
<path d="${style.shape}" fill="${style.fill}" stroke="${style.accent}" stroke-width="6"/>
<text x="128" y="${emblem.length <= 2 ? 124 : 118}" text-anchor="middle" font-family="${BADGE_FONT_FAMILY}, sans-serif" font-weight="bold" font-size="${emblemSize}" fill="#ffffff">${escapeXml(emblem)}</text>
${[...text(nameLines, NAME_LINE, true), ...text(fit(input.issuerName, issuerLine), issuerLine, false)].join('\n')}
</svg>
`;
}

/** Words into at most `lines` lines of at most `width` characters; the last one ends with … when cut. */
function wrap(text: string, width: number, lines: number): string[] {
  const result: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && (current + ' ' + word).length > width) {
      result.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) result.push(current);
  if (result.length <= lines) return result.map((line) => truncate(line, width));
  return [...result.slice(0, lines - 1), truncate(result.slice(lines - 1).join(' '), width, true)];
}

function truncate(text: string, width: number, force = false): string {
  return [...text].length > width || force ? `${[...text].slice(0, width - 1).join('').trimEnd()}…` : text;
}

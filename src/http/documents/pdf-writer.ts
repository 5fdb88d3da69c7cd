import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { AFRelationship, PDFDocument, fill, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingRgbColor, type PDFFont, type PDFOperator, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * A small flowing-text writer over pdf-lib for the printed documents: A4 pages, the DejaVu fonts shipped with
 * the service (Latin, Greek, Cyrillic and more: every accented name prints as written), wrapped text, label
 * and value pairs, tables, images, QR codes drawn as vectors, and attached files.
 */

const FONTS_DIR = resolve(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fontFiles: { regular: Uint8Array; bold: Uint8Array } | undefined;
const fonts = () => (fontFiles ??= { regular: readFileSync(resolve(FONTS_DIR, 'DejaVuSans.ttf')), bold: readFileSync(resolve(FONTS_DIR, 'DejaVuSans-Bold.ttf')) });

/**
 * fontkit, keeping each font it parsed for the life of the process. pdf-lib parses the font file again for every
 * document, and fontkit then decodes its layout tables again on first use: that was most of a certificate's
 * time. pdf-lib only reads the parsed font (each document takes its own subset of it), so documents share it.
 */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
const parsedFonts = new Map<Uint8Array, ReturnType<Fontkit['create']>>();
const sharedFontkit: Fontkit = {
  create(bytes, postscriptName) {
    const known = postscriptName === undefined ? parsedFonts.get(bytes) : undefined;
    if (known) return known;
    const font = fontkit.create(bytes, postscriptName);
    if (postscriptName === undefined) parsedFonts.set(bytes, font);
    return font;
  },
};

/**
 * OpenType positioning left out of shaping: pdf-lib draws each glyph at its advance width and drops the
 * positions that shaping computes, so kerning and mark positioning were work thrown away (substitutions such
 * as ligatures and composed accents stay: they choose the glyphs).
 */
const POSITIONING_UNUSED = { kern: false, mark: false, mkmk: false, curs: false };

/**
 * The width of each word met, in em, by font (bold or not), for the life of the process: wrapping measures a
 * line word by word instead of shaping it again with every word added. Bounded: words are mostly the
 * documents' fixed texts, names and places.
 */
const WORD_WIDTHS_KEPT = 20_000;
const wordWidths = { regular: new Map<string, number>(), bold: new Map<string, number>() };

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.33, 0.33, 0.33);
const RULE = rgb(0.75, 0.75, 0.75);
const ACCENT = rgb(0.043, 0.31, 0.612);

export interface TextStyle {
  size?: number;
  bold?: boolean;
  muted?: boolean;
  accent?: boolean;
}

export class PdfWriter {
  readonly document: PDFDocument;
  readonly #regular: PDFFont;
  readonly #bold: PDFFont;
  #page!: PDFPage;
  /** Distance from the page's top edge to where the next line goes. */
  #y = MARGIN;

  private constructor(document: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.document = document;
    this.#regular = regular;
    this.#bold = bold;
  }

  static async create(meta: { title: string; language: string; author: string; subject?: string }): Promise<PdfWriter> {
    const document = await PDFDocument.create();
    document.registerFontkit(sharedFontkit);
    const embed = (bytes: Uint8Array) => document.embedFont(bytes, { subset: true, features: POSITIONING_UNUSED });
    const [regular, bold] = await Promise.all([embed(fonts().regular), embed(fonts().bold)]);
    document.setTitle(meta.title, { showInWindowTitleBar: true });
    document.setLanguage(meta.language);
    document.setAuthor(meta.author);
    document.setCreator('mobicred');
    document.setProducer('mobicred (pdf-lib)');
    if (meta.subject) document.setSubject(meta.subject);
    const writer = new PdfWriter(document, regular, bold);
    writer.newPage();
    return writer;
  }

  get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  newPage(): void {
    this.#page = this.document.addPage(A4);
    this.#y = MARGIN;
  }

  /** Moves down; on a new page when `height` no longer fits on this one. */
  space(height: number): void {
    if (this.#y + height > A4[1] - MARGIN) this.newPage();
    else this.#y += height;
  }

  #ensure(height: number): void {
    if (this.#y + height > A4[1] - MARGIN) this.newPage();
  }

  #font(style: TextStyle): PDFFont {
    return style.bold ? this.#bold : this.#regular;
  }

  /** A word's width in em (a space's too), measured once for the process. */
  #wordWidth(word: string, style: TextStyle): number {
    const widths = style.bold ? wordWidths.bold : wordWidths.regular;
    let width = widths.get(word);
    if (width === undefined) {
      if (widths.size >= WORD_WIDTHS_KEPT) widths.clear();
      width = this.#font(style).widthOfTextAtSize(word, 1);
      widths.set(word, width);
    }
    return width;
  }

  /**
   * Lines of at most `width` points, broken between words (a word longer than a line is cut). A line's width
   * is the sum of its words' and spaces' (kerning across a space is not counted; pdf-lib draws without it).
   */
  wrap(text: string, width: number, style: TextStyle = {}): string[] {
    const font = this.#font(style);
    const size = style.size ?? 10;
    const space = this.#wordWidth(' ', style) * size;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const wordWidth = this.#wordWidth(word, style) * size;
        const candidateWidth = line ? lineWidth + space + wordWidth : wordWidth;
        if (candidateWidth <= width) {
          line = line ? `${line} ${word}` : word;
          lineWidth = candidateWidth;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        lineWidth = font.widthOfTextAtSize(rest, size);
      }
      lines.push(line);
    }
    return lines;
  }

  #draw(line: string, x: number, style: TextStyle): void {
    const size = style.size ?? 10;
    this.#page.drawText(line, { x, y: A4[1] - this.#y - size, size, font: this.#font(style), color: style.accent ? ACCENT : style.muted ? MUTED : INK });
  }

  /** A paragraph, wrapped to the text width (from `indent`, leaving `reserveRight` free beside a floating block). */
  text(text: string, style: TextStyle = {}, indent = 0, reserveRight = 0): void {
    const size = style.size ?? 10;
    for (const line of this.wrap(text, this.width - indent - reserveRight, style)) {
      this.#ensure(size * 1.35);
      this.#draw(line, MARGIN + indent, style);
      this.#y += size * 1.35;
    }
  }

  heading(text: string, size = 13): void {
    this.#ensure(size * 3);
    this.space(size * 0.6);
    this.text(text, { size, bold: true, accent: true });
    this.#page.drawLine({ start: { x: MARGIN, y: A4[1] - this.#y }, end: { x: MARGIN + this.width, y: A4[1] - this.#y }, thickness: 0.5, color: RULE });
    this.space(4);
  }

  /** A row of cells, each wrapped in its column; the row moves to a new page whole. */
  row(cells: { text: string; style?: TextStyle }[], widths: number[], options: { rule?: boolean } = {}): void {
    const wrapped = cells.map((cell, index) => this.wrap(cell.text, widths[index]! - 6, cell.style));
    const lineHeight = Math.max(...cells.map((cell) => (cell.style?.size ?? 9.5) * 1.3));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + 4;
    this.#ensure(height);
    let x = MARGIN;
    const top = this.#y;
    cells.forEach((cell, index) => {
      this.#y = top;
      for (const line of wrapped[index]!) {
        this.#draw(line, x, { size: 9.5, ...cell.style });
        this.#y += lineHeight;
      }
      x += widths[index]!;
    });
    this.#y = top + height;
    if (options.rule !== false) this.#page.drawLine({ start: { x: MARGIN, y: A4[1] - this.#y + 2 }, end: { x: MARGIN + this.width, y: A4[1] - this.#y + 2 }, thickness: 0.3, color: RULE });
  }

  /** A label and its value, side by side. */
  pair(label: string, value: string, labelWidth = 175): void {
    this.row([{ text: label, style: { bold: true, size: 10 } }, { text: value, style: { size: 10 } }], [labelWidth, this.width - labelWidth], { rule: false });
  }

  /** A PNG at the current line, `size` points wide, on the left or right; the flow continues below it unless `float`. */
  async png(bytes: Uint8Array, options: { size: number; align?: 'left' | 'right'; float?: boolean }): Promise<void> {
    const image = await this.document.embedPng(bytes);
    const height = (image.height / image.width) * options.size;
    this.#ensure(height);
    const x = options.align === 'right' ? MARGIN + this.width - options.size : MARGIN;
    this.#page.drawImage(image, { x, y: A4[1] - this.#y - height, width: options.size, height });
    if (!options.float) this.#y += height + 6;
  }

  /** A QR code of `text`, drawn module by module (sharp at any print size), at the right or left. */
  qr(text: string, options: { size: number; align?: 'left' | 'right'; float?: boolean }): void {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const quiet = 4;
    const count = modules.size + 2 * quiet;
    const cell = options.size / count;
    this.#ensure(options.size);
    const left = options.align === 'right' ? MARGIN + this.width - options.size : MARGIN;
    const bottom = A4[1] - this.#y - options.size;
    this.#page.drawRectangle({ x: left, y: bottom, width: options.size, height: options.size, color: rgb(1, 1, 1) });
    // One rectangle per run of dark modules in a row, all filled at once: one path, not a drawing each.
    const path: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (!modules.get(row, column)) continue;
        const start = column;
        while (column + 1 < modules.size && modules.get(row, column + 1)) column++;
        path.push(rectangle(left + (start + quiet) * cell, bottom + options.size - (row + quiet + 1) * cell, (column - start + 1) * cell, cell + 0.05));
      }
    }
    this.#page.pushOperators(...path, fill(), popGraphicsState());
    if (!options.float) this.#y += options.size + 6;
  }

  /** Moves the flow to a given distance from the top of the current page (after floating blocks). */
  moveTo(y: number): void {
    this.#y = Math.max(this.#y, y);
  }

  get y(): number {
    return this.#y;
  }

  async attach(bytes: Uint8Array | string, name: string, options: { mimeType: string; description: string; date: Date }): Promise<void> {
    await this.document.attach(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, name, {
      mimeType: options.mimeType,
      description: options.description,
      creationDate: options.date,
      modificationDate: options.date,
      afRelationship: AFRelationship.Source,
    });
  }

  save(): Promise<Uint8Array> {
    return this.document.save();
  }
}

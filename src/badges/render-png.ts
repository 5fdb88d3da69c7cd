import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** Fonts come from an npm package, not the system: the same PNG on a laptop, in CI and in the container. */
const FONTS_DIR = resolve(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => resolve(FONTS_DIR, file));

/** A badge is about square: a picture far taller than wide would be a huge PNG at the badge's width. */
const MAX_HEIGHT_RATIO = 4;

export class TooTallError extends Error {}

/** An SVG badge as a PNG `size` pixels wide (square for a square badge). */
export function renderPng(svg: string, size = 256): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' },
  });
  if (resvg.height > resvg.width * MAX_HEIGHT_RATIO) {
    throw new TooTallError(`The picture is ${resvg.width} × ${resvg.height}: at most ${MAX_HEIGHT_RATIO} times taller than wide`);
  }
  return Buffer.from(resvg.render().asPng());
}

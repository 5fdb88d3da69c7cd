import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The stylesheet, scripts and icon the pages use, served by mobicred itself (no CDN; the CSP allows only 'self').
 * They are few and small: read once, and named in pages with their digest so that browsers may keep them.
 */

export interface Asset {
  body: Buffer;
  contentType: string;
  digest: string;
}

const CONTENT_TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

// Beside this module's folder: src/http/assets under tsx, dist/http/assets once built (npm run build copies it).
const ASSETS_DIRECTORY = fileURLToPath(new URL('../assets/', import.meta.url));

let assets: Map<string, Asset> | undefined;

export function loadAssets(): Map<string, Asset> {
  assets ??= new Map(
    readdirSync(ASSETS_DIRECTORY)
      .filter((file) => /^[a-z0-9-]+\.(css|js|svg)$/.test(file))
      .map((file) => {
        const body = readFileSync(new URL(file, `file://${ASSETS_DIRECTORY}`));
        return [file, { body, contentType: CONTENT_TYPES[file.split('.').pop()!]!, digest: createHash('sha256').update(body).digest('base64url').slice(0, 12) }];
      }),
  );
  return assets;
}

/** The URL a page names an asset by; an unknown file is a programming error, found by the first render. */
export function assetUrl(file: string): string {
  const asset = loadAssets().get(file);
  if (!asset) throw new Error(`No asset ${file} in src/http/assets`);
  return `/assets/${file}?v=${asset.digest}`;
}

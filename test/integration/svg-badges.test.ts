import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { PNG } from 'pngjs';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, PLACEMENT_ACHIEVEMENT } from '../support/api.js';
import { databaseSnapshot } from '../support/database.js';

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">';

/** Issue #16: 7 kB, 100 noise filters over the whole picture; it took 5–24 s to render, every GET. */
const TURBULENCE_100 = `${SVG_OPEN}<defs>${Array.from({ length: 100 }, (_, i) => `<filter id="f${i}"><feTurbulence baseFrequency="0.9" numOctaves="10"/></filter>`).join('')}</defs>${Array.from({ length: 100 }, (_, i) => `<rect width="256" height="256" filter="url(#f${i})"/>`).join('')}</svg>`;

/** `levels` levels of `width` `<use>` each: ten of ten is 10¹⁰ rectangles to draw from 101 `<use>` elements. */
function useFanOut(levels: number, width = 10): string {
  let defs = '<g id="l0"><rect width="1" height="1"/></g>';
  for (let level = 1; level <= levels; level++) defs += `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(width)}</g>`;
  return `${SVG_OPEN}<defs>${defs}</defs><use href="#l${levels}"/></svg>`;
}

/** Within every structural limit, and yet seconds of rendering: only the render budget stops it. */
const COSTLY_WITHIN_LIMITS = `${SVG_OPEN}<defs>${Array.from({ length: 10 }, (_, i) => `<filter id="f${i}" x="-50%" y="-50%" width="200%" height="200%"><feTurbulence baseFrequency="0.9" numOctaves="10" seed="${i}"/></filter>`).join('')}</defs>${Array.from({ length: 10 }, (_, i) => `<rect width="256" height="256" filter="url(#f${i})"/>`).join('')}</svg>`;

/** What an editor exports: the drawing, plus metadata and attributes of its own, a comment and an entity. */
const INKSCAPE_BADGE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Created with Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="256" height="256" viewBox="0 0 256 256" inkscape:version="1.3">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff"/>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <title>Cuisine &amp; pâtisserie</title>
  <defs><filter id="shadow"><feGaussianBlur stdDeviation="2"/></filter></defs>
  <rect width="256" height="256" fill="#d01010" inkscape:label="background" data-tracking="42"/>
  <circle cx="128" cy="128" r="40" fill="#ffffff" filter="url(#shadow)"/>
</svg>`;

describe.each(BACKENDS)('uploaded SVG badges on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;

  beforeAll(async () => {
    service = await startTestService(backend, { badgeRenderTimeoutMs: 500 });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
  });
  afterAll(() => service.close());

  const put = (achievementId: string, svg: string) =>
    request(service.app).put(`/v1/achievements/${achievementId}/image`).set('Authorization', `Bearer ${service.adminKey}`).set('Content-Type', 'image/svg+xml').send(svg);
  const get = (path: string) =>
    request(service.app).get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const keptRendering = async (svg: Buffer) =>
    service.ctx.db.selectFrom('badge_renderings').select('png').where('svg_sha256', '=', createHash('sha256').update(svg).digest()).executeTakeFirst();

  it('when an SVG of 100 feTurbulence filters or of ten levels of ten <use> is uploaded, then it is refused as too complex and nothing is stored', async () => {
    const achievement = await api.createAchievement(issuerId, { name: 'Costly images' });
    const before = await databaseSnapshot(service.ctx.db);
    for (const [svg, limit] of [
      [TURBULENCE_100, 'filterPrimitives'],
      [useFanOut(10), 'drawnElements'],
      // Narrow, but each <use> refers to one more: cheap to draw, and yet a chain the renderer follows.
      [useFanOut(6, 1), 'useDepth'],
    ] as const) {
      const res = await put(achievement.id, svg);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 422, type: 'urn:mobicred:problem:image-too-complex', field: 'Content-Type', limit });
    }
    expect(await databaseSnapshot(service.ctx.db)).toEqual(before);
  });

  it('when an SVG within the limits takes longer than the render budget, then it is refused, nothing is stored, and /health answers meanwhile', async () => {
    const achievement = await api.createAchievement(issuerId, { name: 'Slow image' });
    const before = await databaseSnapshot(service.ctx.db);
    const upload = put(achievement.id, COSTLY_WITHIN_LIMITS).then((res) => res);
    const health = await request(service.app).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const refused = await upload;
    expect(refused.body).toMatchObject({ status: 422, type: 'urn:mobicred:problem:image-too-complex', limit: 'renderTime' });
    expect(await databaseSnapshot(service.ctx.db)).toEqual(before);
    // The overrunning thread was replaced: the next picture renders.
    expect((await put(achievement.id, `${SVG_OPEN}<rect width="256" height="256" fill="#123456"/></svg>`)).status).toBe(204);
  });

  it('when an editor’s SVG is uploaded, then what is stored keeps the drawing only, and its PNG is the one rendered at upload', async () => {
    const achievement = await api.createAchievement(issuerId, { name: 'Inkscape badge' });
    expect((await put(achievement.id, INKSCAPE_BADGE)).status).toBe(204);
    const stored = (await get(`/achievements/${achievement.id}/image.svg`)).body as Buffer;
    const svg = stored.toString('utf8');
    for (const gone of ['inkscape', 'sodipodi', 'metadata', 'rdf:', 'data-tracking', '<!--', '<?xml']) expect(svg, gone).not.toContain(gone);
    expect(svg).toContain('<title>Cuisine &#38; pâtisserie</title>');
    expect(svg).toMatch(/<rect width="256" height="256" fill="#d01010"\/>/);
    expect(svg).toContain('<feGaussianBlur stdDeviation="2"/>');

    const png = (await get(`/achievements/${achievement.id}/image.png`)).body as Buffer;
    expect(png.equals(Buffer.from((await keptRendering(stored))!.png!))).toBe(true);
    const picture = PNG.sync.read(png);
    expect([picture.width, picture.height]).toEqual([256, 256]);
    expect([...picture.data.subarray(0, 3)]).toEqual([0xd0, 0x10, 0x10]); // the corner: the red background
  });

  it('when a school’s badge or a generated badge is fetched again and again, then it is rendered once, and again only after a rename', async () => {
    const render = vi.spyOn(service.ctx.badgeRenderer, 'render');
    try {
      const own = await api.createAchievement(issuerId, { name: 'Own SVG' });
      expect((await put(own.id, INKSCAPE_BADGE)).status).toBe(204);
      expect(render).toHaveBeenCalledTimes(1);
      const credential = (await api.post('/v1/credentials', { achievementId: own.id, recipient: { email: 'lea@example.org' } })).body;
      for (let i = 0; i < 3; i++) {
        expect((await get(`/achievements/${own.id}/image.png`)).status).toBe(200);
        expect((await get(new URL(credential.badgeImages.png).pathname)).status).toBe(200);
      }
      expect(render).toHaveBeenCalledTimes(1);

      const generated = await api.createAchievement(issuerId, { name: 'Generated' });
      const first = (await get(`/achievements/${generated.id}/image.png`)).body as Buffer;
      expect((await get(`/achievements/${generated.id}/image.png`)).body).toEqual(first);
      expect(render).toHaveBeenCalledTimes(2);
      const renamed = await request(service.app).put(`/v1/achievements/${generated.id}`).set('Authorization', `Bearer ${service.adminKey}`)
        .send({ ...PLACEMENT_ACHIEVEMENT, name: 'Generated, renamed' });
      expect(renamed.status).toBe(200);
      const afterRename = (await get(`/achievements/${generated.id}/image.png`)).body as Buffer;
      expect(afterRename.equals(first)).toBe(false);
      expect(render).toHaveBeenCalledTimes(3);
    } finally {
      render.mockRestore();
    }
  });

  it('when an SVG stored before uploads were checked is fetched, then it is rendered once off the main thread, or replaced by the generated badge if it cannot be', async () => {
    const render = vi.spyOn(service.ctx.badgeRenderer, 'render');
    try {
      const [plain, hostile] = [await api.createAchievement(issuerId, { name: 'Old plain' }), await api.createAchievement(issuerId, { name: 'Old costly' })];
      const storeAsBefore = (achievementId: string, svg: string) =>
        service.ctx.db.insertInto('achievement_images').values({ achievement_id: achievementId, media_type: 'image/svg+xml', content: Buffer.from(svg), updated_at: new Date() }).execute();
      await storeAsBefore(plain.id, `${SVG_OPEN}<rect width="256" height="256" fill="#00ff00"/></svg>`);
      await storeAsBefore(hostile.id, TURBULENCE_100);

      for (let i = 0; i < 2; i++) {
        const png = PNG.sync.read((await get(`/achievements/${plain.id}/image.png`)).body as Buffer);
        expect([...png.data.subarray(0, 3)]).toEqual([0, 255, 0]);
      }
      expect(render).toHaveBeenCalledTimes(1);

      const fallback = (await get(`/achievements/${hostile.id}/image.png`)).body as Buffer;
      expect(PNG.sync.read(fallback).width).toBe(256);
      expect(await keptRendering(Buffer.from(TURBULENCE_100))).toEqual({ png: null });
      expect((await get(`/achievements/${hostile.id}/image.png`)).body).toEqual(fallback);
      // The costly SVG itself never reached the renderer: the generated badge, with the achievement's name, did, once.
      expect(render).toHaveBeenCalledTimes(2);
      expect(render.mock.calls[1]![0]).not.toContain('feTurbulence');
      expect(render.mock.calls[1]![0]).toContain('Old costly');
    } finally {
      render.mockRestore();
    }
  });
});

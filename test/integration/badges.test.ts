import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { PNG } from 'pngjs';
import { XMLParser } from 'fast-xml-parser';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, assessment, placement } from '../support/api.js';
import { databaseSnapshot } from '../support/database.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const validateOpenBadge = officialOpenBadgeValidator();

/**
 * The test's own PNG reader, written from the PNG specification and independent of the service's library:
 * every chunk with its CRC checked, and the text of the iTXt chunks by keyword.
 */
function readPngText(png: Buffer): Record<string, string> {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const texts: Record<string, string> = {};
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'iTXt') {
      const keywordEnd = data.indexOf(0);
      expect(data[keywordEnd + 1], 'iTXt compression flag').toBe(0);
      const languageEnd = data.indexOf(0, keywordEnd + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      texts[data.subarray(0, keywordEnd).toString('latin1')] = data.subarray(translatedEnd + 1).toString('utf8');
    }
    offset += 12 + length;
  }
  return texts;
}

/** Rewrites the iTXt text of a PNG (the test's own writer, with correct CRCs): an altered credential. */
function replacePngText(png: Buffer, keyword: string, text: string): Buffer {
  const parts: Buffer[] = [png.subarray(0, 8)];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'iTXt' && data.subarray(0, data.indexOf(0)).toString('latin1') === keyword) {
      const body = Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]);
      const header = Buffer.alloc(8);
      header.writeUInt32BE(body.length, 0);
      header.write('iTXt', 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), body])), 0);
      parts.push(header, body, crc);
    } else {
      parts.push(png.subarray(offset, offset + 12 + length));
    }
    offset += 12 + length;
  }
  return Buffer.concat(parts);
}

describe.each(BACKENDS)('badge images on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;
  let credential: { id: string; credential: Record<string, any>; jwt: string; badgeImages: { png: string; svg: string } };

  beforeAll(async () => {
    service = await startTestService(backend, { verifyRequestsPerMinute: 10_000 });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    const achievement = await api.createAchievement(issuerId);
    credential = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org', name: 'Léa Martin' } })).body;
  });
  afterAll(() => service.close());

  const get = (url: string) => request(service.app).get(new URL(url).pathname).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const verifyUpload = (body: Buffer | string, type: string) => request(service.app).post('/v1/verify').set('Content-Type', type).send(body);

  it('when a credential’s baked PNG is downloaded, then it is a valid image carrying that exact credential, and it verifies', async () => {
    const res = await get(credential.badgeImages.png);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?badge-[0-9a-f-]+\.png"?$/);
    const png = res.body as Buffer;
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([256, 256]);
    const baked = JSON.parse(readPngText(png).openbadgecredential!);
    expect(baked).toEqual(credential.credential);
    expect(validateOpenBadge(baked).errors).toBeNull();
    expect((await verifyUpload(png, 'image/png')).body.verdict).toBe('valid');
  });

  it('when the credential in a baked PNG is altered, then the image verifies as "not authentic"', async () => {
    const png = (await get(credential.badgeImages.png)).body as Buffer;
    const altered = JSON.parse(readPngText(png).openbadgecredential!);
    altered.credentialSubject.achievement.name = 'Master chef';
    const tampered = replacePngText(png, 'openbadgecredential', JSON.stringify(altered));
    PNG.sync.read(tampered); // still a valid image
    expect((await verifyUpload(tampered, 'image/png')).body.verdict).toBe('not-authentic');
  });

  it('when a credential’s baked SVG is downloaded, then it carries the credential in the Open Badges namespace, and it verifies', async () => {
    const res = await get(credential.badgeImages.svg);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = (res.body as Buffer).toString('utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, cdataPropName: '#cdata' }).parse(svg);
    expect(parsed.svg['@_xmlns:openbadges']).toBe('https://purl.imsglobal.org/ob/v3p0');
    expect(JSON.parse(parsed.svg['openbadges:credential']['#cdata'])).toEqual(credential.credential);
    expect((await verifyUpload(svg, 'image/svg+xml')).body.verdict).toBe('valid');
    const altered = svg.replace('Période de formation', 'Periode de formation');
    expect(altered).not.toBe(svg);
    expect((await verifyUpload(altered, 'image/svg+xml')).body.verdict).toBe('not-authentic');
  });

  it('when a mobility earns several kinds of credential, then each kind has its own generated image, and credentials point at it', async () => {
    const mobility = (await api.post('/v1/mobilities', placement(issuerId))).body;
    await request(service.app).put(`/v1/mobilities/${mobility.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`)
      .send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    const issued = (await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' })).body.credentials as any[];
    const images = new Map<string, string>();
    for (const { kind, credential: record } of issued) {
      const image = record.credential.credentialSubject.achievement.image;
      expect(image).toEqual({ id: `https://mobicred.test/achievements/${record.achievementId}/image.png`, type: 'Image' });
      expect(validateOpenBadge(record.credential).errors).toBeNull();
      const svg = ((await get(image.id.replace('.png', '.svg'))).body as Buffer).toString('utf8');
      images.set(kind, /<path d="([^"]+)" fill="([^"]+)"/.exec(svg)!.slice(1).join(' '));
      const small = PNG.sync.read(((await get(image.id)).body as Buffer));
      expect(small.width).toBe(256);
    }
    expect([...images.keys()].sort()).toEqual(['language', 'mobility-skills', 'ufm']);
    expect(new Set(images.values()).size).toBe(3);
  });

  it('when a school uploads its own image, then badges use it; an SVG with a script is refused and nothing changes', async () => {
    const achievement = await api.createAchievement(issuerId, { name: 'Own image' });
    const own = new PNG({ width: 64, height: 64 });
    own.data.fill(200);
    const ownPng = PNG.sync.write(own);
    const put = (body: Buffer | string, type: string) =>
      request(service.app).put(`/v1/achievements/${achievement.id}/image`).set('Authorization', `Bearer ${service.adminKey}`).set('Content-Type', type).send(body);
    expect((await put(ownPng, 'image/png')).status).toBe(204);
    expect(((await get(`https://x/achievements/${achievement.id}/image.png`)).body as Buffer).equals(ownPng)).toBe(true);
    const issued = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'tom@example.org' } })).body;
    const baked = (await get(issued.badgeImages.png)).body as Buffer;
    expect(PNG.sync.read(baked).width).toBe(64);
    expect(JSON.parse(readPngText(baked).openbadgecredential!).id).toBe(issued.credential.id);

    const before = await databaseSnapshot(service.ctx.db);
    for (const hostile of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><circle r=',
    ]) {
      const res = await put(hostile, 'image/svg+xml');
      expect(res.body, hostile).toMatchObject({ status: 400, type: 'urn:mobicred:problem:invalid-image' });
    }
    expect((await put(Buffer.from('not a png'), 'image/png')).status).toBe(400);
    expect((await put(ownPng, 'image/gif')).status).toBe(415);
    expect(await databaseSnapshot(service.ctx.db)).toEqual(before);
  });
});

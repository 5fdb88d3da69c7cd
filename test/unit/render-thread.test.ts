import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { badgeRenderThread, RenderFailedError } from '../../src/badges/render-thread.js';

const square = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="${fill}"/></svg>`;

/** Seconds of noise at 256 px: far beyond the budget below, whatever the machine. */
const SLOW = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">${Array.from({ length: 10 }, (_, i) => `<filter id="f${i}" x="-50%" y="-50%" width="200%" height="200%"><feTurbulence baseFrequency="0.9" numOctaves="10"/></filter><rect width="256" height="256" filter="url(#f${i})"/>`).join('')}</svg>`;

async function failure(rendering: Promise<unknown>): Promise<RenderFailedError> {
  const error = await rendering.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(RenderFailedError);
  return error as RenderFailedError;
}

const firstPixel = (png: Buffer) => [...PNG.sync.read(png).data.subarray(0, 3)];

describe('the badge render thread', () => {
  const renderer = badgeRenderThread({ timeoutMs: 300 });
  afterAll(() => renderer.close());

  it('when pictures are sent together, then each gets its own PNG, 256 pixels wide', async () => {
    const [red, blue] = await Promise.all([renderer.render(square('#ff0000')), renderer.render(square('#0000ff'))]);
    expect(PNG.sync.read(red!).width).toBe(256);
    expect(firstPixel(red!)).toEqual([255, 0, 0]);
    expect(firstPixel(blue!)).toEqual([0, 0, 255]);
  });

  it('when the same picture is asked for again while it renders, then both get the one render', async () => {
    const [first, second] = [renderer.render(square('#123456')), renderer.render(square('#123456'))];
    expect(second).toBe(first);
    expect(firstPixel(await second)).toEqual([0x12, 0x34, 0x56]);
  });

  it('when a render overruns its budget, then it fails as over budget, what waited behind it renders, and so does what comes after', async () => {
    const slow = renderer.render(SLOW);
    const behind = renderer.render(square('#00ff00'));
    expect((await failure(slow)).reason).toBe('over-budget');
    expect(firstPixel(await behind)).toEqual([0, 255, 0]);
    expect(firstPixel(await renderer.render(square('#ffffff')))).toEqual([255, 255, 255]);
  });

  it('when a picture is unreadable or far taller than wide, then it fails as such and the thread goes on', async () => {
    expect((await failure(renderer.render('<svg'))).reason).toBe('unreadable');
    expect((await failure(renderer.render('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="1000"/>'))).reason).toBe('too-tall');
    expect(PNG.sync.read(await renderer.render(square('#000000'))).height).toBe(256);
  });

  it('when the renderer is closed, then what is asked of it fails rather than waiting forever', async () => {
    const closing = badgeRenderThread({ timeoutMs: 300 });
    const waiting = failure(closing.render(square('#ff0000')));
    await closing.close();
    expect((await waiting).reason).toBe('over-budget');
    expect((await failure(closing.render(square('#ff0000')))).reason).toBe('over-budget');
  });
});

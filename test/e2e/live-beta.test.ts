import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage } from '../helpers/built-page';

/** What the page reports about each panel, read in the page. */
interface PanelFacts {
  id: string;
  display: string;
  beta: number;
  painted: number;
  numDraws: number;
  numTensors: string;
}

/**
 * The live slider in the built page: once the β ladders are built, a continuous drag repaints
 * every panel from them; a release lands every panel on exact draws at the final β; a β seen
 * before shows its cached reference run at once; the posterior worker's tensors stay flat.
 */
describe('the live β slider (built page)', () => {
  let close: () => Promise<void> = async () => {};
  let page: Page;
  let url = '';
  const errors: string[] = [];

  const facts = () =>
    page.evaluate(() =>
      [document.querySelector<HTMLElement>('#reference-panel')!, ...document.querySelectorAll<HTMLElement>('.amortized-panel')].map((panel) => ({
        id: panel.id,
        display: panel.dataset.display ?? '',
        beta: Number(panel.dataset.beta),
        painted: Number(panel.querySelector<HTMLElement>('.plotly-figure')?.dataset.painted),
        numDraws: Number(panel.id === 'reference-panel' ? panel.dataset.numShown : panel.dataset.numDraws),
        numTensors: panel.dataset.numTensors ?? '',
      })),
    ) as Promise<PanelFacts[]>;

  beforeAll(async () => {
    ({ page, url, close } = await openBuiltPage());
    await page.setViewportSize({ width: 1400, height: 1100 });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}#task=two_moons&obs=2&beta=1&seed=1`);
    await page.waitForFunction(
      () => {
        const panels = [...document.querySelectorAll<HTMLElement>('.amortized-panel')];
        const reference = document.querySelector<HTMLElement>('#reference-panel')!;
        return panels.length === 3 && panels.every((p) => Number(p.dataset.ladderDone) > 0 && p.dataset.ladderDone === p.dataset.ladderRungs) && reference.dataset.ladderStatus === 'done';
      },
      null,
      { timeout: 180_000, polling: 250 },
    );
  }, 240_000);

  afterAll(async () => {
    await close();
  });

  it('should repaint every panel with new data on most frames of a continuous drag, within a ladder step of the slider', async () => {
    const tensorsBefore = (await facts()).slice(1).map((panel) => panel.numTensors);
    const drag = (await page.evaluate(async () => {
      const slider = document.querySelector<HTMLInputElement>('#beta-slider')!;
      const field = document.querySelector<HTMLInputElement>('#beta-field')!;
      const figures = () => [...document.querySelectorAll<HTMLElement>('#reference-panel .plotly-figure, .amortized-panel .plotly-figure')];
      const paints = () => figures().map((figure) => Number(figure.dataset.paints ?? 0));
      const before = paints();
      let frames = 0;
      let recording = true;
      const painted: number[][] = [];
      const slid: number[] = [];
      const loop = () => {
        frames += 1;
        painted.push(figures().map((figure) => Number(figure.dataset.painted)));
        slid.push(Number(field.value));
        if (recording) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const elapsed = performance.now() - t0;
          if (elapsed > 2500) {
            clearInterval(timer);
            resolve();
            return;
          }
          const phase = (elapsed % 2500) / 2500;
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, String(Math.round(1000 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase))));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
        }, 16);
      });
      recording = false;
      return { frames, paints: paints().map((n, i) => n - before[i]!), painted, slid };
    })) as { frames: number; paints: number[]; painted: number[][]; slid: number[] };
    // Every panel (reference included) painted new data on most frames. The reference shows the
    // nearest rung's exact grid draws, which change only when the nearest rung does (about every
    // other frame here, on a 40-rung ladder swept twice in 2.5 s); the amortized panels morph.
    expect(drag.paints).toHaveLength(4);
    for (const [i, paints] of drag.paints.entries()) expect(paints, `panel ${i}`).toBeGreaterThan((i === 0 ? 0.3 : 0.5) * drag.frames);
    // The painted β of the amortized panels follows the slider (the frame after a move at most).
    const lagging = drag.painted.filter((row, f) => f > 2 && row.slice(1).some((beta) => Math.abs(Math.log(beta / drag.slid[f - 2]!)) > Math.log(1.5 / 0.1) / 32 + 1e-9 && Math.abs(Math.log(beta / drag.slid[f]!)) > Math.log(1.5 / 0.1) / 32 + 1e-9));
    expect(lagging.length).toBeLessThan(0.2 * drag.frames);

    // Release at a β off the ladder: every panel lands on exact draws at that β.
    await page.evaluate(() => {
      const slider = document.querySelector<HTMLInputElement>('#beta-slider')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, '777');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      slider.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    });
    const beta = Number(await page.inputValue('#beta-field'));
    await page.waitForFunction(
      (b) =>
        [...document.querySelectorAll<HTMLElement>('.amortized-panel')].every(
          (panel) => panel.dataset.status === 'done' && Number(panel.dataset.beta) === b && panel.dataset.display === 'exact' && Number(panel.querySelector<HTMLElement>('.plotly-figure')?.dataset.painted) === b,
        ),
      beta,
      { timeout: 60_000 },
    );
    await page.waitForFunction((b) => Number(document.querySelector<HTMLElement>('#reference-panel .plotly-figure')?.dataset.painted) === b, beta, { timeout: 60_000 });
    const landed = await facts();
    for (const panel of landed) {
      expect(panel.painted, panel.id).toBe(beta);
      expect(panel.numDraws, panel.id).toBeGreaterThanOrEqual(1000);
    }
    expect(landed.slice(1).every((panel) => panel.numDraws === 4000 && panel.display === 'exact')).toBe(true);
    expect(['grid', 'sampler']).toContain(landed[0]!.display);
    expect(landed.slice(1).map((panel) => panel.numTensors)).toEqual(tensorsBefore);
  }, 180_000);

  it('should show a β seen before with its cached reference run at once', async () => {
    const beta = Number(await page.inputValue('#beta-field'));
    await page.waitForSelector(`#reference-panel[data-display="sampler"][data-beta="${beta}"]`, { timeout: 90_000 });
    await page.fill('#beta-field', '0.3');
    await page.press('#beta-field', 'Enter');
    await page.waitForSelector('#reference-panel[data-beta="0.3"]');
    const returned = await page.evaluate(async (b) => {
      const field = document.querySelector<HTMLInputElement>('#beta-field')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, String(b));
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const t0 = performance.now();
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return new Promise<{ display: string; ms: number }>((resolve) => {
        const check = () => {
          const panel = document.querySelector<HTMLElement>('#reference-panel')!;
          if (Number(panel.dataset.beta) === b && panel.dataset.display !== 'none') resolve({ display: panel.dataset.display!, ms: performance.now() - t0 });
          else requestAnimationFrame(check);
        };
        check();
      });
    }, beta);
    // The cached run, not the exact grid or a rung: no sampler ran again.
    expect(returned.display).toBe('sampler');
    expect(await page.getAttribute('#reference-panel', 'data-status')).toBe('done');
    expect(errors).toEqual([]);
  }, 120_000);
});

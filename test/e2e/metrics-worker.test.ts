import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { mmd } from '../../src/metrics/mmd';
import { openBuiltPage } from '../helpers/built-page';

/** The built lab worker's URL, as the page loaded it. */
async function labWorkerUrl(page: Page): Promise<string> {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => /lab\.worker-[^/]*\.js$/.test(entry.name)));
  return page.evaluate(() => performance.getEntriesByType('resource').find((entry) => /lab\.worker-[^/]*\.js$/.test(entry.name))!.name);
}

describe('the built lab worker, two-sample metrics', () => {
  let close: () => Promise<void> = async () => {};
  let page: Page;

  beforeAll(async () => {
    let url: string;
    ({ page, url, close } = await openBuiltPage());
    await page.goto(url);
  });

  afterAll(async () => {
    await close();
  });

  it('should compute C2ST (WebAssembly kernels) and MMD² in a browser worker, equal to Node’s', async () => {
    const rng = Rng.fromSeed(5);
    const n = 2000;
    const reference = Float64Array.from({ length: 2 * n }, () => rng.normal());
    const candidate = Float64Array.from({ length: 2 * n }, (_, k) => rng.normal() + (k % 2 === 0 ? 0.8 : 0));
    const url = await labWorkerUrl(page);
    const result = await page.evaluate(
      async ({ url, reference, candidate }) => {
        const worker = new Worker(url, { type: 'module' });
        const response = await new Promise<Record<string, unknown>>((resolve) => {
          worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
          worker.postMessage({ type: 'two-sample', runId: 1, reference: Float64Array.from(reference), candidate: Float64Array.from(candidate), dim: 2, seed: 3 });
        });
        const bad = await new Promise<Record<string, unknown>>((resolve) => {
          worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
          worker.postMessage({ type: 'two-sample', runId: 2, reference: [1, 2], candidate: Float64Array.of(1, 2), dim: 2, seed: 3 });
        });
        worker.terminate();
        return { response, bad };
      },
      { url, reference: Array.from(reference), candidate: Array.from(candidate) },
    );
    const asMatrix = (data: Float64Array) => ({ data, numRows: n, numCols: 2 });
    expect(result.response.type).toBe('two-sample-result');
    expect(result.response.c2st).toBeCloseTo(c2st(asMatrix(reference), asMatrix(candidate), { seed: 3 }).accuracy, 6);
    expect(result.response.mmd).toBeCloseTo(mmd(asMatrix(reference), asMatrix(candidate), { seed: 3 }).mmdSquared, 10);
    expect(result.bad).toEqual({ type: 'error', runId: 2, message: '"two-sample" message: reference: expected a Float64Array, got [1, 2]' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendCheckRow } from '../../src/nn/backend-check';
import { openBuiltPage } from '../helpers/built-page';

describe('TensorFlow.js backends in headless Chromium (backend-check.html)', () => {
  let close: () => Promise<void> = async () => {};
  let result: { page: BackendCheckRow[]; worker: BackendCheckRow[]; storage: string } | { error: string };
  let opened: Awaited<ReturnType<typeof openBuiltPage>>;
  /** Content-Security-Policy violations the page reported (it runs under the lab's policy). */
  const violations: string[] = [];

  beforeAll(async () => {
    opened = await openBuiltPage();
    close = opened.close;
    const page = opened.page;
    page.on('console', (message) => {
      if (/csp-violation|Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('csp-violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
    // One batch of training per estimator: enough to prove a step runs on the slow software GPUs.
    await page.goto(`${opened.url}backend-check.html?backends=webgpu,webgl,wasm,cpu&rows=256&epochs=1`);
    await page.waitForFunction(() => (window as { backendCheck?: unknown }).backendCheck, null, { timeout: 170_000 });
    result = await page.evaluate(() => (window as unknown as { backendCheck: typeof result }).backendCheck);
  }, 180_000);

  afterAll(async () => {
    await close();
  });

  it('should run every backend, in the page and in a worker, under the Content-Security-Policy the preview server sends', async () => {
    const response = await opened.page.goto(`${opened.url}backend-check.html?backends=wasm&rows=16&epochs=1`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval';.*frame-ancestors 'none'/);
    expect(await opened.page.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')`)).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'/);
    expect('error' in result ? result.error : result.page.length + result.worker.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('should save a model to IndexedDB and load it back with identical log-densities', () => {
    if ('error' in result) throw new Error(result.error);
    expect(result.storage).toBe('identical');
  });

  it.each(['page', 'worker'] as const)('should run every estimator on webgpu, webgl and wasm in the %s, matching cpu within 1e-4', (where) => {
    if ('error' in result) throw new Error(result.error);
    const rows = result[where];
    expect(rows.map((row) => `${row.backend}/${row.estimator}`)).toEqual(
      ['webgpu', 'webgl', 'wasm', 'cpu'].flatMap((backend) => ['mdn', 'coupling-flow', 'spline-flow', 'ratio-classifier'].map((estimator) => `${backend}/${estimator}`)),
    );
    for (const row of rows) {
      expect(row.error, `${row.backend}/${row.estimator}`).toBeNull();
      expect(row.maxRelativeError!, `${row.backend}/${row.estimator}`).toBeLessThan(1e-4);
      expect(row.trainingStepOk, `${row.backend}/${row.estimator}`).toBe(true);
    }
  });
});

describe('backend-check.html under hostile query values', () => {
  it('should show a script in ?backends= as text naming what was expected, never run it or insert its element', async () => {
    const { page, url, close } = await openBuiltPage();
    try {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${url}backend-check.html?backends=${encodeURIComponent('<img src=x onerror=alert(document.domain)>')}`);
      await page.waitForFunction(() => (window as { backendCheck?: unknown }).backendCheck, null, { timeout: 30_000 });
      const text = await page.textContent('#out');
      expect(text).toMatch(/backends: expected a comma-separated list of webgpu, webgl, wasm, cpu, got "<img src=x onerror=alert\(document\.domain\)>"/);
      expect(await page.locator('#out img').count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

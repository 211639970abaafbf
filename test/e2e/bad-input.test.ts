import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/browser/chromium';
import { startPreviewServer } from '../../scripts/browser/preview-server';

/**
 * The built page under bad input and faults, as a hostile or unlucky user meets it: malformed
 * model files (through `page.route`), corrupt localStorage and IndexedDB (written before a load),
 * an unreadable models index, HTML in the link, a binary "trace", and workers that die or never
 * load. For each: a message naming the source, the other panels still redraw when β moves, no
 * uncaught page error, no dialog, no Content-Security-Policy violation, and a reload without the
 * bad state recovers. Page loads are batched: a few cases share each.
 */
describe('bad input and faults (built page)', () => {
  let server: { url: string; close: () => Promise<void> };
  const browsers: { context: BrowserContext; close: () => Promise<void> }[] = [];
  const troubles: string[] = [];

  beforeAll(async () => {
    server = await startPreviewServer();
  }, 120_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.close();
  });

  /** A page in a fresh browser (its own storage), recording page errors, dialogs and CSP violations into `troubles`. */
  async function openPage(): Promise<Page> {
    const browser = await launchChromium();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    page.on('pageerror', (error) => troubles.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      troubles.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // A backend choice remembered from an earlier visit (unless the test stored its own): the page
    // checks that wasm still works instead of measuring every backend again on each load.
    await page.addInitScript(
      `if (localStorage.getItem('tempered-sbi-lab:backend-report') === null) localStorage.setItem('tempered-sbi-lab:backend-report', ${JSON.stringify(JSON.stringify({ chosen: 'wasm', stepsPerSecond: { wasm: 60 }, reasons: { wasm: 'chosen: fastest' }, overridden: false }))});`,
    );
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('csp-violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
    page.on('console', (message) => {
      if (/csp-violation|Content Security Policy/.test(message.text())) troubles.push(`csp: ${message.text()}`);
    });
    return page;
  }

  const panelText = (page: Page, id: string) => page.textContent(`#${id}`).then((text) => text ?? '');
  const notes = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.note-item')].map((note) => note.textContent ?? '').join('\n'));
  /**
   * Polls `predicate` (page code as a string) every 200 ms until it holds. Not waitForFunction:
   * Playwright evaluates a string predicate with eval inside the page, which the page's CSP forbids.
   */
  async function waitFor(page: Page, predicate: string, timeout = 90_000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!(await page.evaluate(`Boolean(${predicate})`))) {
      if (Date.now() > deadline) {
        const panels = await page.evaluate(`JSON.stringify([...document.querySelectorAll('#reference-panel, .amortized-panel')].map((p) => p.id + ': ' + p.dataset.status + ' ' + (p.querySelector('.error')?.textContent ?? '')))`);
        throw new Error(`waited ${timeout / 1000} s for: ${predicate}; panels: ${panels}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const panelDone = (id: string) => `document.querySelector('#${id}')?.dataset.status === 'done'`;

  /** Moves β to `beta` with the number field and waits until `ids` show it (painted at that β). */
  async function moveBetaAndExpectRedraw(page: Page, beta: number, ids: readonly string[]): Promise<void> {
    await page.fill('#beta-field', String(beta));
    await page.press('#beta-field', 'Enter');
    await waitFor(page, `${JSON.stringify(ids)}.every((id) => Number(document.querySelector('#' + id)?.dataset.beta) === ${beta})`);
  }

  it('should drop a malformed index entry and refuse a malformed model card by name, while the other panels redraw; a reload without them recovers', async () => {
    const page = await openPage();
    const index = JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { models: { task: string; route: string; card: Record<string, unknown> }[] };
    const patched = {
      ...index,
      models: index.models.map((model) => (model.task === 'two_moons' && model.route === 'a' ? { ...model, card: { ...model.card, commit: undefined, extra: '<img src=x onerror=alert(1)>' } } : model)),
    };
    await page.route('**/models/index.json', (route) => route.fulfill({ json: patched }));
    const manifest = JSON.parse(readFileSync('public/models/two_moons/b-nle/model.json', 'utf8')) as Record<string, unknown>;
    await page.route('**/models/two_moons/b-nle/model.json', (route) => route.fulfill({ json: { ...manifest, card: { task: 'two_moons' } } }));
    await page.goto(`${server.url}#task=two_moons&obs=1&beta=1&seed=1`);
    await waitFor(page, `${panelDone('panel-b-nre')} && document.querySelector('#panel-b-nle')?.dataset.status === 'error'`);
    expect(await notes(page)).toMatch(/Skipped 1 malformed entry of the shipped models' index: .*models\/index\.json models\[\d+\]: card\.commit: expected a value, got nothing/);
    expect(await panelText(page, 'panel-a')).toMatch(/no model for this task yet/);
    expect(await panelText(page, 'panel-b-nle')).toMatch(/the shipped model for two_moons · route b-nle \(.*\): card\.route: expected a value, got nothing/);
    await moveBetaAndExpectRedraw(page, 0.5, ['reference-panel', 'panel-b-nre']);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    await page.unrouteAll();
    await page.reload();
    await waitFor(page, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    expect(await notes(page)).not.toMatch(/malformed/);
    await page.close();
    expect(troubles).toEqual([]);
  }, 240_000);

  it('should report corrupt localStorage and IndexedDB by key, remove what failed (never write it back), and keep drawing', async () => {
    const page = await openPage();
    await page.goto(`${server.url}#task=two_moons&obs=1&beta=1&seed=1`);
    await waitFor(page, panelDone('panel-b-nre'));
    await page.evaluate(async () => {
      localStorage.setItem('tempered-sbi-lab:backend-report', JSON.stringify({ chosen: 'wasm', stepsPerSecond: {}, reasons: { webgpu: 5 }, overridden: false }));
      localStorage.setItem('tempered-sbi-lab:backend', '<img src=x onerror=alert(1)>');
      localStorage.setItem('tempered-sbi-lab:browser-model:two_moons/b-nle', 'r1');
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tempered-sbi-lab', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('models', 'readwrite');
          transaction.objectStore('models').put({ manifest: { format: 'x' }, weights: 'not a buffer' }, 'two_moons/b-nle');
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      });
    });
    await page.reload();
    await waitFor(page, `${panelDone('panel-a')} && ${panelDone('panel-b-nre')} && document.querySelector('#panel-b-nle')?.dataset.status === 'error'`);
    const text = await notes(page);
    expect(text).toContain('localStorage "tempered-sbi-lab:backend-report": reasons.webgpu: expected a string, got 5; removed it and used the default.');
    expect(text).toContain('localStorage "tempered-sbi-lab:backend": expected one of "webgpu", "webgl", "wasm", "cpu", got "<img src=x onerror=alert(1)>"; removed it and used the default.');
    expect(await panelText(page, 'panel-b-nle')).toMatch(/the model trained in this browser for two_moons · route b-nle: IndexedDB entry "two_moons\/b-nle": weights: expected an ArrayBuffer, got "not a buffer"/);
    await moveBetaAndExpectRedraw(page, 0.7, ['reference-panel', 'panel-a', 'panel-b-nre']);
    const stored = await page.evaluate(() => ({ override: localStorage.getItem('tempered-sbi-lab:backend'), report: localStorage.getItem('tempered-sbi-lab:backend-report') }));
    expect(stored.override).toBeNull();
    // Measured afresh and written back as a whole, well-formed report (or nothing yet): never the bad one.
    if (stored.report !== null) expect(Object.values((JSON.parse(stored.report) as { reasons: object }).reasons).every((reason) => typeof reason === 'string')).toBe(true);

    // "Reset to the shipped model" is the way out of a broken browser model; a reload then has no notes.
    await page.click('#panel-b-nle .reset-model');
    await waitFor(page, panelDone('panel-b-nle'));
    await page.evaluate(() => localStorage.removeItem('tempered-sbi-lab:browser-model:two_moons/b-nle'));
    await page.reload();
    await waitFor(page, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    expect(await notes(page)).not.toMatch(/localStorage/);
    await page.close();
    expect(troubles).toEqual([]);
  }, 240_000);

  it('should say the models index could not be read (not "no model"), keep the reference drawing, and show HTML in a link as text', async () => {
    const page = await openPage();
    await page.route('**/models/index.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
    // And a server that lost the wasm backend's binary: the backend list says which file, from where.
    await page.route('**/tfjs-backend-wasm-simd-*.wasm', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`${server.url}#task=two_moons&beta=<svg onload=alert(2)>&seed=<img src=y onerror=alert(3)>`);
    await waitFor(page, `['panel-a', 'panel-b-nle', 'panel-b-nre'].every((id) => document.querySelector('#' + id)?.dataset.status === 'error')`);
    for (const id of ['panel-a', 'panel-b-nle', 'panel-b-nre']) expect(await panelText(page, id)).toMatch(/The shipped models could not be listed, so this panel has no model: .*models\/index\.json: expected the shipped models' index, got HTTP 404/);
    const text = await notes(page);
    expect(text).toContain('Link: expected beta to be a number, got "<svg onload=alert(2)>"; using 1.');
    expect(text).toContain('Link: expected seed to be a whole number, got "<img src=y onerror=alert(3)>"; using 1.');
    expect(await page.locator('svg[onload], img[src="y"]').count()).toBe(0);
    await moveBetaAndExpectRedraw(page, 0.5, ['reference-panel']);
    await waitFor(page, `/WASM: skipped/.test(document.querySelector('.backend-badge')?.textContent ?? '')`);
    expect(await page.textContent('.backend-badge')).toMatch(/WASM: skipped: the wasm backend's file tfjs-backend-wasm-simd\.wasm could not be loaded from \S+tfjs-backend-wasm-simd-[\w-]+\.wasm \(HTTP 404\)/);
    // A good link after a bad one: the bad one's notes go.
    await page.goto(`${server.url}#task=two_moons&beta=0.7&seed=2`);
    await waitFor(page, `Number(document.querySelector('#reference-panel')?.dataset.beta) === 0.7`);
    expect(await notes(page)).not.toMatch(/Link:/);

    await page.route('**/models/index.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"format": "tempered-sbi-lab/models-index@1", "models": [' }));
    await page.reload();
    await waitFor(page, `document.querySelector('#panel-a')?.dataset.status === 'error'`);
    expect(await panelText(page, 'panel-a')).toMatch(/models\/index\.json: expected JSON, got a parse error/);

    await page.unrouteAll();
    await page.goto(`${server.url}#task=two_moons&beta=1&seed=1`);
    await page.reload();
    await waitFor(page, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    expect(await notes(page)).toBe('');
    await page.close();
    expect(troubles).toEqual([]);
  }, 240_000);

  it('should restart a worker killed mid-run, and recover every panel; a worker that never loads is reported with a working Retry', async () => {
    const page = await openPage();
    await page.goto(`${server.url}#task=two_moons&obs=3&beta=1&seed=1`);
    await waitFor(page, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    // Killed while a ladder and exact draws are being computed for a new observation.
    await page.selectOption('#observation-picker', '3');
    await page.evaluate(() => (window as unknown as { __labWorkers: { kill(name: string): void } }).__labWorkers.kill('posterior'));
    await waitFor(page, `[...document.querySelectorAll('.amortized-panel .error')].some((p) => /the posterior worker stopped \\(killed by a test\\); restarting it/.test(p.textContent))`, 10_000);
    await waitFor(page, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    expect(await page.evaluate(() => (window as unknown as { __labWorkers: { state(name: string): string } }).__labWorkers.state('posterior'))).toBe('running');
    // The reference sampler, killed while it streams.
    await page.fill('#beta-field', '0.6');
    await page.press('#beta-field', 'Enter');
    await waitFor(page, `document.querySelector('#reference-panel')?.dataset.status === 'streaming'`);
    await page.evaluate(() => (window as unknown as { __labWorkers: { kill(name: string): void } }).__labWorkers.kill('reference'));
    await waitFor(page, `document.querySelector('#reference-panel')?.dataset.status === 'done' && Number(document.querySelector('#reference-panel')?.dataset.beta) === 0.6`);
    await page.close();

    // A posterior worker script that never loads: three restarts (0.25 + 1 + 4 s), then "press Retry".
    const broken = await openPage();
    await broken.route('**/assets/posterior.worker-*.js', (route) => route.fulfill({ status: 404, body: '' }));
    await broken.goto(`${server.url}#task=two_moons&obs=1&beta=1&seed=1`);
    await waitFor(broken, `[...document.querySelectorAll('.amortized-panel .error')].length === 3 && [...document.querySelectorAll('.amortized-panel .error')].every((p) => /the posterior worker stopped 4 times in a row .*press Retry/.test(p.textContent))`, 60_000);
    await moveBetaAndExpectRedraw(broken, 0.5, ['reference-panel']);
    await broken.unrouteAll();
    await broken.click('#panel-a .retry-panel');
    await waitFor(broken, ['panel-a', 'panel-b-nle', 'panel-b-nre'].map(panelDone).join(' && '));
    await broken.close();
    expect(troubles).toEqual([]);
  }, 300_000);

  it('should name a binary file given as a recorded trace without echoing its bytes', async () => {
    const page = await openPage();
    await page.goto(`${server.url}#task=hodgkin_huxley&obs=1&beta=1&seed=1`);
    await page.waitForSelector('#recorded-trace', { state: 'attached' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 200 }, (_, i) => (i * 37) % 256)]);
    await page.setInputFiles('#recorded-trace', { name: 'cell.png', mimeType: 'image/png', buffer: png });
    await waitFor(page, `document.querySelector('.note-item[data-note="trace"]') !== null`, 30_000);
    const note = (await page.textContent('.note-item[data-note="trace"]')) ?? '';
    expect(note).toMatch(/cell\.png: expected a CSV text file of time,voltage rows, got binary data \(\d+ control or undecodable characters in its first 4 096\)/);
    expect(note).not.toMatch(/PNG|IHDR|\u0000/);
    await page.close();
    expect(troubles).toEqual([]);
  }, 120_000);
});

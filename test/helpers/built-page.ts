import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startPreviewServer } from './preview-server';

const REPORT_KEY = 'tempered-sbi-lab:backend-report';
const REMEMBERED_WASM = { chosen: 'wasm', stepsPerSecond: { wasm: 60 }, reasons: { wasm: 'chosen: fastest' }, overridden: false };

/** The built lab served on loopback and a fresh Chromium page; `close` stops both. */
export async function openBuiltPage(): Promise<{ page: Page; url: string; close: () => Promise<void> }> {
  const server = await startPreviewServer();
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  // The backend an earlier visit chose (unless a test stores its own): the lab checks that wasm
  // still works instead of measuring all four backends (software WebGPU takes seconds) per file.
  await page.addInitScript(`if (localStorage.getItem('${REPORT_KEY}') === null) localStorage.setItem('${REPORT_KEY}', ${JSON.stringify(JSON.stringify(REMEMBERED_WASM))});`);
  return {
    page,
    url: server.url,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

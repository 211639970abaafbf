import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/browser/chromium';
import { startPreviewServer } from '../../scripts/browser/preview-server';

/** The built lab served on loopback and a fresh Chromium page; `close` stops both. */
export async function openBuiltPage(): Promise<{ page: Page; url: string; close: () => Promise<void> }> {
  const server = await startPreviewServer();
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  return {
    page,
    url: server.url,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * The one Chromium launcher for every browser test: Debian's Chromium (or `CHROMIUM_PATH`),
 * headless, with the flags this closed network needs and a fresh user-data dir per launch.
 * A missing browser fails the test run with a message; it is never skipped.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
] as const;

/** The Chromium binary the tests drive. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium: expected a browser at ${path}, found none. Run "apt-get install -y chromium" (npm test does this as root) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  return path;
}

/** A launched browser context (open pages with `context.newPage()`) and a function that closes it. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sbi-lab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { preview, type PreviewServer } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Serves the built page (`dist/`, made by `npm run build`) on a free loopback port.
 * Browser tests open the build, not the dev server, so they test what ships.
 */
export async function startPreviewServer(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(`${ROOT}/dist/index.html`)) {
    throw new Error('preview: expected a build in dist/, found none. Run "npm run build" first (npm test does).');
  }
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'error',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview: expected the server to report a local URL, got none');
  return { url, close: () => server.close() };
}

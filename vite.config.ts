import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * plotly.js's registry `require`s maplibre's stylesheet for map traces at run time; a bundler
 * pulls it in statically. The lab draws no maps, so that import resolves to nothing.
 */
function dropMapStyles(): Plugin {
  const id = '\0empty-maplibre-css';
  return {
    name: 'drop-maplibre-css',
    enforce: 'pre',
    resolveId: (source) => (source === 'maplibre-gl/dist/maplibre-gl.css' ? id : null),
    load: (loaded) => (loaded === id ? '' : null),
  };
}

/**
 * What the lab's two pages may load, and nothing else (checked in headless Chromium by
 * test/e2e/bad-input.test.ts):
 * - scripts and workers from the page's own origin only — no inline script, no eval;
 *   'wasm-unsafe-eval' lets TensorFlow.js's wasm backend and the C2ST classifier compile
 *   WebAssembly (it allows nothing else);
 * - fetches (models, index.json, results, .wasm files) from the same origin;
 * - inline styles: Plotly sets style attributes and injects a <style> element for its modebar;
 * - images from data: and blob: URLs (Plotly's image export and the live layer's snapshots);
 * - no plugins, no <base>, no form posts, and (header only) no framing by other sites.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The policy as a meta tag in the built HTML (for static hosting). A meta tag does not reach
 * workers loaded from URLs, nor can it forbid framing: `vite preview` also sends it as a header.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/** One config for the page (Vite) and the tests (Vitest). */
export default defineConfig({
  plugins: [dropMapStyles(), react(), contentSecurityPolicy()],
  base: './',
  // plotly.js's sources (bundled per trace in src/components/plotly-bundle.ts) use Node's `global`.
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  preview: { headers: { 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'` } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    // Two pages: the lab, and a backend check (agreement with cpu and training speed per backend).
    rolldownOptions: { input: { main: 'index.html', backendCheck: 'backend-check.html' } },
  },
  // Two groups, one after the other: the Node tests two files at a time (most are single-threaded
  // numerics, so a 2-core machine runs two at once), then the browser tests one file at a time
  // (each drives a Chromium with seven workers, which fills the machine on its own).
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});

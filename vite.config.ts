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

/** One config for the page (Vite) and the tests (Vitest). */
export default defineConfig({
  plugins: [dropMapStyles(), react()],
  base: './',
  // plotly.js's sources (bundled per trace in src/components/plotly-bundle.ts) use Node's `global`.
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    // Two pages: the lab, and a backend check (agreement with cpu and training speed per backend).
    rolldownOptions: { input: { main: 'index.html', backendCheck: 'backend-check.html' } },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

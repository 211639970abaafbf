import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** One config for the page (Vite) and the tests (Vitest). */
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

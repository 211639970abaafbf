import { runBackendCheck } from '../../src/nn/backend-check';

/**
 * Training examples per second for each estimator (MDN, coupling flow, ratio classifier) on
 * the Node backends (wasm, cpu): 2 epochs of 2 048 rows, batch 256. `npm run bench:browser`
 * measures webgpu, webgl and wasm in headless Chromium the same way.
 */
export async function benchTrain(): Promise<Record<string, unknown>> {
  const rows = await runBackendCheck(['wasm', 'cpu']);
  for (const row of rows) {
    console.log(JSON.stringify({ bench: 'train', where: 'node', backend: row.backend, estimator: row.estimator, examplesPerSecond: row.trainingExamplesPerSecond, maxRelativeErrorVsCpu: row.maxRelativeError, error: row.error }));
  }
  return { rows: rows.length };
}

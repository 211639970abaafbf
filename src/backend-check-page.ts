/**
 * backend-check.html: which TensorFlow.js backends work on this machine, whether they agree
 * with the cpu backend, and how fast each trains the lab's estimators — in the page and in a
 * Web Worker. The browser tests and `npm run bench:browser` read `window.backendCheck`.
 */
import { BACKEND_NAMES } from './nn/backend';
import { type BackendCheckRow, runBackendCheck, storageRoundTrip } from './nn/backend-check';
import { WASM_PATHS } from './nn/wasm-paths';

declare global {
  interface Window {
    backendCheck?: { page: BackendCheckRow[]; worker: BackendCheckRow[]; storage: string } | { error: string };
  }
}

function table(title: string, rows: BackendCheckRow[]): string {
  const body = rows
    .map(
      (row) =>
        `<tr><td>${row.backend}</td><td>${row.estimator}</td><td>${row.maxRelativeError?.toExponential(2) ?? '—'}</td>` +
        `<td>${row.trainingStepOk ? 'yes' : 'no'}</td><td>${row.trainingExamplesPerSecond?.toFixed(0) ?? '—'}</td><td>${row.error ?? ''}</td></tr>`,
    )
    .join('');
  return `<h2>${title}</h2><table><thead><tr><th>backend</th><th>estimator</th><th>max rel. error vs cpu</th><th>trains</th><th>examples/s</th><th>problem</th></tr></thead><tbody>${body}</tbody></table>`;
}

async function main(): Promise<void> {
  const out = document.getElementById('out')!;
  const params = new URLSearchParams(location.search);
  const backends = (params.get('backends')?.split(',') ?? BACKEND_NAMES) as typeof BACKEND_NAMES;
  // ?rows=256&epochs=1 checks one training step; the defaults measure speed.
  const budget = { rows: Number(params.get('rows') ?? 2048), epochs: Number(params.get('epochs') ?? 2) };
  try {
    out.textContent = 'checking in the page…';
    const page = await runBackendCheck(backends, WASM_PATHS, budget);
    out.textContent = 'checking in a worker…';
    const worker = new Worker(new URL('../workers/backend-check.worker.ts', import.meta.url), { type: 'module' });
    const reply = await new Promise<{ rows?: BackendCheckRow[]; error?: string }>((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => resolve({ error: event.message });
      worker.postMessage({ backends, budget });
    });
    worker.terminate();
    if (reply.error) throw new Error(`worker: ${reply.error}`);
    const storage = await storageRoundTrip();
    window.backendCheck = { page, worker: reply.rows!, storage };
    out.innerHTML = table('In the page', page) + table('In a Web Worker', reply.rows!) + `<p>IndexedDB save → load: ${storage}</p>`;
  } catch (error) {
    window.backendCheck = { error: (error as Error).message };
    out.textContent = `The check failed: ${(error as Error).message}`;
  }
}

void main();

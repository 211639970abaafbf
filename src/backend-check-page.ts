/**
 * backend-check.html: which TensorFlow.js backends work on this machine, whether they agree
 * with the cpu backend, and how fast each trains the lab's estimators — in the page and in a
 * Web Worker. The browser tests and `npm run bench:browser` read `window.backendCheck`.
 */
import { parseBackendsParam } from './core/backend-names';
import { type BackendCheckRow, runBackendCheck, storageRoundTrip } from './nn/backend-check';
import { WASM_PATHS } from './nn/wasm-paths';

declare global {
  interface Window {
    backendCheck?: { page: BackendCheckRow[]; worker: BackendCheckRow[]; storage: string } | { error: string };
  }
}

/** An element with text content only: nothing that came from the URL or a worker is ever parsed as HTML. */
function element(tag: string, text = ''): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

/** A heading and a table of check rows, built as DOM nodes. */
function table(title: string, rows: BackendCheckRow[]): HTMLElement[] {
  const headings = ['backend', 'estimator', 'max rel. error vs cpu', 'trains', 'examples/s', 'problem'];
  const tableNode = element('table');
  const head = tableNode.appendChild(element('thead')).appendChild(element('tr'));
  for (const heading of headings) head.appendChild(element('th', heading));
  const body = tableNode.appendChild(element('tbody'));
  for (const row of rows) {
    const cells = [row.backend, row.estimator, row.maxRelativeError?.toExponential(2) ?? '—', row.trainingStepOk ? 'yes' : 'no', row.trainingExamplesPerSecond?.toFixed(0) ?? '—', row.error ?? ''];
    const tr = body.appendChild(element('tr'));
    for (const cell of cells) tr.appendChild(element('td', String(cell)));
  }
  return [element('h2', title), tableNode];
}

async function main(): Promise<void> {
  const out = document.getElementById('out')!;
  const params = new URLSearchParams(location.search);
  try {
    const backends = parseBackendsParam(params.get('backends'));
    // ?rows=256&epochs=1 checks one training step; the defaults measure speed.
    const budget = { rows: Number(params.get('rows') ?? 2048), epochs: Number(params.get('epochs') ?? 2) };
    if (!Number.isSafeInteger(budget.rows) || budget.rows < 16 || budget.rows > 100_000) throw new Error(`rows: expected an integer in [16, 100000], got ${JSON.stringify(params.get('rows'))}`);
    if (!Number.isSafeInteger(budget.epochs) || budget.epochs < 1 || budget.epochs > 100) throw new Error(`epochs: expected an integer in [1, 100], got ${JSON.stringify(params.get('epochs'))}`);
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
    out.replaceChildren(...table('In the page', page), ...table('In a Web Worker', reply.rows!), element('p', `IndexedDB save → load: ${storage}`));
  } catch (error) {
    window.backendCheck = { error: (error as Error).message };
    out.textContent = `The check failed: ${(error as Error).message}`;
  }
}

void main();

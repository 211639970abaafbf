import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { LabStoreContext } from './components/lab-context';
import { bindUrlState } from './components/url-binding';
import { createLabStore, type LabChannels } from './store/lab-store';
import { LatestRunChannel, WorkerHost, type WorkerPort } from './store/lab-worker-client';
import { parseUrlState } from './store/url-state';
import './styles.css';

const labWorker = () => new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' }) as unknown as WorkerPort;
const referenceWorker = () =>
  new Worker(new URL('../workers/reference.worker.ts', import.meta.url), { type: 'module', name: 'reference' }) as unknown as WorkerPort;

// Prior-predictive draws and new observations share a worker; the grid and the reference
// sampler get their own, so a long MCMC run never holds up a contour.
const simulationHost = new WorkerHost(labWorker);
const gridHost = new WorkerHost(labWorker);
const referenceHost = new WorkerHost(referenceWorker);
const channels: LabChannels = {
  priorPredictive: new LatestRunChannel(simulationHost),
  newObservation: new LatestRunChannel(simulationHost),
  grid: new LatestRunChannel(gridHost),
  reference: new LatestRunChannel(referenceHost),
  restartWorkers: () => [simulationHost, gridHost, referenceHost].forEach((host) => host.restart()),
};

const { state, notes } = parseUrlState(window.location.hash);
const store = createLabStore(channels, state, notes);
bindUrlState(store);
store.getState().refreshAll();

const root = document.getElementById('root');
if (!root) throw new Error('index.html: expected an element with id "root", got none');
createRoot(root).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <App />
    </LabStoreContext.Provider>
  </StrictMode>,
);

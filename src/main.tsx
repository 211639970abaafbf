import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { LabStoreContext } from './components/lab-context';
import { PosteriorStoreContext, PredictiveStoreContext } from './components/posterior-context';
import { bindUrlState } from './components/url-binding';
import { createLabStore, type LabChannels } from './store/lab-store';
import { LatestRunChannel, WorkerHost, type WorkerPort } from './store/lab-worker-client';
import { createPosteriorStore, DEFAULT_POSTERIOR_OPTIONS, type PosteriorChannels } from './store/posterior-store';
import { createPredictiveStore } from './store/predictive-store';
import { modelsIndexUrl, parseModelsIndex } from './store/shipped-models';
import { parseUrlState } from './store/url-state';
import './styles.css';

const labWorker = () => new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' }) as unknown as WorkerPort;
const referenceWorker = () =>
  new Worker(new URL('../workers/reference.worker.ts', import.meta.url), { type: 'module', name: 'reference' }) as unknown as WorkerPort;
const posteriorWorker = () =>
  new Worker(new URL('../workers/posterior.worker.ts', import.meta.url), { type: 'module', name: 'posterior' }) as unknown as WorkerPort;
const trainWorker = () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }) as unknown as WorkerPort;

// Prior-predictive draws and new observations share a worker; the grid and the reference
// sampler get their own, so a long MCMC run never holds up a contour.
const simulationHost = new WorkerHost(labWorker);
const gridHost = new WorkerHost(labWorker);
// The oracle ESS curves (1–2 s of simulation and likelihoods per task) must not hold up a draw.
const oracleHost = new WorkerHost(labWorker);
const referenceHost = new WorkerHost(referenceWorker);
// The amortized panels share one posterior worker (one backend, models loaded once); training has its own.
const posteriorHost = new WorkerHost(posteriorWorker);
const trainHost = new WorkerHost(trainWorker);
const channels: LabChannels = {
  priorPredictive: new LatestRunChannel(simulationHost),
  newObservation: new LatestRunChannel(simulationHost),
  oracleEss: new LatestRunChannel(oracleHost),
  grid: new LatestRunChannel(gridHost),
  reference: new LatestRunChannel(referenceHost),
  restartWorkers: () => [simulationHost, gridHost, oracleHost, referenceHost, posteriorHost].forEach((host) => host.restart()),
};
const posteriorChannels: PosteriorChannels = {
  samples: { a: new LatestRunChannel(posteriorHost), 'b-nle': new LatestRunChannel(posteriorHost), 'b-nre': new LatestRunChannel(posteriorHost) },
  backend: new LatestRunChannel(posteriorHost),
  training: new LatestRunChannel(trainHost),
};

const { state, notes } = parseUrlState(window.location.hash);
const store = createLabStore(channels, state, notes);
bindUrlState(store);
// Absolute: the posterior worker fetches the models, and a relative URL would resolve against its own script.
const baseUrl = new URL(import.meta.env.BASE_URL, window.location.href).href;
const posteriors = createPosteriorStore(store, posteriorChannels, { ...DEFAULT_POSTERIOR_OPTIONS, baseUrl, storage: window.localStorage });
posteriors.chooseBackend();
// Hodgkin–Huxley's posterior predictive traces come from the same worker (models loaded once).
const predictive = createPredictiveStore(store, posteriors.store, posteriors.sourceFor, new LatestRunChannel(posteriorHost));
store.getState().refreshAll();
// The shipped models' index names which task × route has a model (and its card, for ESS curves).
const indexUrl = modelsIndexUrl(baseUrl);
fetch(indexUrl)
  .then(async (response) => {
    if (!response.ok) throw new Error(`${indexUrl}: expected the shipped models' index, got HTTP ${response.status}`);
    return parseModelsIndex(await response.json(), indexUrl);
  })
  .then((models) => posteriors.setIndex(models))
  .catch((error: Error) => posteriors.setIndex(error));

const root = document.getElementById('root');
if (!root) throw new Error('index.html: expected an element with id "root", got none');
createRoot(root).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <PosteriorStoreContext.Provider value={posteriors.store}>
        <PredictiveStoreContext.Provider value={predictive}>
          <App />
        </PredictiveStoreContext.Provider>
      </PosteriorStoreContext.Provider>
    </LabStoreContext.Provider>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { LabStoreContext, SimulationStoreContext } from './components/lab-context';
import { CalibrationStoreContext, PosteriorStoreContext, PredictiveStoreContext, RefinementStoreContext } from './components/posterior-context';
import { ReferenceStoreContext } from './components/reference-context';
import { applyRefineSwitches, bindUrlState } from './components/url-binding';
import { createLabStore, type LabChannels } from './store/lab-store';
import { LatestRunChannel, lazyWorker, WorkerHost, type WorkerPort } from './store/lab-worker-client';
import { createPosteriorStore, DEFAULT_POSTERIOR_OPTIONS, type PosteriorChannels } from './store/posterior-store';
import { createPredictiveStore } from './store/predictive-store';
import { createReferenceStore, type ReferenceChannels } from './store/reference-store';
import { createCalibrationStore } from './store/calibration-store';
import { createRefinementStore } from './store/refinement-store';
import { modelsIndexUrl, parseModelsIndex } from './store/shipped-models';
import { createSimulationStore, type SimulationChannels } from './store/simulation-store';
import { parseUrlState } from './store/url-state';
import './styles.css';

const labWorker = () => new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' }) as unknown as WorkerPort;
const referenceWorker = () =>
  new Worker(new URL('../workers/reference.worker.ts', import.meta.url), { type: 'module', name: 'reference' }) as unknown as WorkerPort;
const posteriorWorker = () =>
  new Worker(new URL('../workers/posterior.worker.ts', import.meta.url), { type: 'module', name: 'posterior' }) as unknown as WorkerPort;
const calibrationWorker = () =>
  new Worker(new URL('../workers/calibration.worker.ts', import.meta.url), { type: 'module', name: 'calibration' }) as unknown as WorkerPort;
const trainWorker = () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }) as unknown as WorkerPort;

// Prior-predictive draws and new observations share a worker; the grid (its β ladder and the
// resting β's exact grid, one cached likelihood grid) and the reference sampler get their own,
// so a long MCMC run never holds up a contour.
const simulationHost = new WorkerHost(labWorker, { name: 'simulation' });
const gridHost = new WorkerHost(labWorker, { name: 'grid' });
// The oracle ESS curves (1–2 s of simulation and likelihoods per task) must not hold up a draw.
const oracleHost = new WorkerHost(labWorker, { name: 'oracle ESS' });
const referenceHost = new WorkerHost(referenceWorker, { name: 'reference' });
// SLCP's ladder run (all rungs in one parallel-tempering run) has its own, so a resting β's run never stops it.
const referenceLadderHost = new WorkerHost(referenceWorker, { name: 'reference ladder' });
// The amortized panels share one posterior worker (one backend, models loaded once): with two
// cores, one core draws the page and one computes (ladders, then exact draws at a resting β);
// a second posterior worker would only take turns with it. Training has its own.
const posteriorHost = new WorkerHost(posteriorWorker, { name: 'posterior' });
const trainHost = new WorkerHost(trainWorker, { name: 'training' });
// Calibration (tens of seconds of tensor work) has its own worker: the panels keep following the slider.
// Made on the first check (lazyWorker): a page nobody calibrates on never loads it.
const calibrationHost = new WorkerHost(() => lazyWorker(calibrationWorker), { name: 'calibration' });
// For the browser tests: end a worker as a crash would (a script on the page can reach it; a URL cannot).
const hosts = { simulation: simulationHost, grid: gridHost, oracle: oracleHost, reference: referenceHost, referenceLadder: referenceLadderHost, posterior: posteriorHost, training: trainHost };
Object.defineProperty(window, '__labWorkers', {
  value: Object.freeze({
    kill: (name: keyof typeof hosts) => hosts[name].kill(),
    state: (name: keyof typeof hosts) => hosts[name].state,
  }),
});
const simulationChannels: SimulationChannels = {
  priorPredictive: new LatestRunChannel(simulationHost),
  newObservation: new LatestRunChannel(simulationHost),
  oracleEss: new LatestRunChannel(oracleHost),
};
const channels: LabChannels = {
  restartWorkers: () => [simulationHost, gridHost, oracleHost, referenceHost, referenceLadderHost, posteriorHost].forEach((host) => host.restart()),
};
const referenceChannels: ReferenceChannels = {
  grid: new LatestRunChannel(gridHost),
  gridLadder: new LatestRunChannel(gridHost),
  reference: new LatestRunChannel(referenceHost),
  referenceLadder: new LatestRunChannel(referenceLadderHost),
};
const routeChannels = () => ({ a: new LatestRunChannel(posteriorHost), 'b-nle': new LatestRunChannel(posteriorHost), 'b-nre': new LatestRunChannel(posteriorHost) });
const posteriorChannels: PosteriorChannels = {
  samples: routeChannels(),
  ladders: routeChannels(),
  backend: new LatestRunChannel(posteriorHost),
  training: new LatestRunChannel(trainHost),
};

const { state, notes } = parseUrlState(window.location.hash);
const { refine: refineFromLink, ...selection } = state;
const store = createLabStore(channels, selection, notes);
const simulation = createSimulationStore(store, simulationChannels);
const reference = createReferenceStore(store, referenceChannels);
// Absolute: the posterior worker fetches the models, and a relative URL would resolve against its own script.
const baseUrl = new URL(import.meta.env.BASE_URL, window.location.href).href;
const posteriors = createPosteriorStore(store, posteriorChannels, { ...DEFAULT_POSTERIOR_OPTIONS, baseUrl, storage: window.localStorage });
posteriors.backend.choose();
// A restarted posterior worker gets the remembered backend before its runs are sent again.
posteriorHost.onRestart(() => posteriors.backend.choose());
// Hodgkin–Huxley's posterior predictive traces come from the same worker (models loaded once).
const predictive = createPredictiveStore(store, posteriors.store, posteriors.sourceFor, new LatestRunChannel(posteriorHost));
// Refinement (a switch per panel): its own channel per route, so refining never cancels a panel's draws.
const refinement = createRefinementStore(store, posteriors.sourceFor, routeChannels());
posteriors.store.subscribe(() => refinement.refresh());
applyRefineSwitches(refinement, refineFromLink);
const calibration = createCalibrationStore(store, posteriors.sourceFor, new LatestRunChannel(calibrationHost));
bindUrlState(store, refinement);
store.getState().refreshAll();
// The shipped models' index names which task × route has a model (and its card, for ESS curves).
const indexUrl = modelsIndexUrl(baseUrl);
fetch(indexUrl)
  .then(async (response) => {
    if (!response.ok) throw new Error(`${indexUrl}: expected the shipped models' index, got HTTP ${response.status}`);
    const json: unknown = await response.json().catch((error: Error) => {
      throw new Error(`${indexUrl}: expected JSON, got a parse error (${error.message})`);
    });
    return parseModelsIndex(json, indexUrl);
  })
  .then(({ models, problems }) => posteriors.setIndex(models, problems))
  .catch((error: Error) => posteriors.setIndex(error));

const root = document.getElementById('root');
if (!root) throw new Error('index.html: expected an element with id "root", got none');
createRoot(root).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <SimulationStoreContext.Provider value={simulation}>
      <ReferenceStoreContext.Provider value={reference}>
        <PosteriorStoreContext.Provider value={posteriors}>
          <PredictiveStoreContext.Provider value={predictive}>
            <RefinementStoreContext.Provider value={refinement}>
              <CalibrationStoreContext.Provider value={calibration}>
                <App />
              </CalibrationStoreContext.Provider>
            </RefinementStoreContext.Provider>
          </PredictiveStoreContext.Provider>
        </PosteriorStoreContext.Provider>
      </ReferenceStoreContext.Provider>
      </SimulationStoreContext.Provider>
    </LabStoreContext.Provider>
  </StrictMode>,
);

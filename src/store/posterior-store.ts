import { createStore } from 'zustand/vanilla';
import { getTask } from '../benchmarks/registry';
import type { BackendName, BackendReport } from '../nn/backend-names';
import type { ModelCard } from '../nn/serialize';
import type { LabResponse, ModelSource, PosteriorSampleRequest } from '../protocol/messages';
import type { LabStore } from './lab-store';
import { selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import { sampleBuffers } from './sample-buffers';
import { observationValues } from './selection';
import { PANEL_ROUTES, type PanelRoute, type ShippedModel, shippedModelUrl } from './shipped-models';
import { IDLE_TRAINING, type TrainingState, withTrainingProgress } from './training-state';

/** Where an amortized panel stands. `missing`: no model for this task and route (train one). */
export type PanelStatus = 'off' | 'missing' | 'loading' | 'sampling' | 'done' | 'error';

export interface RoutePanelState {
  readonly status: PanelStatus;
  /** Bumped whenever new draws land, so the panel redraws. */
  readonly version: number;
  readonly numDraws: number;
  /** The β the shown draws belong to. */
  readonly beta: number | null;
  readonly seconds: number | null;
  readonly card: ModelCard | null;
  /** The shipped model, or the one trained in this browser. */
  readonly source: 'shipped' | 'browser';
  readonly backend: string | null;
  readonly numTensors: number | null;
  readonly error: string | null;
}

export interface PosteriorState {
  readonly index: { readonly status: 'loading' | 'ready' | 'error'; readonly models: readonly ShippedModel[]; readonly error: string | null };
  readonly panels: Readonly<Record<PanelRoute, RoutePanelState>>;
  readonly enabled: Readonly<Record<PanelRoute, boolean>>;
  readonly backend: { readonly status: 'choosing' | 'ready' | 'error'; readonly report: BackendReport | null; readonly override: BackendName | null; readonly error: string | null };
  readonly training: TrainingState;
  readonly presentation: boolean;

  toggleRoute(route: PanelRoute): void;
  /** Chooses the backend again: by measurement (null) or the named one; remembered in this browser. */
  setBackendOverride(override: BackendName | null): void;
  startTraining(route: PanelRoute, budget: number): void;
  stopTraining(): void;
  /** Goes back to the shipped model for a route (the browser-trained one stays saved). */
  useShippedModel(route: PanelRoute): void;
  setPresentation(on: boolean): void;
  /** Draws every enabled panel again for the current selection. */
  resample(): void;
}

/** The workers the posterior store talks to. */
export interface PosteriorChannels {
  readonly samples: Readonly<Record<PanelRoute, LatestRunChannel>>;
  readonly backend: LatestRunChannel;
  readonly training: LatestRunChannel;
}

/** Small key–value storage (localStorage in the page, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface PosteriorStoreOptions {
  /** Draws per panel and selection, in two requests: `firstDraws` (the first repaint), then the rest. */
  readonly numDraws: number;
  readonly firstDraws: number;
  /** The page's base URL (shipped models live below it). */
  readonly baseUrl: string;
  readonly storage: KeyValueStorage;
}

export const DEFAULT_POSTERIOR_OPTIONS: Omit<PosteriorStoreOptions, 'storage'> = { numDraws: 4000, firstDraws: 1000, baseUrl: '/' };

/** The second part of a panel's draws uses seed + this, so its draws differ from the first part's. */
const SECOND_PART_SEED_OFFSET = 1_000_003;

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const BACKEND_KEY = 'tempered-sbi-lab:backend';
const BACKEND_REPORT_KEY = 'tempered-sbi-lab:backend-report';
const browserModelKey = (task: string, route: string) => `tempered-sbi-lab:browser-model:${task}/${route}`;

const idlePanel = (status: PanelStatus): RoutePanelState => ({
  status,
  version: 0,
  numDraws: 0,
  beta: null,
  seconds: null,
  card: null,
  source: 'shipped',
  backend: null,
  numTensors: null,
  error: null,
});


/**
 * The amortized panels' store (zustand, no React): one q(θ | x, β) per route answers every
 * selection of the lab store in one forward pass in the posterior worker. Models come from
 * public/models (listed by index.json) or from this browser's IndexedDB after "train in this
 * browser"; arrays go to sample-buffers, the store keeps metadata.
 */
export function createPosteriorStore(lab: LabStore, channels: PosteriorChannels, options: PosteriorStoreOptions) {
  /** Each route's latest selection: its request, and the first draws while the rest are drawn. */
  const runs: Partial<Record<PanelRoute, { runId: number; key: string; taskId: string; beta: number; request: PosteriorSampleRequest; first: Float64Array | null }>> = {};
  let trainingRun = { runId: -1, taskId: '', route: 'b-nle' as PanelRoute, phaseKey: '' };
  const savedOverride = options.storage.getItem(BACKEND_KEY) as BackendName | null;

  /** The model a panel uses for the current task, or null when there is none (or the index is not read yet). */
  function sourceFor(route: PanelRoute): ModelSource | null {
    const taskId = lab.getState().taskId;
    const state = store.getState();
    const revision = options.storage.getItem(browserModelKey(taskId, route));
    if (revision !== null && state.panels[route].source === 'browser') return { kind: 'browser', key: `${taskId}/${route}`, revision };
    const shipped = state.index.models.some((model) => model.task === taskId && model.route === route);
    return shipped ? { kind: 'shipped', url: shippedModelUrl(options.baseUrl, taskId, route) } : null;
  }

  const store = createStore<PosteriorState>()((set, get) => {
    const setPanel = (route: PanelRoute, patch: Partial<RoutePanelState>) => set({ panels: { ...get().panels, [route]: { ...get().panels[route], ...patch } } });

    const requestDraws = (route: PanelRoute) => {
      if (!get().enabled[route]) return setPanel(route, { status: 'off' });
      if (get().index.status === 'loading') return;
      const source = sourceFor(route);
      const state = lab.getState();
      const task = getTask(state.taskId);
      if (!source) {
        sampleBuffers.setPosterior(route, null);
        return setPanel(route, { status: 'missing', card: null, error: null, version: get().panels[route].version + 1 });
      }
      const x = [...observationValues(task, state.observation)];
      const key = `${selectionKey(state)}|${source.kind}`;
      const numDraws = Math.min(options.firstDraws, options.numDraws);
      let request: PosteriorSampleRequest | null = null;
      const runId = channels.samples[route].start((id) => (request = { type: 'posterior-sample', runId: id, taskId: task.id, route, source, x, beta: state.beta, numDraws, seed: state.seed }));
      runs[route] = { runId, key, taskId: task.id, beta: state.beta, request: request!, first: null };
      setPanel(route, { status: get().panels[route].card ? 'sampling' : 'loading', error: null });
    };

    return {
      index: { status: 'loading', models: [], error: null },
      panels: { a: idlePanel('loading'), 'b-nle': idlePanel('loading'), 'b-nre': idlePanel('loading') },
      enabled: { a: true, 'b-nle': true, 'b-nre': true },
      backend: { status: 'choosing', report: null, override: savedOverride, error: null },
      training: IDLE_TRAINING,
      presentation: false,

      toggleRoute(route) {
        set({ enabled: { ...get().enabled, [route]: !get().enabled[route] } });
        requestDraws(route);
      },

      setBackendOverride(override) {
        if (override) options.storage.setItem(BACKEND_KEY, override);
        else options.storage.removeItem(BACKEND_KEY);
        set({ backend: { status: 'choosing', report: null, override, error: null } });
        channels.backend.start((runId) => ({ type: 'backend', runId, override, remembered: null }));
        get().resample();
      },

      startTraining(route, budget) {
        const { taskId, seed } = lab.getState();
        // Rebuild the shipped model's way: its card names B-NLE's likelihood estimator when it is not the default.
        const shippedCard = get().index.models.find((model) => model.task === taskId && model.route === route)?.card;
        const likelihood = (shippedCard?.extra.likelihood as { kind?: string } | undefined)?.kind ?? 'auto';
        const runId = channels.training.start((id) => ({ type: 'train', runId: id, taskId, route, numSimulations: budget, seed, maxEpochs: 200, likelihood }));
        trainingRun = { runId, taskId, route, phaseKey: '' };
        set({ training: { ...IDLE_TRAINING, route, budget, status: 'running' } });
      },

      stopTraining() {
        channels.training.cancel();
      },

      useShippedModel(route) {
        setPanel(route, { source: 'shipped', card: null });
        requestDraws(route);
      },

      setPresentation(on) {
        set({ presentation: on });
      },

      resample() {
        PANEL_ROUTES.forEach(requestDraws);
      },
    };
  });

  const restoreSources = () => {
    const taskId = lab.getState().taskId;
    const panels = { ...store.getState().panels };
    for (const route of PANEL_ROUTES) {
      const browser = options.storage.getItem(browserModelKey(taskId, route)) !== null;
      panels[route] = { ...panels[route], source: browser ? 'browser' : 'shipped', card: null };
    }
    store.setState({ panels });
  };

  for (const route of PANEL_ROUTES) {
    channels.samples[route].onResponse((response: LabResponse) => {
      const run = runs[route];
      const panel = store.getState().panels[route];
      if (response.type === 'error') {
        store.setState({ panels: { ...store.getState().panels, [route]: { ...panel, status: 'error', error: response.message } } });
      } else if (response.type === 'posterior-sample-result' && run && response.runId === run.runId) {
        // First draws: show them, and ask for the rest (a second seed, so the two parts are independent).
        const width = response.samples.length / response.numDraws;
        const samples = run.first ? concat(run.first, response.samples) : response.samples;
        const numDraws = samples.length / width;
        const rest = options.numDraws - numDraws;
        const complete = run.first !== null || rest <= 0;
        sampleBuffers.setPosterior(route, { key: run.key, taskId: run.taskId, beta: run.beta, samples, numDraws });
        if (!complete) {
          const next = { ...run.request, numDraws: rest, seed: run.request.seed + SECOND_PART_SEED_OFFSET };
          const runId = channels.samples[route].start((id) => ({ ...next, runId: id }));
          runs[route] = { ...run, runId, first: samples };
        }
        store.setState({
          panels: {
            ...store.getState().panels,
            [route]: {
              ...panel,
              status: complete ? 'done' : 'sampling',
              version: panel.version + 1,
              numDraws,
              beta: response.beta,
              seconds: response.seconds,
              card: response.card,
              backend: response.backend,
              numTensors: response.numTensors,
              error: null,
            },
          },
        });
      }
    });
  }

  channels.backend.onResponse((response: LabResponse) => {
    const backend = store.getState().backend;
    if (response.type === 'backend-result') {
      store.setState({ backend: { ...backend, status: 'ready', report: response.report, error: null } });
      if (!response.report.overridden) options.storage.setItem(BACKEND_REPORT_KEY, JSON.stringify(response.report));
    }
    else if (response.type === 'error') store.setState({ backend: { ...backend, status: 'error', error: response.message } });
  });

  channels.training.onResponse((response: LabResponse) => {
    const training = store.getState().training;
    if (response.runId !== trainingRun.runId) return;
    const previousPhaseKey = trainingRun.phaseKey;
    if (response.type === 'train-progress') {
      trainingRun.phaseKey = `${response.phase}|${response.step}`;
      store.setState({ training: withTrainingProgress(training, response, previousPhaseKey) });
    } else if (response.type === 'train-result') {
      const card = (response.manifest as { card?: ModelCard }).card ?? null;
      options.storage.setItem(browserModelKey(trainingRun.taskId, trainingRun.route), card?.createdAt ?? String(response.runId));
      store.setState({ training: { ...training, status: 'done', seconds: response.seconds, etaSeconds: 0 } });
      if (trainingRun.taskId === lab.getState().taskId) {
        store.setState({ panels: { ...store.getState().panels, [trainingRun.route]: { ...store.getState().panels[trainingRun.route], source: 'browser', card: null } } });
        store.getState().resample();
      }
    } else if (response.type === 'cancelled') {
      store.setState({ training: { ...training, status: 'cancelled', etaSeconds: null } });
    } else if (response.type === 'error') {
      store.setState({ training: { ...training, status: 'error', error: response.message } });
    }
  });

  // Every selection change of the lab reaches every enabled panel; a task change also resets
  // which model each panel uses.
  let lastKey = selectionKey(lab.getState());
  let lastTask = lab.getState().taskId;
  lab.subscribe((state) => {
    const key = selectionKey(state);
    if (key === lastKey) return;
    lastKey = key;
    if (state.taskId !== lastTask) {
      lastTask = state.taskId;
      restoreSources();
    }
    store.getState().resample();
  });

  return {
    store,
    sourceFor,
    /** Hands the store the shipped-models index (or why it could not be read), then draws. */
    setIndex(models: readonly ShippedModel[] | Error) {
      store.setState({ index: models instanceof Error ? { status: 'error', models: [], error: models.message } : { status: 'ready', models, error: null } });
      restoreSources();
      store.getState().resample();
    },
    /** Asks the posterior worker for its backend (the remembered override, if any). */
    chooseBackend() {
      let remembered: BackendReport | null = null;
      try {
        remembered = JSON.parse(options.storage.getItem(BACKEND_REPORT_KEY) ?? 'null') as BackendReport | null;
      } catch {
        remembered = null; // unreadable: measure again
      }
      channels.backend.start((runId) => ({ type: 'backend', runId, override: savedOverride, remembered }));
    },
  };
}

export type PosteriorStore = ReturnType<typeof createPosteriorStore>['store'];

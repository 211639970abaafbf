import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { checkTracesFile, TRACES_FILES, type TracesFile } from '../benchmarks/metadata/traces-file';
import type { LabResponse, ModelSource, PosteriorPredictiveRequest } from '../protocol/messages';
import type { LabStore } from './lab-store';
import { selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import type { PosteriorStore } from './posterior-store';
import { observationValues } from './selection';
import type { PanelRoute } from './shipped-models';

/** The β values of the paper's Figure 2 (marginals overlaid), within Hodgkin–Huxley's domain [0.1, 2]. */
export const FIGURE_2_BETAS: readonly number[] = [0.1, 1, 2];

/** Posterior predictive traces of one route at one selection (Hodgkin–Huxley). */
export interface PredictiveTraces {
  readonly key: string;
  readonly taskId: string;
  readonly route: string;
  readonly beta: number;
  /** [numTraces, length] voltages (mV), `traceDt` ms apart */
  readonly traces: Float32Array;
  readonly numTraces: number;
  readonly traceDt: number;
  /** [numTraces, xDim] */
  readonly statistics: Float64Array;
}

/** Draws of one route's q at fixed β values for one observation (the marginals overlay). */
export interface FixedBetaDraws {
  /** Task, observation and model they belong to. */
  readonly key: string;
  readonly route: string;
  readonly betas: readonly number[];
  /** [betas.length, numDraws, thetaDim] */
  readonly draws: Float64Array;
  readonly numDraws: number;
}

export interface PredictiveState {
  /** `off`: the task has no traces; `missing`: the chosen route has no model. */
  readonly status: 'off' | 'missing' | 'waiting' | 'running' | 'done' | 'error';
  /** The route whose q draws the traces and the fixed-β marginals. */
  readonly route: PanelRoute;
  /** Bumped when new traces (or fixed-β draws) land. */
  readonly version: number;
  /** The latest traces (null when the route has no model). */
  readonly traces: PredictiveTraces | null;
  /** q's draws at β ∈ {0.1, 1, 2} for the latest observation and model, for the marginals overlay. */
  readonly fixedBeta: FixedBetaDraws | null;
  /** The voltage traces behind the task's fixed observations and showcase cells (a chunk of their own, fetched once). */
  readonly observedTraces: { readonly taskId: string | null; readonly status: 'idle' | 'loading' | 'done' | 'error'; readonly file: TracesFile | null; readonly error: string | null };
  readonly beta: number | null;
  readonly seconds: number | null;
  readonly error: string | null;
  setRoute(route: PanelRoute): void;
}

export interface PredictiveStoreOptions {
  readonly numTraces: number;
  readonly numFixedDraws: number;
}

export const DEFAULT_PREDICTIVE_OPTIONS: PredictiveStoreOptions = { numTraces: 20, numFixedDraws: 2000 };

/**
 * The posterior predictive panel's store (Hodgkin–Huxley, issue 10). After a route's panel
 * has drawn for the current selection, asks the posterior worker for traces simulated from q's
 * draws at the slider's β, and — once per observation and model — draws at β ∈ {0.1, 1, 2}
 * for the marginals overlay. The arrays are held in the state; stale answers are dropped by run id.
 */
export function createPredictiveStore(lab: LabStore, posteriors: PosteriorStore, sourceFor: (route: PanelRoute) => ModelSource | null, channel: LatestRunChannel, options: PredictiveStoreOptions = DEFAULT_PREDICTIVE_OPTIONS) {
  let run: { runId: number; key: string; fixedKey: string } | null = null;

  const store = createStore<PredictiveState>()((set) => ({
    status: getTaskInfo(lab.getState().taskId).traces ? 'waiting' : 'off',
    route: 'b-nle',
    version: 0,
    traces: null,
    fixedBeta: null,
    observedTraces: { taskId: null, status: 'idle', file: null, error: null },
    beta: null,
    seconds: null,
    error: null,
    setRoute(route) {
      set({ route });
      request(true);
    },
  }));

  /** Fetches the task's observed traces (Hodgkin–Huxley's) the first time a task with traces is shown. */
  function loadObservedTraces(): void {
    const { taskId } = lab.getState();
    const load = TRACES_FILES[taskId];
    if (!load || store.getState().observedTraces.taskId === taskId) return;
    store.setState({ observedTraces: { taskId, status: 'loading', file: null, error: null } });
    const settle = (observedTraces: PredictiveState['observedTraces']) => {
      if (store.getState().observedTraces.taskId === taskId) store.setState({ observedTraces });
    };
    load().then(
      (module) => settle({ taskId, status: 'done', file: checkTracesFile(module.default, `${taskId}.traces.json`), error: null }),
      (reason: Error) => settle({ taskId, status: 'error', file: null, error: reason.message }),
    );
  }

  /** Sends a request for the current selection unless the latest one already covers it. */
  function request(force = false): void {
    const state = lab.getState();
    const task = getTaskInfo(state.taskId);
    const { route } = store.getState();
    if (!task.traces) {
      if (store.getState().status !== 'off') store.setState({ status: 'off' });
      return;
    }
    const source = sourceFor(route);
    if (!source) {
      store.setState({ status: posteriors.getState().index.status === 'loading' ? 'waiting' : 'missing', traces: null, version: store.getState().version + 1 });
      return;
    }
    const x = [...observationValues(task, state.observation)];
    const sourceKey = JSON.stringify(source);
    const key = `${selectionKey(state)}|${route}|${sourceKey}`;
    const fixedKey = `${task.id}|${x.join(',')}|${route}|${sourceKey}`;
    if (!force && run?.key === key) return;
    const held = store.getState().fixedBeta;
    const needFixed = held?.key !== fixedKey && run?.fixedKey !== fixedKey;
    const fixedBetas = needFixed || force ? FIGURE_2_BETAS : [];
    const runId = channel.start((id): PosteriorPredictiveRequest => ({ type: 'posterior-predictive', runId: id, taskId: task.id, route, source, x, beta: state.beta, numTraces: options.numTraces, fixedBetas, numFixedDraws: options.numFixedDraws, seed: state.seed }));
    run = { runId, key, fixedKey };
    store.setState({ status: 'running', error: null });
  }

  channel.onResponse((response: LabResponse) => {
    if (!run || response.runId !== run.runId) return;
    if (response.type === 'error') {
      store.setState({ status: 'error', error: response.message });
    } else if (response.type === 'posterior-predictive-result') {
      const { key, fixedKey } = run;
      const traces = { key, taskId: response.taskId, route: response.route, beta: response.beta, traces: response.traces, numTraces: response.numTraces, traceDt: response.traceDt, statistics: response.statistics };
      const fixedBeta = response.fixedBetas.length > 0 ? { key: fixedKey, route: response.route, betas: response.fixedBetas, draws: response.fixedDraws, numDraws: response.numFixedDraws } : store.getState().fixedBeta;
      store.setState({ status: 'done', version: store.getState().version + 1, traces, fixedBeta, beta: response.beta, seconds: response.seconds, error: null });
    }
  });

  // Follow the chosen route's panel: once its draws for a selection land, the model is loaded
  // and the traces for that selection are next.
  let lastVersion = -1;
  posteriors.subscribe((state) => {
    const panel = state.panels[store.getState().route];
    if (panel.version === lastVersion) return;
    lastVersion = panel.version;
    if (!lab.getState().betaResting) return;
    if (panel.status === 'done' || panel.status === 'missing' || state.index.status !== 'loading') request();
  });
  // Traces are simulated when β rests, never per frame of a drag.
  loadObservedTraces();
  lab.subscribe((state, previous) => {
    loadObservedTraces();
    if (!getTaskInfo(state.taskId).traces) request();
    else if (state.betaResting && !previous.betaResting && posteriors.getState().panels[store.getState().route].status === 'done') request();
  });

  return store;
}

export type PredictiveStore = ReturnType<typeof createPredictiveStore>;

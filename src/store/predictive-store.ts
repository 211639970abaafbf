import { createStore } from 'zustand/vanilla';
import { getTask } from '../benchmarks/registry';
import type { LabResponse, ModelSource, PosteriorPredictiveRequest } from '../protocol/messages';
import type { LabStore } from './lab-store';
import { selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import type { PosteriorStore } from './posterior-store';
import { sampleBuffers } from './sample-buffers';
import { observationValues } from './selection';
import type { PanelRoute } from './shipped-models';

/** The β values of the paper's Figure 2 (marginals overlaid), within Hodgkin–Huxley's domain [0.1, 2]. */
export const FIGURE_2_BETAS: readonly number[] = [0.1, 1, 2];

export interface PredictiveState {
  /** `off`: the task has no traces; `missing`: the chosen route has no model. */
  readonly status: 'off' | 'missing' | 'waiting' | 'running' | 'done' | 'error';
  /** The route whose q draws the traces and the fixed-β marginals. */
  readonly route: PanelRoute;
  /** Bumped when new traces (or fixed-β draws) land. */
  readonly version: number;
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
 * for the marginals overlay. Arrays go to sample-buffers; stale answers are dropped by run id.
 */
export function createPredictiveStore(lab: LabStore, posteriors: PosteriorStore, sourceFor: (route: PanelRoute) => ModelSource | null, channel: LatestRunChannel, options: PredictiveStoreOptions = DEFAULT_PREDICTIVE_OPTIONS) {
  let run: { runId: number; key: string; fixedKey: string } | null = null;

  const store = createStore<PredictiveState>()((set) => ({
    status: getTask(lab.getState().taskId).traces ? 'waiting' : 'off',
    route: 'b-nle',
    version: 0,
    beta: null,
    seconds: null,
    error: null,
    setRoute(route) {
      set({ route });
      request(true);
    },
  }));

  /** Sends a request for the current selection unless the latest one already covers it. */
  function request(force = false): void {
    const state = lab.getState();
    const task = getTask(state.taskId);
    const { route } = store.getState();
    if (!task.traces) {
      if (store.getState().status !== 'off') store.setState({ status: 'off' });
      return;
    }
    const source = sourceFor(route);
    if (!source) {
      sampleBuffers.setPredictive(null);
      store.setState({ status: posteriors.getState().index.status === 'loading' ? 'waiting' : 'missing', version: store.getState().version + 1 });
      return;
    }
    const x = [...observationValues(task, state.observation)];
    const sourceKey = JSON.stringify(source);
    const key = `${selectionKey(state)}|${route}|${sourceKey}`;
    const fixedKey = `${task.id}|${x.join(',')}|${route}|${sourceKey}`;
    if (!force && run?.key === key) return;
    const held = sampleBuffers.getFixedBeta();
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
      sampleBuffers.setPredictive({ key, taskId: response.taskId, route: response.route, beta: response.beta, traces: response.traces, numTraces: response.numTraces, traceDt: response.traceDt, statistics: response.statistics });
      if (response.fixedBetas.length > 0) sampleBuffers.setFixedBeta({ key: fixedKey, route: response.route, betas: response.fixedBetas, draws: response.fixedDraws, numDraws: response.numFixedDraws });
      store.setState({ status: 'done', version: store.getState().version + 1, beta: response.beta, seconds: response.seconds, error: null });
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
  lab.subscribe((state, previous) => {
    if (!getTask(state.taskId).traces) request();
    else if (state.betaResting && !previous.betaResting && posteriors.getState().panels[store.getState().route].status === 'done') request();
  });

  return store;
}

export type PredictiveStore = ReturnType<typeof createPredictiveStore>;

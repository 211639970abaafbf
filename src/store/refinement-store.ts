import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { committedRefinementShare } from './committed-results';
import type { LabResponse, ModelSource, PosteriorRefineRequest } from '../protocol/messages';
import type { LabStore } from './lab-store';
import { selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import { observationValues } from './selection';
import { PANEL_ROUTES, type PanelRoute, SHIPPED_MODELS_BUDGET } from './shipped-models';

/** One panel's refinement: off, or its latest refined draws and their weights' diagnostics. */
export interface RefinedPanelState {
  readonly on: boolean;
  /** `waiting`: on, but β moves (the ladder stays unrefined) or the panel has no shipped model yet. */
  readonly status: 'off' | 'waiting' | 'refining' | 'done' | 'error';
  /** The selection (task, x, seed, β) and model the held draws belong to. */
  readonly key: string | null;
  /** Bumped when refined draws land. */
  readonly version: number;
  readonly beta: number | null;
  readonly numDraws: number;
  readonly numProposals: number;
  /** The prior's share a of the proposals, and whether it is the one the committed refined results used. */
  readonly defensive: number;
  readonly defensiveFromResults: boolean;
  readonly ess: number | null;
  readonly essFraction: number | null;
  /** Pareto k̂ of the largest weights (null: too few proposals to judge). */
  readonly paretoK: number | null;
  readonly trustworthy: boolean;
  /** Whose likelihood weighted the proposals (e.g. "its two cross-fitted ratio classifiers"). */
  readonly scoreNetworks: string | null;
  readonly seconds: number | null;
  readonly error: string | null;
}

export interface RefinementState {
  readonly panels: Readonly<Record<PanelRoute, RefinedPanelState>>;
  setRefine(route: PanelRoute, on: boolean): void;
}

export interface RefinementStoreOptions {
  /** Refined draws per panel, and proposals per draw (M = k·n), and the prior's share a where no committed results name one. */
  readonly numDraws: number;
  readonly proposalsPerDraw: number;
  readonly defensive: number;
  /** The prior's share a the committed refined results of a shipped task × route used (null: none committed). */
  readonly committedShare: (taskId: string, route: PanelRoute) => number | null;
}

/**
 * 2 000 refined draws from 10 000 proposals (k = 5, half the command line's default: the page
 * refines at every rest of β, and 10 000 proposals cost about a second of the three networks on
 * wasm for Two Moons; the ESS, shown beside them, says whether that was enough). A shipped model
 * refines with the prior's share its committed refined results used (SLCP's: a = 0.2, without
 * which q's draws at small β are too narrow to propose from), else with q alone (a = 0).
 */
export const DEFAULT_REFINEMENT_OPTIONS: RefinementStoreOptions = {
  numDraws: 2000,
  proposalsPerDraw: 5,
  defensive: 0,
  committedShare: (taskId, route) => committedRefinementShare(taskId, route, SHIPPED_MODELS_BUDGET),
};

const OFF: RefinedPanelState = { on: false, status: 'off', key: null, version: 0, beta: null, numDraws: 0, numProposals: 0, defensive: 0, defensiveFromResults: false, ess: null, essFraction: null, paretoK: null, trustworthy: false, scoreNetworks: null, seconds: null, error: null };

/**
 * The panels' "refine" switches (issue 19): with a panel's switch on, each time β comes to rest
 * the posterior worker refines that route's draws at (x, β) by sampling–importance–resampling
 * with its learned likelihood, and the panel shows them with their ESS and Pareto k̂. While β
 * moves nothing is refined: the panels follow the slider along their unrefined ladders. The
 * draws are kept here (not in the state) by route, with the key of the selection they belong to.
 */
export function createRefinementStore(lab: LabStore, sourceFor: (route: PanelRoute) => ModelSource | null, channels: Readonly<Record<PanelRoute, LatestRunChannel>>, options: RefinementStoreOptions = DEFAULT_REFINEMENT_OPTIONS) {
  const runs: Partial<Record<PanelRoute, { runId: number; key: string }>> = {};
  const draws: Partial<Record<PanelRoute, { key: string; samples: Float64Array }>> = {};

  const store = createStore<RefinementState>()((set, get) => ({
    panels: { a: OFF, 'b-nle': OFF, 'b-nre': OFF },
    setRefine(route, on) {
      set({ panels: { ...get().panels, [route]: { ...OFF, on, status: on ? 'waiting' : 'off', version: get().panels[route].version + 1 } } });
      if (on) request(route);
      else {
        channels[route].cancel();
        delete runs[route];
        delete draws[route];
      }
    },
  }));

  const patch = (route: PanelRoute, fields: Partial<RefinedPanelState>) => store.setState({ panels: { ...store.getState().panels, [route]: { ...store.getState().panels[route], ...fields } } });

  /** The key of what a route's refined draws would be now: the selection and the model. */
  const keyFor = (route: PanelRoute, source: ModelSource) => `${selectionKey(lab.getState())}|${route}|${JSON.stringify(source)}`;

  /** Refines a route's draws for the current selection, unless β moves or they are already held or asked for. */
  function request(route: PanelRoute): void {
    const panel = store.getState().panels[route];
    const state = lab.getState();
    if (!panel.on) return;
    const source = sourceFor(route);
    if (!state.betaResting || state.observationMoving || !source) {
      if (panel.status !== 'waiting') patch(route, { status: 'waiting' });
      return;
    }
    const key = keyFor(route, source);
    if (runs[route]?.key === key || draws[route]?.key === key) return;
    const task = getTaskInfo(state.taskId);
    const x = [...observationValues(task, state.observation)];
    const committed = source.kind === 'shipped' ? options.committedShare(task.id, route) : null;
    const defensive = committed ?? options.defensive;
    const runId = channels[route].start(
      (id): PosteriorRefineRequest => ({ type: 'posterior-refine', runId: id, taskId: task.id, route, source, x, beta: state.beta, seed: state.seed, numDraws: options.numDraws, proposalsPerDraw: options.proposalsPerDraw, defensive }),
    );
    runs[route] = { runId, key };
    patch(route, { status: 'refining', defensive, defensiveFromResults: committed !== null, error: null });
  }

  for (const route of PANEL_ROUTES) {
    channels[route].onResponse((response: LabResponse) => {
      const run = runs[route];
      if (!run || response.runId !== run.runId) return;
      delete runs[route];
      if (response.type === 'error') return patch(route, { status: 'error', error: response.message });
      if (response.type !== 'posterior-refine-result') return;
      draws[route] = { key: run.key, samples: response.samples };
      patch(route, {
        status: 'done',
        key: run.key,
        version: store.getState().panels[route].version + 1,
        beta: response.beta,
        numDraws: response.numDraws,
        numProposals: response.numProposals,
        ess: response.ess,
        essFraction: response.essFraction,
        paretoK: response.paretoK,
        trustworthy: response.trustworthy,
        scoreNetworks: response.scoreNetworks,
        seconds: response.seconds,
        error: null,
      });
    });
  }

  // Refined when β comes to rest (or the observation, seed or task changes while it rests).
  lab.subscribe((state, previous) => {
    if (state.revision !== previous.revision) PANEL_ROUTES.forEach((route) => delete draws[route]); // Retry or a new seed: refine afresh
    else if (state.betaResting === previous.betaResting && selectionKey(state) === selectionKey(previous) && state.observationMoving === previous.observationMoving) return;
    for (const route of PANEL_ROUTES) request(route);
  });

  return {
    store,
    /**
     * Re-checks every route whose switch is on (e.g. once the shipped models' index has arrived).
     * Called on every posterior-store change, frames of a drag included: with every switch off it
     * returns at once.
     */
    refresh: () => {
      const panels = store.getState().panels;
      for (const route of PANEL_ROUTES) if (panels[route].on) request(route);
    },
    /** A route's refined draws [n, thetaDim] when they belong to the current selection and model; else null. */
    refinedDraws(route: PanelRoute): Float64Array | null {
      const source = sourceFor(route);
      const held = draws[route];
      return source && held && lab.getState().betaResting && held.key === keyFor(route, source) ? held.samples : null;
    },
  };
}

export type RefinementStoreHandle = ReturnType<typeof createRefinementStore>;

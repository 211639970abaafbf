import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { ladderPosition } from '../core/beta-ladder';
import { LruCache } from '../core/lru-cache';
import type { ModelCard } from '../nn/serialize';
import { BrowserModelRevisionSchema, type LabResponse, type ModelSource, type PosteriorSampleRequest, STORAGE_KEYS } from '../protocol/messages';
import { createBackendStore } from './backend-store';
export type { KeyValueStorage } from './stored-values';
import { type KeyValueStorage, readStored } from './stored-values';
import type { LabStore } from './lab-store';
import { observationKey, selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import { taskLadder } from './reference-store';
import { type AmortizedDisplay, amortizedDisplay, type ExactDraws, type RouteLadder } from './route-draws';

export type { AmortizedDisplay, ExactDraws, RouteLadder };
export { amortizedDisplay };
import { ObservationPreviews } from './observation-previews';
import { observationValues } from './selection';
import { PANEL_ROUTES, type PanelRoute, type ShippedModel, shippedModelUrl } from './shipped-models';
import { createTrainingStore } from './training-store';

/**
 * Where an amortized panel stands. `missing`: no model for this task and route (train one);
 * `moving`: β moves and the panel follows it along its β ladder; `sampling`: β rests and its
 * exact draws are on the way; `done`: they are shown.
 */
export type PanelStatus = 'off' | 'missing' | 'loading' | 'moving' | 'sampling' | 'done' | 'error';

export interface RoutePanelState {
  readonly status: PanelStatus;
  /** Bumped whenever new draws (exact or ladder) land, so the panel redraws. */
  readonly version: number;
  /** Exact draws at the resting β so far. */
  readonly numDraws: number;
  /** The β the exact draws belong to. */
  readonly beta: number | null;
  /** Ladder rungs arrived, of how many; seconds the ladder took so far. */
  readonly ladderDone: number;
  readonly ladderRungs: number;
  readonly ladderSeconds: number | null;
  /** True for a flow (the panel morphs between rungs); false for an MDN (it shows the nearest rung). */
  readonly continuous: boolean;
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
  readonly presentation: boolean;
  /**
   * Tensors the posterior worker keeps, from its latest report (any route): read it once every
   * panel has drawn — flat over a session, or something leaks.
   */
  readonly workerTensors: number | null;

  toggleRoute(route: PanelRoute): void;
  /** Goes back to the shipped model for a route (the browser-trained one stays saved). */
  useShippedModel(route: PanelRoute): void;
  setPresentation(on: boolean): void;
  /** Draws every enabled panel again for the current selection. */
  resample(): void;
}

/** The workers the posterior store talks to. */
export interface PosteriorChannels {
  /** Exact draws at a resting β, one latest-wins channel per route. */
  readonly samples: Readonly<Record<PanelRoute, LatestRunChannel>>;
  /** β ladders, one latest-wins channel per route (a ladder never waits on exact draws, nor they on it). */
  readonly ladders: Readonly<Record<PanelRoute, LatestRunChannel>>;
  readonly backend: LatestRunChannel;
  readonly training: LatestRunChannel;
}


export interface PosteriorStoreOptions {
  /** Draws per panel at a resting β, in two requests: `firstDraws` (the ladder's own rung size, from its seed), then the rest. */
  readonly numDraws: number;
  readonly firstDraws: number;
  /** Completed ladders kept (route × observation × model), least recently used out. */
  readonly ladderCacheSize?: number;
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

const browserModelKey = STORAGE_KEYS.browserModel;

/** The card to keep: the one held when the new one describes the same model (so nothing that reads it re-renders). */
function sameCard(held: ModelCard | null, arrived: ModelCard): ModelCard {
  return held && held.task === arrived.task && held.route === arrived.route && held.createdAt === arrived.createdAt && held.commit === arrived.commit ? held : arrived;
}

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
  ladderDone: 0,
  ladderRungs: 0,
  ladderSeconds: null,
  continuous: true,
});

/**
 * The amortized panels' store (zustand, no React): one q(θ | x, β) per route answers every
 * selection of the lab store in one forward pass in the posterior worker. Models come from
 * public/models (listed by index.json) or from this browser's IndexedDB after "train in this
 * browser"; arrays go to sample-buffers, the store keeps metadata.
 */
export function createPosteriorStore(lab: LabStore, channels: PosteriorChannels, options: PosteriorStoreOptions) {
  /** Each route's latest exact request: its selection, and the first draws while the rest are drawn. */
  const runs: Partial<Record<PanelRoute, { runId: number; key: string; taskId: string; beta: number; request: PosteriorSampleRequest; first: Float64Array | null }>> = {};
  /** Each route's latest ladder request. */
  const ladderRuns: Partial<Record<PanelRoute, { runId: number; started: number }>> = {};
  /** The arrays the panels draw: per route its ladder and exact draws (the state keeps versions). */
  const draws: Record<PanelRoute, { ladder: RouteLadder | null; exact: ExactDraws | null }> = { a: { ladder: null, exact: null }, 'b-nle': { ladder: null, exact: null }, 'b-nre': { ladder: null, exact: null } };
  const completeLadders = new LruCache<string, RouteLadder>(options.ladderCacheSize ?? 12);
  const previews = new ObservationPreviews();
  /** Routes whose exact draws wait for their ladder's focus rung (it is the first 1 000 exact draws at a rung). */
  const awaitingRung = new Set<PanelRoute>();
  const sourceKeyOf = (source: ModelSource) => (source.kind === 'shipped' ? source.url : `${source.key}@${source.revision}`);
  /** A stored value that failed its schema: said in a note (it is removed and the default used). */
  const reportStored = (message: string, key: string) => lab.getState().showNote(`stored:${key}`, message);
  /** Browser-model revisions by storage key, read once: `sourceFor` runs every frame of a drag. */
  const revisions = new Map<string, string | null>();
  const readRevision = (taskId: string, route: PanelRoute) => {
    const key = browserModelKey(taskId, route);
    if (!revisions.has(key)) revisions.set(key, readStored(options.storage, key, BrowserModelRevisionSchema, { json: false, report: reportStored }));
    return revisions.get(key)!;
  };

  /** The model a panel uses for the current task, or null when there is none (or the index is not read yet). */
  function sourceFor(route: PanelRoute): ModelSource | null {
    const taskId = lab.getState().taskId;
    const state = store.getState();
    const revision = readRevision(taskId, route);
    if (revision !== null && state.panels[route].source === 'browser') return { kind: 'browser', key: `${taskId}/${route}`, revision };
    const shipped = state.index.models.some((model) => model.task === taskId && model.route === route);
    return shipped ? { kind: 'shipped', url: shippedModelUrl(options.baseUrl, taskId, route) } : null;
  }

  /** While the observation is dragged: draws at the current β only (`ObservationPreviews`). */
  function requestPreview(route: PanelRoute): void {
    if (!store.getState().enabled[route]) return;
    const source = sourceFor(route);
    if (!source) return;
    previews.request(route, () => {
      const state = lab.getState();
      const task = getTaskInfo(state.taskId);
      const x = [...observationValues(task, state.observation)];
      // Dropped from the exact draws' bookkeeping: their answer is a preview's.
      delete runs[route];
      return channels.samples[route].start((id) => ({ type: 'posterior-sample', runId: id, taskId: task.id, route, source, x, beta: state.beta, numDraws: options.firstDraws, seed: state.seed }));
    });
  }

  /** Brings a route's panel up to date with the lab's selection (set inside the store, where set/get live). */
  let requestDraws: (route: PanelRoute, newObservation: boolean) => void = () => undefined;

  const store = createStore<PosteriorState>()((set, get) => {
    const setPanel = (route: PanelRoute, patch: Partial<RoutePanelState>) => set({ panels: { ...get().panels, [route]: { ...get().panels[route], ...patch } } });

    /**
     * Brings a route up to date with the lab's selection: its β ladder for the (task, x, seed,
     * model) — from the cache when it was built before — and, when β rests, its exact draws at β.
     */
    requestDraws = (route: PanelRoute, newObservation: boolean) => {
      if (!get().enabled[route]) return setPanel(route, { status: 'off' });
      if (get().index.status === 'loading') return;
      const source = sourceFor(route);
      const state = lab.getState();
      const task = getTaskInfo(state.taskId);
      if (!source) {
        draws[route] = { ladder: null, exact: null };
        // An unreadable index is not "no model": say so, with why.
        const index = get().index;
        const error = index.status === 'error' ? `The shipped models could not be listed, so this panel has no model: ${index.error}` : null;
        return setPanel(route, { status: error ? 'error' : 'missing', card: null, error, version: get().panels[route].version + 1 });
      }
      const x = [...observationValues(task, state.observation)];
      const ladderKey = `${route}|${observationKey(state)}|${sourceKeyOf(source)}`;
      if (newObservation || draws[route].ladder?.key !== ladderKey) {
        const cached = completeLadders.get(ladderKey);
        if (cached) {
          channels.ladders[route].cancel();
          draws[route].ladder = cached;
          setPanel(route, { version: get().panels[route].version + 1, ladderDone: cached.numDone, ladderRungs: cached.betas.length, continuous: cached.continuous });
        } else {
          const betas = taskLadder(task.id);
          draws[route].ladder = { key: ladderKey, betas, focusBeta: state.beta, rungs: betas.map(() => null), continuous: true, numDone: 0 };
          const runId = channels.ladders[route].start((id) => ({ type: 'posterior-ladder', runId: id, taskId: task.id, route, source, x, seed: state.seed, betas, focusBeta: state.beta, numDraws: options.firstDraws }));
          ladderRuns[route] = { runId, started: performance.now() };
          setPanel(route, { ladderDone: 0, ladderRungs: betas.length, ladderSeconds: null, status: get().panels[route].card ? get().panels[route].status : 'loading', error: null });
        }
      }
      if (!state.betaResting) {
        if (get().panels[route].status !== 'loading' && get().panels[route].status !== 'error') setPanel(route, { status: 'moving' });
        return;
      }
      const key = `${selectionKey(state)}|${sourceKeyOf(source)}`;
      const exact = draws[route].exact;
      if (exact?.key === key && exact.numDraws >= options.numDraws && runs[route]?.key === key) return setPanel(route, { status: 'done' });
      const request: PosteriorSampleRequest = { type: 'posterior-sample', runId: 0, taskId: task.id, route, source, x, beta: state.beta, numDraws: Math.min(options.firstDraws, options.numDraws), seed: state.seed };
      // At a rung, the ladder's draws are the first exact draws already (same base noise): ask for the rest only.
      const ladder = draws[route].ladder;
      const position = ladder ? ladderPosition(ladder.betas, state.beta) : null;
      const rung = ladder && position?.onRung ? ladder.rungs[position.nearest] : null;
      awaitingRung.delete(route);
      if (ladder && position?.onRung && !rung && ladder.continuous && ladder.numDone === 0 && ladder.focusBeta === state.beta) {
        // The ladder starts at this rung (its focus): wait for it rather than draw the same draws twice.
        awaitingRung.add(route);
        return setPanel(route, { status: get().panels[route].card ? 'sampling' : 'loading', error: null });
      }
      if (rung && ladder!.continuous) {
        const numFirst = rung.length / task.thetaDim;
        draws[route].exact = { key, beta: state.beta, samples: rung, numDraws: numFirst };
        if (options.numDraws <= numFirst) {
          channels.samples[route].cancel();
          runs[route] = { runId: -1, key, taskId: task.id, beta: state.beta, request, first: rung };
          return setPanel(route, { status: 'done', numDraws: numFirst, beta: state.beta, version: get().panels[route].version + 1, error: null });
        }
        const rest = { ...request, numDraws: options.numDraws - numFirst, seed: state.seed + SECOND_PART_SEED_OFFSET };
        const runId = channels.samples[route].start((id) => ({ ...rest, runId: id }));
        runs[route] = { runId, key, taskId: task.id, beta: state.beta, request: rest, first: rung };
        return setPanel(route, { status: 'sampling', numDraws: numFirst, beta: state.beta, version: get().panels[route].version + 1, error: null });
      }
      const runId = channels.samples[route].start((id) => ({ ...request, runId: id }));
      runs[route] = { runId, key, taskId: task.id, beta: state.beta, request, first: null };
      setPanel(route, { status: get().panels[route].card ? 'sampling' : 'loading', error: null });
    };

    return {
      index: { status: 'loading', models: [], error: null },
      panels: { a: idlePanel('loading'), 'b-nle': idlePanel('loading'), 'b-nre': idlePanel('loading') },
      enabled: { a: true, 'b-nle': true, 'b-nre': true },
      presentation: false,
      workerTensors: null,

      toggleRoute(route) {
        set({ enabled: { ...get().enabled, [route]: !get().enabled[route] } });
        requestDraws(route, false);
      },

      useShippedModel(route) {
        setPanel(route, { source: 'shipped', card: null });
        requestDraws(route, true);
      },

      setPresentation(on) {
        set({ presentation: on });
      },

      resample() {
        PANEL_ROUTES.forEach((route) => requestDraws(route, true));
      },
    };
  });

  const restoreSources = () => {
    const taskId = lab.getState().taskId;
    const panels = { ...store.getState().panels };
    for (const route of PANEL_ROUTES) {
      const browser = readRevision(taskId, route) !== null;
      panels[route] = { ...panels[route], source: browser ? 'browser' : 'shipped', card: null };
    }
    store.setState({ panels });
  };

  /** Replaces a panel's fields (and, with `state`, other fields of the store) in one update. */
  const patchPanel = (route: PanelRoute, patch: Partial<RoutePanelState>, state: Partial<PosteriorState> = {}) =>
    store.setState({ ...state, panels: { ...store.getState().panels, [route]: { ...store.getState().panels[route], ...patch } } });

  for (const route of PANEL_ROUTES) {
    channels.samples[route].onResponse((response: LabResponse) => {
      const run = runs[route];
      const panel = store.getState().panels[route];
      const preview = previews.settle(route, response);
      if (preview) {
        if (response.type === 'posterior-sample-result') patchPanel(route, { status: 'moving', version: panel.version + 1, card: sameCard(panel.card, response.card), error: null });
        else if (response.type === 'error') patchPanel(route, { status: 'error', error: response.message });
        if (preview.due && lab.getState().observationMoving) requestPreview(route);
        return;
      }
      if (response.type === 'error') {
        patchPanel(route, { status: 'error', error: response.message });
      } else if (response.type === 'posterior-sample-result' && run && response.runId === run.runId) {
        // First draws: show them, and ask for the rest (a second seed, so the two parts are independent).
        const width = response.samples.length / response.numDraws;
        const samples = run.first ? concat(run.first, response.samples) : response.samples;
        const numDraws = samples.length / width;
        const rest = options.numDraws - numDraws;
        const complete = run.first !== null || rest <= 0;
        draws[route].exact = { key: run.key, beta: run.beta, samples, numDraws };
        if (!complete) {
          const next = { ...run.request, numDraws: rest, seed: run.request.seed + SECOND_PART_SEED_OFFSET };
          const runId = channels.samples[route].start((id) => ({ ...next, runId: id }));
          runs[route] = { ...run, runId, first: samples };
        }
        const resting = lab.getState().betaResting;
        patchPanel(
          route,
          {
            status: !resting ? 'moving' : complete ? 'done' : 'sampling',
            version: panel.version + 1,
            numDraws,
            beta: response.beta,
            seconds: response.seconds,
            card: sameCard(panel.card, response.card),
            backend: response.backend,
            numTensors: response.numTensors,
            error: null,
          },
          { workerTensors: response.numTensors },
        );
      }
    });

    channels.ladders[route].onResponse((response: LabResponse) => {
      const panel = store.getState().panels[route];
      const ladder = draws[route].ladder;
      if (response.type === 'error') {
        patchPanel(route, { status: 'error', error: response.message });
      } else if (response.type === 'posterior-ladder-result' && ladder && response.runId === ladderRuns[route]?.runId) {
        const size = response.samples.length / response.rungs.length;
        response.rungs.forEach((rung, i) => (ladder.rungs[rung] = response.samples.subarray(i * size, (i + 1) * size)));
        ladder.continuous = response.continuous;
        ladder.numDone = response.numDone;
        if (ladder.numDone === ladder.betas.length) completeLadders.set(ladder.key, ladder);
        const resting = lab.getState().betaResting;
        // Redraw only when the batch holds a rung the panel shows now (β's neighbours), or its first one.
        const position = ladderPosition(ladder.betas, lab.getState().beta);
        const shown = response.numDone === response.rungs.length || response.rungs.some((rung) => rung === position.lower || rung === position.upper || rung === position.nearest);
        patchPanel(
          route,
          {
            status: panel.status === 'loading' || panel.status === 'error' ? (resting ? 'sampling' : 'moving') : panel.status,
            version: shown ? panel.version + 1 : panel.version,
            ladderDone: response.numDone,
            ladderRungs: response.betas.length,
            ladderSeconds: (performance.now() - (ladderRuns[route]?.started ?? performance.now())) / 1000,
            continuous: response.continuous,
            card: sameCard(panel.card, response.card),
            backend: response.backend,
            numTensors: response.numTensors,
            error: null,
          },
          { workerTensors: response.numTensors },
        );
        if (awaitingRung.has(route)) requestDraws(route, false);
      }
    });
  }

  const backend = createBackendStore(channels.backend, options.storage, { onOverride: () => store.getState().resample(), reportStored });
  const training = createTrainingStore(lab, channels.training, options.storage, {
    shippedCard: (taskId, route) => store.getState().index.models.find((model) => model.task === taskId && model.route === route)?.card,
    onTrained(taskId, route, revision) {
      revisions.set(browserModelKey(taskId, route), revision);
      if (taskId !== lab.getState().taskId) return;
      patchPanel(route, { source: 'browser', card: null });
      store.getState().resample();
    },
  });

  // A new observation (or seed, task, retry) rebuilds the ladders; a resting β asks for exact
  // draws; a moving β sends nothing (the panels morph along their ladders). A task change also
  // resets which model each panel uses.
  let last = { observation: observationKey(lab.getState()), revision: lab.getState().revision, key: selectionKey(lab.getState()), resting: lab.getState().betaResting };
  let lastTask = lab.getState().taskId;
  lab.subscribe((state) => {
    if (state.observationMoving) {
      for (const route of PANEL_ROUTES) requestPreview(route);
      return;
    }
    previews.clear();
    const now = { observation: observationKey(state), revision: state.revision, key: selectionKey(state), resting: state.betaResting };
    const newObservation = now.observation !== last.observation || now.revision !== last.revision;
    if (!newObservation && now.key === last.key && now.resting === last.resting) return;
    last = now;
    if (state.taskId !== lastTask) {
      lastTask = state.taskId;
      restoreSources();
    }
    for (const route of PANEL_ROUTES) requestDraws(route, newObservation);
  });

  return {
    store,
    sourceFor,
    /** What route's panel draws at `beta` for the lab's current selection (recomputed per frame: an interpolation at most). */
    display(route: PanelRoute, beta: number): AmortizedDisplay {
      const state = lab.getState();
      const preview = previews.shown(route);
      if (state.observationMoving && preview) return { samples: preview.samples, beta: preview.beta, kind: 'exact' };
      const source = sourceFor(route);
      const exactKey = source ? `${selectionKey({ ...state, beta })}|${sourceKeyOf(source)}` : '';
      const ladder = draws[route].ladder;
      const ladderKey = source ? `${route}|${observationKey(state)}|${sourceKeyOf(source)}` : '';
      return amortizedDisplay(ladder?.key === ladderKey ? ladder : null, draws[route].exact, exactKey, beta);
    },
    /** Hands the store the shipped-models index (or why it could not be read) and the entries it dropped, then draws. */
    setIndex(models: readonly ShippedModel[] | Error, problems: readonly string[] = []) {
      store.setState({ index: models instanceof Error ? { status: 'error', models: [], error: models.message } : { status: 'ready', models, error: null } });
      if (models instanceof Error) lab.getState().showNote('models-index', `The shipped models could not be listed: ${models.message}`);
      else if (problems.length > 0) lab.getState().showNote('models-index', `Skipped ${problems.length} malformed entr${problems.length === 1 ? 'y' : 'ies'} of the shipped models' index: ${problems.join('; ')}`);
      restoreSources();
      store.getState().resample();
    },
    /** Which backend the posterior worker runs on (its own store). */
    backend,
    /** "Train in this browser" (its own store). */
    training,
  };
}

export type PosteriorStoreHandle = ReturnType<typeof createPosteriorStore>;
export type PosteriorStore = PosteriorStoreHandle['store'];

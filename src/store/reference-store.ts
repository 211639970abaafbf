import { createStore } from 'zustand/vanilla';
import { EVALUATION_BETAS } from '../core/evaluation-grid';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { betaLadder, ladderPosition } from '../core/beta-ladder';
import { LruCache } from '../core/lru-cache';
import type { LabResponse } from '../protocol/messages';
import type { GridView, ReferenceDiagnostics } from '../protocol/payloads';
import { type LabStore, observationKey, selectionKey } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import { observationValues } from './selection';

/** Where the reference sampler's run for the current β stands. `waiting`: β moves (the run starts when it rests). */
export type ReferenceStatus = 'idle' | 'waiting' | 'streaming' | 'done' | 'cancelled' | 'error';

/** How far the β ladder of the reference panel is (grid rungs, or SLCP's one parallel-tempering run). */
export interface ReferenceLadderState {
  readonly kind: 'grid' | 'tempering' | 'none';
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly numDone: number;
  readonly numRungs: number;
  /** Fraction of a tempering run done (1 per rung for grids). */
  readonly progress: number;
  readonly error: string | null;
}

export interface ReferenceState {
  readonly run: {
    readonly status: ReferenceStatus;
    /** The β of the run (the current one, or the last that ran). */
    readonly beta: number | null;
    readonly numKept: number;
    readonly progress: number;
    readonly diagnostics: ReferenceDiagnostics | null;
    readonly seconds: number | null;
    readonly error: string | null;
  };
  readonly ladder: ReferenceLadderState;
  readonly exactGrid: { readonly status: 'idle' | 'running' | 'done' | 'error'; readonly error: string | null };
  /** Bumped whenever any array the panels draw changes. */
  readonly version: number;
  cancel(): void;
}

/** A finished (or streaming) run of the task's reference sampler at one β. */
export interface SamplerDraws {
  readonly key: string;
  readonly beta: number;
  /** [numKept, thetaDim] */
  readonly samples: Float64Array;
  readonly numKept: number;
  readonly diagnostics: ReferenceDiagnostics | null;
}

/** The reference store's arrays (outside zustand state: the state keeps versions). */
export interface ReferenceBuffers {
  /** What the ladder belongs to (`observationKey`), its rungs, and per rung a view and draws (grid tasks). */
  readonly ladder: {
    key: string;
    betas: readonly number[];
    views: (GridView | null)[];
    /** Per rung [numKept, thetaDim] (grid draws, or a tempering rung's kept draws), null until it arrives. */
    draws: (Float64Array | null)[];
    /** Draws per rung so far (tempering: grows as the run goes). */
    numKept: number;
  };
  /** The exact grid at the resting β (`selectionKey`). */
  exactGrid: { key: string; beta: number; view: GridView; draws: Float64Array } | null;
  /** The current run's draws while it streams. */
  streaming: SamplerDraws | null;
  /** Finished runs by `selectionKey` (least recently used out). */
  readonly finished: LruCache<string, SamplerDraws>;
}

/** What the reference panel shows at a β: whose draws, at which β, and what to call them. */
export interface ReferenceDisplay {
  /** [n, thetaDim]; empty when there is nothing yet */
  readonly samples: Float64Array;
  /** The β the draws belong to (a rung's β when it is the nearest ladder step). */
  readonly beta: number | null;
  readonly kind: 'sampler' | 'streaming' | 'grid' | 'grid-rung' | 'tempering-rung' | 'none';
  /** The contours and marginals to draw (the exact grid at β, or the nearest rung's), if any. */
  readonly view: GridView | null;
}

export interface ReferenceChannels {
  /** Exact grid at one β and the grid ladder: the lab worker that caches the likelihood grid. */
  readonly grid: LatestRunChannel;
  readonly gridLadder: LatestRunChannel;
  /** The reference sampler at one resting β. */
  readonly reference: LatestRunChannel;
  /** SLCP's ladder run (its own worker, so a resting β's run never stops it). */
  readonly referenceLadder: LatestRunChannel;
}

export interface ReferenceStoreOptions {
  /** Draws of the sampler's run at a resting β. */
  readonly referenceDraws: number;
  /** Exact grid draws per rung and at a resting β; tempering draws kept per rung. */
  readonly ladderDraws: number;
  /** Finished runs kept (by task, x, β, seed). */
  readonly cacheSize: number;
  /**
   * The sampler's run at a resting β starts this long after the rest (ms): on two cores the
   * amortized panels' exact draws and the exact grid come first, and the grid draws show at once.
   */
  readonly samplerDelayMs: number;
}

export const DEFAULT_REFERENCE_OPTIONS: ReferenceStoreOptions = { referenceDraws: 10_000, ladderDraws: 1000, cacheSize: 32, samplerDelayMs: 300 };

/** The page's β ladder of a task: 33 log-spaced rungs over its domain with 𝒢 and 1. */
export function taskLadder(taskId: string): number[] {
  return betaLadder(getTaskInfo(taskId).betaDomain, EVALUATION_BETAS);
}

/** Ladder rungs that have arrived, nearest `beta` in log β first. */
function arrivedRungs(ladder: ReferenceBuffers['ladder'], beta: number, has: (k: number) => boolean): number | null {
  let best: number | null = null;
  ladder.betas.forEach((rungBeta, k) => {
    if (has(k) && (best === null || Math.abs(Math.log(rungBeta / beta)) < Math.abs(Math.log(ladder.betas[best]! / beta)))) best = k;
  });
  return best;
}

/** The exact contours and marginals to draw at `beta`: the grid at β once it rests, else the nearest rung's that has arrived. */
export function referenceView(buffers: ReferenceBuffers, key: string, observation: string, beta: number): GridView | null {
  if (buffers.exactGrid?.key === key) return buffers.exactGrid.view;
  const ladder = buffers.ladder;
  if (ladder.key !== observation) return null;
  const rung = arrivedRungs(ladder, beta, (k) => ladder.views[k] !== null && ladder.views[k] !== undefined);
  return rung === null ? null : ladder.views[rung]!;
}

/**
 * What the reference panel draws at `beta`: the sampler's finished run at β if there is one,
 * else the exact grid draws at β (once β rests), else the nearest ladder rung's draws (exact grid
 * draws, or the tempering run's chain at that rung), else the sampler's streaming draws.
 */
export function referenceDisplay(buffers: ReferenceBuffers, key: string, observation: string, beta: number): ReferenceDisplay {
  const view = referenceView(buffers, key, observation, beta);
  const finished = buffers.finished.get(key);
  if (finished) return { samples: finished.samples, beta: finished.beta, kind: 'sampler', view };
  const exact = buffers.exactGrid?.key === key ? buffers.exactGrid : null;
  if (exact && exact.draws.length > 0) return { samples: exact.draws, beta: exact.beta, kind: 'grid', view };
  const ladder = buffers.ladder;
  const rung = ladder.key === observation ? arrivedRungs(ladder, beta, (k) => (ladder.draws[k]?.length ?? 0) > 0) : null;
  if (rung !== null) return { samples: ladder.draws[rung]!, beta: ladder.betas[rung]!, kind: ladder.views.some(Boolean) ? 'grid-rung' : 'tempering-rung', view };
  const streaming = buffers.streaming?.key === key ? buffers.streaming : null;
  if (streaming && streaming.numKept > 0) return { samples: streaming.samples, beta: streaming.beta, kind: 'streaming', view };
  return { samples: new Float64Array(0), beta: null, kind: 'none', view };
}

/**
 * The reference panel's store (zustand, no React): follows the lab's selection. Per (task, x,
 * seed) it builds the panel's β ladder once — exact grid contours and draws at every rung (2-D
 * and 3-D θ), or one parallel-tempering run keeping every rung's chain (SLCP) — so a dragged β
 * is drawn from the nearest rung at once. When β rests it asks for the exact grid at β and runs
 * the task's reference sampler, unless a finished run for (task, x, β, seed) is cached (or, on
 * SLCP, β is a rung of the ladder run, whose chain there is already a reference). A β that moves
 * again cancels the resting run.
 */
export function createReferenceStore(lab: LabStore, channels: ReferenceChannels, options: ReferenceStoreOptions = DEFAULT_REFERENCE_OPTIONS) {
  const buffers: ReferenceBuffers = {
    ladder: { key: '', betas: [], views: [], draws: [], numKept: 0 },
    exactGrid: null,
    streaming: null,
    finished: new LruCache(options.cacheSize),
  };
  /** What the latest runs were started for (responses carry only a run id). */
  let referenceRun = { runId: -1, key: '', beta: 0 };
  let samplerTimer: ReturnType<typeof setTimeout> | null = null;
  const clearSamplerTimer = () => {
    if (samplerTimer !== null) clearTimeout(samplerTimer);
    samplerTimer = null;
  };
  let gridRun = { runId: -1, key: '', beta: 0 };

  const store = createStore<ReferenceState>()((set, get) => ({
    run: { status: 'idle', beta: null, numKept: 0, progress: 0, diagnostics: null, seconds: null, error: null },
    ladder: { kind: 'none', status: 'idle', numDone: 0, numRungs: 0, progress: 0, error: null },
    exactGrid: { status: 'idle', error: null },
    version: 0,
    cancel() {
      // A run still waiting to start is stopped here; a running one when the worker confirms.
      if (samplerTimer !== null || get().run.status === 'waiting') {
        clearSamplerTimer();
        set({ run: { ...get().run, status: 'cancelled' } });
      }
      channels.reference.cancel();
    },
  }));
  const bump = () => store.setState({ version: store.getState().version + 1 });

  /** Starts the ladder of the current (task, x, seed). */
  function startLadder(): void {
    const state = lab.getState();
    const task = getTaskInfo(state.taskId);
    const key = observationKey(state);
    const x = [...observationValues(task, state.observation)];
    channels.gridLadder.cancel();
    channels.referenceLadder.cancel();
    buffers.exactGrid = null;
    if (!task.hasLikelihood) {
      Object.assign(buffers.ladder, { key, betas: [], views: [], draws: [], numKept: 0 });
      store.setState({ ladder: { kind: 'none', status: 'idle', numDone: 0, numRungs: 0, progress: 0, error: null } });
      return bump();
    }
    const betas = taskLadder(task.id);
    Object.assign(buffers.ladder, { key, betas, views: betas.map(() => null), draws: betas.map(() => null), numKept: 0 });
    const kind = task.thetaDim <= 3 ? 'grid' : 'tempering';
    if (kind === 'grid') {
      channels.gridLadder.start((runId) => ({ type: 'grid-ladder', runId, taskId: task.id, x, betas, focusBeta: state.beta, numDraws: options.ladderDraws, seed: state.seed }));
    } else {
      channels.referenceLadder.start((runId) => ({ type: 'reference-ladder', runId, taskId: task.id, x, betas, numDraws: options.ladderDraws * 4, seed: state.seed }));
    }
    store.setState({ ladder: { kind, status: 'running', numDone: 0, numRungs: betas.length, progress: 0, error: null } });
    bump();
  }

  /** At a resting β: the exact grid at β, and the sampler's run unless one already answers it. */
  function startResting(): void {
    clearSamplerTimer();
    const state = lab.getState();
    const task = getTaskInfo(state.taskId);
    if (!task.hasLikelihood) return;
    const key = selectionKey(state);
    const x = [...observationValues(task, state.observation)];
    if (task.thetaDim <= 3 && buffers.exactGrid?.key !== key) {
      const runId = channels.grid.start((id) => ({ type: 'grid', runId: id, taskId: task.id, x, beta: state.beta, numDraws: options.ladderDraws, seed: state.seed }));
      gridRun = { runId, key, beta: state.beta };
      store.setState({ exactGrid: { status: 'running', error: null } });
    }
    const finished = buffers.finished.get(key);
    if (finished) {
      channels.reference.cancel();
      store.setState({ run: { status: 'done', beta: finished.beta, numKept: finished.numKept, progress: 1, diagnostics: finished.diagnostics, seconds: finished.diagnostics?.seconds ?? null, error: null } });
      return bump();
    }
    // SLCP: a rung of the ladder run is a reference at that β already.
    const onRung = buffers.ladder.betas.length > 0 && ladderPosition(buffers.ladder.betas, state.beta).onRung;
    if (store.getState().ladder.kind === 'tempering' && onRung && store.getState().ladder.status !== 'error') {
      channels.reference.cancel();
      store.setState({ run: { ...store.getState().run, status: 'idle', beta: state.beta, error: null } });
      return bump();
    }
    const startSampler = () => {
      samplerTimer = null;
      const runId = channels.reference.start((id) => ({ type: 'reference', runId: id, taskId: task.id, x, beta: state.beta, numDraws: options.referenceDraws, seed: state.seed }));
      referenceRun = { runId, key, beta: state.beta };
      buffers.streaming = null;
    };
    channels.reference.cancel();
    clearSamplerTimer();
    if (options.samplerDelayMs > 0) samplerTimer = setTimeout(startSampler, options.samplerDelayMs);
    else startSampler();
    store.setState({ run: { status: 'streaming', beta: state.beta, numKept: 0, progress: 0, diagnostics: null, seconds: null, error: null } });
  }

  /** β moved: a resting run of another β is not worth a core while the hand moves. */
  function startMoving(): void {
    clearSamplerTimer();
    channels.reference.cancel();
    channels.grid.cancel();
    if (store.getState().run.status !== 'error') store.setState({ run: { ...store.getState().run, status: 'waiting' } });
  }

  channels.gridLadder.onResponse((response: LabResponse) => {
    if (response.type === 'error') store.setState({ ladder: { ...store.getState().ladder, status: 'error', error: response.message } });
    else if (response.type === 'grid-ladder-result' && response.taskId === lab.getState().taskId) {
      buffers.ladder.views[response.rung] = response.view;
      buffers.ladder.draws[response.rung] = response.draws;
      buffers.ladder.numKept = response.numDraws;
      const done = response.numDone === response.betas.length;
      store.setState({ ladder: { ...store.getState().ladder, status: done ? 'done' : 'running', numDone: response.numDone, progress: response.numDone / response.betas.length } });
      bump();
    }
  });

  channels.referenceLadder.onResponse((response: LabResponse) => {
    if (response.type === 'error') store.setState({ ladder: { ...store.getState().ladder, status: 'error', error: response.message } });
    else if (response.type === 'reference-ladder-progress' && response.taskId === lab.getState().taskId) {
      const size = response.numKept * getTaskInfo(response.taskId).thetaDim;
      buffers.ladder.draws = response.betas.map((_, k) => response.samples.subarray(k * size, (k + 1) * size));
      buffers.ladder.numKept = response.numKept;
      const ladder = store.getState().ladder;
      store.setState({ ladder: { ...ladder, status: response.isFinal ? 'done' : 'running', numDone: response.isFinal ? response.betas.length : 0, progress: response.progress } });
      if (response.isFinal && response.diagnostics) {
        // Keep the β = 1 rung as a finished run, with the run's diagnostics.
        const beta = response.betas.includes(1) ? 1 : response.betas.at(-1)!;
        const k = response.betas.indexOf(beta);
        const key = `${buffers.ladder.key}|${beta}`;
        buffers.finished.set(key, { key, beta, samples: buffers.ladder.draws[k]!, numKept: response.numKept, diagnostics: response.diagnostics });
      }
      bump();
    }
  });

  channels.grid.onResponse((response: LabResponse) => {
    if (response.type === 'error') store.setState({ exactGrid: { status: 'error', error: response.message } });
    else if (response.type === 'grid-result' && response.runId === gridRun.runId) {
      buffers.exactGrid = { key: gridRun.key, beta: gridRun.beta, view: response.view, draws: response.draws };
      store.setState({ exactGrid: { status: 'done', error: null } });
      bump();
    }
  });

  channels.reference.onResponse((response: LabResponse) => {
    const previous = store.getState().run;
    if (response.type === 'error') store.setState({ run: { ...previous, status: 'error', error: response.message } });
    else if (response.type === 'cancelled') {
      if (previous.status === 'streaming') store.setState({ run: { ...previous, status: 'cancelled' } });
    } else if (response.type === 'reference-progress' && response.runId === referenceRun.runId) {
      const draws: SamplerDraws = { key: referenceRun.key, beta: referenceRun.beta, samples: response.samples, numKept: response.numKept, diagnostics: response.diagnostics };
      if (response.isFinal) {
        buffers.finished.set(referenceRun.key, draws);
        buffers.streaming = null;
      } else buffers.streaming = draws;
      const current = referenceRun.key === selectionKey(lab.getState());
      store.setState({
        run: {
          status: current ? (response.isFinal ? 'done' : 'streaming') : 'waiting',
          beta: referenceRun.beta,
          numKept: response.numKept,
          progress: response.progress,
          diagnostics: response.diagnostics,
          seconds: response.seconds,
          error: null,
        },
      });
      bump();
    }
  });

  let last = { observation: observationKey(lab.getState()), revision: lab.getState().revision, key: selectionKey(lab.getState()), resting: lab.getState().betaResting };
  const follow = () => {
    const state = lab.getState();
    if (state.observationMoving) {
      // A new likelihood grid per dragged x would cost a core for a second each: the reference follows when the drag ends.
      clearSamplerTimer();
      channels.reference.cancel();
      channels.grid.cancel();
      channels.gridLadder.cancel();
      if (store.getState().run.status !== 'waiting') store.setState({ run: { ...store.getState().run, status: 'waiting' } });
      return;
    }
    const now = { observation: observationKey(state), revision: state.revision, key: selectionKey(state), resting: state.betaResting };
    const newObservation = now.observation !== last.observation || now.revision !== last.revision;
    const changed = newObservation || now.key !== last.key || now.resting !== last.resting;
    const previous = last;
    last = now;
    if (!changed) return;
    if (newObservation) {
      if (now.revision !== previous.revision) buffers.finished.delete(now.key); // a retry reruns
      startLadder();
    }
    if (now.resting) startResting();
    else startMoving();
  };
  lab.subscribe(follow);

  return {
    store,
    buffers,
  };
}

export type ReferenceStoreHandle = ReturnType<typeof createReferenceStore>;
export type ReferenceStore = ReferenceStoreHandle['store'];

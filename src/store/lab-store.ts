import { createStore } from 'zustand/vanilla';
import { getTask } from '../benchmarks/registry';
import type { Task, TaskId } from '../benchmarks/task';
import { type LabResponse, MAX_RECORDED_TRACE_CHARS, type OracleEssCurve } from '../protocol/messages';
import type { ReferenceDiagnostics } from '../reference/sampler';
import type { LatestRunChannel } from './lab-worker-client';
import { sampleBuffers } from './sample-buffers';
import { clampBeta, type ObservationChoice, observationValues, outsideDataRange } from './selection';
import { DEFAULT_URL_STATE, type UrlState } from './url-state';

/** Where a panel's samples stand. */
export type RunStatus = 'idle' | 'running' | 'done' | 'error';

/** Where the reference panel's samples stand: `stale` while they belong to an earlier selection. */
export type ReferenceStatus = 'idle' | 'stale' | 'streaming' | 'done' | 'cancelled' | 'error';

/** A visible note: what the lab changed or warns about, and why. */
export interface Note {
  readonly id: string;
  readonly text: string;
}

export interface LabState extends UrlState {
  readonly notes: readonly Note[];
  readonly priorPredictive: {
    readonly status: RunStatus;
    /** Bumped whenever new samples land, so panels redraw. */
    readonly version: number;
    readonly numDraws: number;
    readonly seconds: number | null;
    readonly error: string | null;
  };
  /**
   * ESS(β)/N with exact scores on `numSimulations` draws (seeded by the lab's seed): beside the
   * learned weights' curves it separates the score network's error from the method's limit.
   * 'none' for a task without an exact likelihood.
   */
  readonly oracleEss: {
    readonly status: RunStatus | 'none';
    readonly taskId: TaskId | null;
    readonly curves: readonly OracleEssCurve[];
    readonly error: string | null;
  };
  readonly reference: {
    readonly status: ReferenceStatus;
    readonly version: number;
    readonly numKept: number;
    readonly progress: number;
    readonly diagnostics: ReferenceDiagnostics | null;
    readonly seconds: number | null;
    readonly error: string | null;
  };
  readonly grid: { readonly status: RunStatus; readonly version: number; readonly error: string | null };
  readonly playing: boolean;

  selectTask(taskId: TaskId): void;
  selectObservation(observation: ObservationChoice): void;
  setBeta(beta: number): void;
  setSeed(seed: number): void;
  /** Simulates a fresh observation (θ from the prior, x from the simulator) in the worker. */
  simulateObservation(): void;
  /**
   * Makes a recorded trace (a CSV file of time,voltage) the observation: the worker computes its
   * statistics; a bad file leaves the observation as it was and says why in a note.
   */
  loadRecordedTrace(file: RecordedTraceFile): Promise<void>;
  cancelReference(): void;
  /** Restarts the workers (after a crash) and reruns everything for the current selection. */
  retry(): void;
  setPlaying(playing: boolean): void;
  dismissNote(id: string): void;
  /** Runs every panel for the current selection. */
  refreshAll(): void;
}

/** What `loadRecordedTrace` reads: a File in the page (name, size in bytes, text). */
export interface RecordedTraceFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** The workers the store talks to, one latest-wins channel per kind of run. */
export interface LabChannels {
  readonly priorPredictive: LatestRunChannel;
  readonly grid: LatestRunChannel;
  readonly reference: LatestRunChannel;
  readonly newObservation: LatestRunChannel;
  readonly oracleEss: LatestRunChannel;
  /** Restarts every worker. */
  restartWorkers(): void;
}

/** Settings that tests shorten. */
export interface LabStoreOptions {
  /** Prior-predictive draws per kind of data plot. */
  readonly priorPredictiveDraws: (task: Task) => number;
  /** Reference draws per run. */
  readonly referenceDraws: number;
  /** Coalescing window for slider-driven runs, ms (latest wins). */
  readonly coalesceMs: number;
  /** Time between β steps of "play", ms, and the number of steps up and back down. */
  readonly playStepMs: number;
  readonly playSteps: number;
}

/** Simulations behind the oracle ESS curves: the shipped Route B models' budget. */
export const ORACLE_ESS_SIMULATIONS = 10_000;

export const DEFAULT_STORE_OPTIONS: LabStoreOptions = {
  priorPredictiveDraws: (task) => (task.dataView.kind === 'points' ? 1000 : task.dataView.kind === 'statistics' ? 500 : 30),
  referenceDraws: 10_000,
  coalesceMs: 120,
  playStepMs: 150,
  playSteps: 80,
};

/** The identity of what the reference and grid panels show. */
export function selectionKey(state: Pick<UrlState, 'taskId' | 'observation' | 'beta' | 'seed'>): string {
  const x = observationValues(getTask(state.taskId), state.observation);
  return `${state.taskId}|${x.join(',')}|${state.beta}|${state.seed}`;
}

/** `notes` with note `id` set to `text` (replacing the note of that id, if any). */
function withNote(notes: readonly Note[], id: string, text: string): Note[] {
  return [...withoutNote(notes, id), { id, text }];
}

/** `notes` without note `id`. */
function withoutNote(notes: readonly Note[], id: string): Note[] {
  return notes.filter((note) => note.id !== id);
}

/**
 * The lab store (zustand, no React inside). Choices live here; arrays live in sample-buffers.ts.
 * Slider moves are coalesced (a trailing window, latest wins) before they reach the workers.
 */
export function createLabStore(channels: LabChannels, initial: UrlState = DEFAULT_URL_STATE, initialNotes: readonly string[] = [], options: LabStoreOptions = DEFAULT_STORE_OPTIONS) {
  let coalesceTimer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = Number.NEGATIVE_INFINITY;
  let playTimer: ReturnType<typeof setInterval> | null = null;
  let nextObservationSeed = 1;
  /** What the latest new-observation run makes: a simulation or a recorded trace's statistics. */
  let observationRun: 'simulation' | 'trace' = 'simulation';
  /** What the latest grid and reference runs were started for (responses carry only a run id). */
  let gridRun = { runId: -1, key: '', taskId: initial.taskId as string };
  let referenceRun = { runId: -1, key: '', taskId: initial.taskId as string, beta: initial.beta };

  const store = createStore<LabState>()((set, get) => {
    const addNote = (id: string, text: string) => set({ notes: withNote(get().notes, id, text) });
    const removeNote = (id: string) => set({ notes: withoutNote(get().notes, id) });

    const checkDataRange = () => {
      const task = getTask(get().taskId);
      const outside = outsideDataRange(task, observationValues(task, get().observation));
      if (outside.length === 0) removeNote('data-range');
      else {
        const names = outside.slice(0, 4).map((k) => task.xNames[k]).join(', ');
        addNote('data-range', `The observation lies outside the range simulated data usually take (${names}${outside.length > 4 ? ', …' : ''}): the model may be misspecified for it. That is what β < 1 is for.`);
      }
    };

    /** Sends grid and reference runs now for the current selection. */
    const sendPosteriorRuns = () => {
      coalesceTimer = null;
      lastSent = performance.now();
      const state = get();
      const task = getTask(state.taskId);
      const x = [...observationValues(task, state.observation)];
      const key = selectionKey(state);
      if (!task.logLikelihood) {
        // An intractable likelihood (Hodgkin–Huxley): no grid, no reference sampler; the panel says so.
        channels.reference.cancel();
        sampleBuffers.setGrid(null);
        sampleBuffers.setReference(null);
        set({ grid: { status: 'idle', version: get().grid.version + 1, error: null }, reference: { ...get().reference, status: 'idle', numKept: 0, progress: 0, diagnostics: null, seconds: null, error: null, version: get().reference.version + 1 } });
        return;
      }
      if (task.thetaDim <= 3) {
        const runId = channels.grid.start((id) => ({ type: 'grid', runId: id, taskId: task.id, x, beta: state.beta }));
        gridRun = { runId, key, taskId: task.id };
        set({ grid: { ...get().grid, status: 'running' } });
      } else {
        sampleBuffers.setGrid(null);
        set({ grid: { status: 'idle', version: get().grid.version + 1, error: null } });
      }
      const runId = channels.reference.start((id) => ({ type: 'reference', runId: id, taskId: task.id, x, beta: state.beta, numDraws: options.referenceDraws, seed: state.seed }));
      referenceRun = { runId, key, taskId: task.id, beta: state.beta };
      const held = sampleBuffers.getReference();
      set({
        reference: {
          ...get().reference,
          status: held && held.key !== key ? 'stale' : 'streaming',
          progress: 0,
          error: null,
        },
      });
    };

    /** Coalesces bursts (slider drags, play): the last selection of a window wins. */
    const schedulePosteriorRuns = () => {
      const held = sampleBuffers.getReference();
      if (held && held.key !== selectionKey(get()) && get().reference.status !== 'error') {
        set({ reference: { ...get().reference, status: 'stale' } });
      }
      if (coalesceTimer !== null) return;
      const wait = Math.max(0, lastSent + options.coalesceMs - performance.now());
      coalesceTimer = setTimeout(sendPosteriorRuns, wait);
    };

    return {
      ...initial,
      notes: initialNotes.map((text, i) => ({ id: `url-${i}`, text })),
      priorPredictive: { status: 'idle', version: 0, numDraws: 0, seconds: null, error: null },
      oracleEss: { status: 'idle', taskId: null, curves: [], error: null },
      reference: { status: 'idle', version: 0, numKept: 0, progress: 0, diagnostics: null, seconds: null, error: null },
      grid: { status: 'idle', version: 0, error: null },
      playing: false,

      selectTask(taskId) {
        const task = getTask(taskId);
        const { beta, note } = clampBeta(task, get().beta);
        set({ taskId, observation: { kind: 'fixed', index: 0 }, beta });
        if (note) addNote('beta', note);
        checkDataRange();
        get().refreshAll();
      },

      selectObservation(observation) {
        set({ observation });
        checkDataRange();
        schedulePosteriorRuns();
      },

      setBeta(requested) {
        const { beta, note } = clampBeta(getTask(get().taskId), requested);
        if (note) addNote('beta', note);
        else removeNote('beta');
        if (beta === get().beta) return;
        set({ beta });
        schedulePosteriorRuns();
      },

      setSeed(seed) {
        if (!Number.isSafeInteger(seed)) throw new Error(`seed: expected a safe integer, got ${String(seed)}`);
        set({ seed });
        get().refreshAll();
      },

      simulateObservation() {
        const { taskId, seed } = get();
        // A fresh seed per click, derived from the lab's seed, so the sequence reproduces.
        const observationSeed = seed * 1000 + nextObservationSeed++;
        observationRun = 'simulation';
        channels.newObservation.start((runId) => ({ type: 'prior-predictive', runId, taskId, numDraws: 1, seed: observationSeed }));
      },

      async loadRecordedTrace(file) {
        const task = getTask(get().taskId);
        if (!task.traces) {
          addNote('trace', `A recorded trace is an observation of a task whose data are traces (Hodgkin–Huxley), not of ${task.title}.`);
          return;
        }
        if (file.size > MAX_RECORDED_TRACE_CHARS) {
          addNote('trace', `${file.name}: expected a CSV file of at most ${MAX_RECORDED_TRACE_CHARS / 1e6} MB, got ${(file.size / 1e6).toFixed(1)} MB.`);
          return;
        }
        let text: string;
        try {
          text = await file.text();
        } catch (error) {
          addNote('trace', `${file.name}: could not be read (${(error as Error).message}).`);
          return;
        }
        observationRun = 'trace';
        channels.newObservation.start((runId) => ({ type: 'recorded-trace', runId, taskId: task.id, name: file.name, text }));
      },

      cancelReference() {
        channels.reference.cancel();
      },

      retry() {
        channels.restartWorkers();
        get().refreshAll();
      },

      setPlaying(playing) {
        if (playTimer !== null) clearInterval(playTimer);
        playTimer = null;
        set({ playing });
        if (!playing) return;
        const task = getTask(get().taskId);
        const [low, high] = task.betaDomain;
        // A log-scale triangle wave from the current β: up to the top, down to the bottom, …
        let position = Math.log(get().beta / low) / Math.log(high / low);
        let direction = 1;
        playTimer = setInterval(() => {
          position += (direction * 2) / options.playSteps;
          if (position >= 1) [position, direction] = [1, -1];
          if (position <= 0) [position, direction] = [0, 1];
          get().setBeta(Number((low * (high / low) ** position).toPrecision(3)));
        }, options.playStepMs);
      },

      dismissNote(id) {
        removeNote(id);
      },

      refreshAll() {
        const { taskId, seed } = get();
        const task = getTask(taskId);
        const numDraws = options.priorPredictiveDraws(task);
        channels.priorPredictive.start((runId) => ({ type: 'prior-predictive', runId, taskId, seed, numDraws }));
        set({ priorPredictive: { ...get().priorPredictive, status: 'running', numDraws, error: null } });
        if (task.logLikelihood) {
          channels.oracleEss.start((runId) => ({ type: 'oracle-ess', runId, taskId, numSimulations: ORACLE_ESS_SIMULATIONS, seed }));
          set({ oracleEss: { status: 'running', taskId, curves: [], error: null } });
        } else {
          channels.oracleEss.cancel();
          set({ oracleEss: { status: 'none', taskId, curves: [], error: null } });
        }
        if (coalesceTimer !== null) clearTimeout(coalesceTimer);
        coalesceTimer = null;
        sendPosteriorRuns();
      },
    };
  });

  channels.oracleEss.onResponse((response: LabResponse) => {
    const previous = store.getState().oracleEss;
    // A late error of a run already replaced (or of a task without a likelihood) is not this task's.
    if (response.type === 'error' && previous.status === 'running') store.setState({ oracleEss: { ...previous, status: 'error', error: response.message } });
    else if (response.type === 'oracle-ess-result' && response.taskId === store.getState().taskId) {
      store.setState({ oracleEss: { status: 'done', taskId: response.taskId, curves: response.curves, error: null } });
    }
  });

  channels.priorPredictive.onResponse((response: LabResponse) => {
    const previous = store.getState().priorPredictive;
    if (response.type === 'error') {
      store.setState({ priorPredictive: { ...previous, status: 'error', error: response.message } });
    } else if (response.type === 'prior-predictive-result') {
      sampleBuffers.setPriorPredictive({ taskId: response.taskId, seed: response.seed, numDraws: response.numDraws, theta: response.theta, x: response.x });
      store.setState({ priorPredictive: { status: 'done', version: previous.version + 1, numDraws: response.numDraws, seconds: response.seconds, error: null } });
    }
  });

  channels.newObservation.onResponse((response: LabResponse) => {
    if (response.type === 'prior-predictive-result' && response.taskId === store.getState().taskId) {
      store.getState().selectObservation({ kind: 'custom', x: Array.from(response.x), theta: Array.from(response.theta) });
    } else if (response.type === 'recorded-trace-result' && response.taskId === store.getState().taskId) {
      store.setState({ notes: withoutNote(store.getState().notes, 'trace') });
      const trace = { dt: response.dt, voltage: Array.from(response.voltage) };
      store.getState().selectObservation({ kind: 'recorded', name: response.name, x: Array.from(response.x), trace });
    } else if (response.type === 'error') {
      const notes = store.getState().notes;
      store.setState({
        notes: observationRun === 'trace' ? withNote(notes, 'trace', `Could not use the recorded trace: ${response.message}`) : withNote(notes, 'simulate', `Could not simulate an observation: ${response.message}`),
      });
    }
  });

  channels.grid.onResponse((response: LabResponse) => {
    const previous = store.getState().grid;
    if (response.type === 'error') {
      store.setState({ grid: { ...previous, status: 'error', error: response.message } });
    } else if (response.type === 'grid-result' && response.runId === gridRun.runId) {
      sampleBuffers.setGrid({ key: gridRun.key, taskId: gridRun.taskId, view: response.view });
      store.setState({ grid: { status: 'done', version: previous.version + 1, error: null } });
    }
  });

  channels.reference.onResponse((response: LabResponse) => {
    const previous = store.getState().reference;
    if (response.type === 'error') {
      store.setState({ reference: { ...previous, status: 'error', error: response.message } });
    } else if (response.type === 'cancelled') {
      store.setState({ reference: { ...previous, status: 'cancelled' } });
    } else if (response.type === 'reference-progress' && response.runId === referenceRun.runId) {
      const run = referenceRun;
      sampleBuffers.setReference({ key: run.key, taskId: run.taskId, beta: run.beta, samples: response.samples, numKept: response.numKept });
      store.setState({
        reference: {
          // Draws for an earlier selection stay on screen, marked stale, until the new run reports.
          status: run.key !== selectionKey(store.getState()) ? 'stale' : response.isFinal ? 'done' : 'streaming',
          version: previous.version + 1,
          numKept: response.numKept,
          progress: response.progress,
          diagnostics: response.diagnostics,
          seconds: response.seconds,
          error: null,
        },
      });
    }
  });

  return store;
}

export type LabStore = ReturnType<typeof createLabStore>;

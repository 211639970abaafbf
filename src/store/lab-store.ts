import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import type { TaskInfo } from '../benchmarks/metadata/task-metadata';
import type { TaskId } from '../benchmarks/metadata/task-metadata';
import { type LabResponse, MAX_RECORDED_TRACE_CHARS, type OracleEssCurve } from '../protocol/messages';
import type { LatestRunChannel } from './lab-worker-client';
import { clampBeta, type ObservationChoice, observationValues, outsideDataRange } from './selection';
import { DEFAULT_SELECTION, type LabSelection } from './url-state';

/** Where a panel's samples stand. */
export type RunStatus = 'idle' | 'running' | 'done' | 'error';

/** A visible note: what the lab changed or warns about, and why. */
export interface Note {
  readonly id: string;
  readonly text: string;
}

/** Prior-predictive draws as they arrived from the worker. */
export interface PriorPredictiveSamples {
  readonly taskId: string;
  readonly seed: number;
  readonly numDraws: number;
  /** [numDraws, thetaDim] */
  readonly theta: Float64Array;
  /** [numDraws, xDim] */
  readonly x: Float64Array;
}

export interface LabState extends LabSelection {
  readonly notes: readonly Note[];
  readonly priorPredictive: {
    readonly status: RunStatus;
    /** Bumped whenever new samples land, so panels redraw. */
    readonly version: number;
    readonly numDraws: number;
    readonly seconds: number | null;
    readonly error: string | null;
    /** The latest draws (a new object per arrival). */
    readonly samples: PriorPredictiveSamples | null;
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
  /**
   * True once β has come to rest (the slider released, or no input for `restMs`): the panels
   * then show exact draws at β and the reference sampler runs; while β moves they morph along
   * their precomputed β ladders instead.
   */
  readonly betaResting: boolean;
  /**
   * True while the observation is being dragged in the data panel: the amortized panels then
   * draw at the current β only (no ladder), and the reference waits for the drag to end.
   */
  readonly observationMoving: boolean;
  /** β at the last rest: what views that need not follow every frame (the ESS marker, the evaluation table) show. */
  readonly restingBeta: number;
  /** Bumped by `refreshAll` (retry, seed, task, a pasted link): every panel runs again. */
  readonly revision: number;
  readonly playing: boolean;

  selectTask(taskId: TaskId): void;
  selectObservation(observation: ObservationChoice): void;
  /** The observation while it is dragged (`selectObservation` ends the drag). */
  previewObservation(observation: ObservationChoice): void;
  /** Moves β (clamped into the task's domain); β rests again `restMs` after the last move. */
  setBeta(beta: number): void;
  /** β comes to rest now (the slider was released). */
  releaseBeta(): void;
  setSeed(seed: number): void;
  /** Simulates a fresh observation (θ from the prior, x from the simulator) in the worker. */
  simulateObservation(): void;
  /**
   * Makes a recorded trace (a CSV file of time,voltage) the observation: the worker computes its
   * statistics; a bad file leaves the observation as it was and says why in a note.
   */
  loadRecordedTrace(file: RecordedTraceFile): Promise<void>;
  /** Restarts the workers (after a crash) and reruns everything for the current selection. */
  retry(): void;
  setPlaying(playing: boolean): void;
  dismissNote(id: string): void;
  /** Shows note `id` (replacing an earlier one of that id): for what other stores read and could not use. */
  showNote(id: string, text: string): void;
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
  readonly newObservation: LatestRunChannel;
  readonly oracleEss: LatestRunChannel;
  /** Restarts every worker. */
  restartWorkers(): void;
}

/** Settings that tests shorten. */
export interface LabStoreOptions {
  /** Prior-predictive draws per kind of data plot. */
  readonly priorPredictiveDraws: (task: TaskInfo) => number;
  /** β rests after this long without a move, ms. */
  readonly restMs: number;
  /** Time between β steps of "play", ms, and the number of steps up and back down. */
  readonly playStepMs: number;
  readonly playSteps: number;
}

/** Simulations behind the oracle ESS curves: the shipped Route B models' budget. */
export const ORACLE_ESS_SIMULATIONS = 10_000;

export const DEFAULT_STORE_OPTIONS: LabStoreOptions = {
  priorPredictiveDraws: (task) => (task.dataView.kind === 'points' ? 1000 : task.dataView.kind === 'statistics' ? 500 : 30),
  restMs: 150,
  // Play moves β every 40 ms (25 steps a second, a smooth morph along the ladder): 6 s a sweep.
  playStepMs: 40,
  playSteps: 300,
};

/** The identity of what the reference and grid panels show. */
export function selectionKey(state: Pick<LabSelection, 'taskId' | 'observation' | 'beta' | 'seed'>): string {
  return `${observationKey(state)}|${state.beta}`;
}

/** What a β ladder depends on: task, x and seed (not β). */
export function observationKey(state: Pick<LabSelection, 'taskId' | 'observation' | 'seed'>): string {
  const x = observationValues(getTaskInfo(state.taskId), state.observation);
  return `${state.taskId}|${x.join(',')}|${state.seed}`;
}

/** `notes` with note `id` set to `text` (replacing the note of that id, if any). */
function withNote(notes: readonly Note[], id: string, text: string): Note[] {
  return [...withoutNote(notes, id), { id, text }];
}

/** `notes` without note `id` (the same array when there is none, so nothing re-renders). */
function withoutNote(notes: readonly Note[], id: string): readonly Note[] {
  return notes.some((note) => note.id === id) ? notes.filter((note) => note.id !== id) : notes;
}

/**
 * The lab store (zustand, no React inside): the selection (task, observation, β, seed), whether
 * β rests, notes, "play", the prior predictive, new observations and the oracle ESS curves. The
 * reference and amortized panels have stores of their own that follow this one.
 */
export function createLabStore(channels: LabChannels, initial: LabSelection = DEFAULT_SELECTION, initialNotes: readonly string[] = [], options: LabStoreOptions = DEFAULT_STORE_OPTIONS) {
  let restTimer: ReturnType<typeof setTimeout> | null = null;
  let playTimer: ReturnType<typeof setInterval> | null = null;
  let nextObservationSeed = 1;
  /** What the latest new-observation run makes: a simulation or a recorded trace's statistics. */
  let observationRun: 'simulation' | 'trace' = 'simulation';

  const store = createStore<LabState>()((set, get) => {
    const addNote = (id: string, text: string) => set({ notes: withNote(get().notes, id, text) });
    const removeNote = (id: string) => {
      const notes = withoutNote(get().notes, id);
      if (notes !== get().notes) set({ notes });
    };
    const rest = () => {
      if (restTimer !== null) clearTimeout(restTimer);
      restTimer = null;
      if (!get().betaResting || get().restingBeta !== get().beta) set({ betaResting: true, restingBeta: get().beta });
    };

    const checkDataRange = () => {
      const task = getTaskInfo(get().taskId);
      const outside = outsideDataRange(task, observationValues(task, get().observation));
      if (outside.length === 0) removeNote('data-range');
      else {
        const names = outside.slice(0, 4).map((k) => task.xNames[k]).join(', ');
        addNote('data-range', `The observation lies outside the range simulated data usually take (${names}${outside.length > 4 ? ', …' : ''}): the model may be misspecified for it. That is what β < 1 is for.`);
      }
    };

    return {
      ...initial,
      notes: initialNotes.map((text, i) => ({ id: `url-${i}`, text })),
      priorPredictive: { status: 'idle', version: 0, numDraws: 0, seconds: null, error: null, samples: null },
      oracleEss: { status: 'idle', taskId: null, curves: [], error: null },
      betaResting: true,
      observationMoving: false,
      restingBeta: initial.beta,
      revision: 0,
      playing: false,

      selectTask(taskId) {
        const task = getTaskInfo(taskId);
        const { beta, note } = clampBeta(task, get().beta);
        set({ taskId, observation: { kind: 'fixed', index: 0 }, beta });
        if (note) addNote('beta', note);
        checkDataRange();
        get().refreshAll();
      },

      selectObservation(observation) {
        set({ observation, observationMoving: false });
        checkDataRange();
      },

      previewObservation(observation) {
        set({ observation, observationMoving: true });
      },

      setBeta(requested) {
        const { beta, note } = clampBeta(getTaskInfo(get().taskId), requested);
        if (note) addNote('beta', note);
        else removeNote('beta');
        if (beta === get().beta) return;
        set({ beta, betaResting: false });
        if (restTimer !== null) clearTimeout(restTimer);
        // While playing, β is in motion until play stops.
        restTimer = get().playing ? null : setTimeout(rest, options.restMs);
      },

      releaseBeta() {
        if (!get().playing) rest();
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
        const task = getTaskInfo(get().taskId);
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

      retry() {
        channels.restartWorkers();
        get().refreshAll();
      },

      setPlaying(playing) {
        if (playTimer !== null) clearInterval(playTimer);
        playTimer = null;
        set({ playing });
        if (!playing) return rest();
        const task = getTaskInfo(get().taskId);
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

      showNote(id, text) {
        addNote(id, text);
      },

      refreshAll() {
        const { taskId, seed } = get();
        const task = getTaskInfo(taskId);
        const numDraws = options.priorPredictiveDraws(task);
        channels.priorPredictive.start((runId) => ({ type: 'prior-predictive', runId, taskId, seed, numDraws }));
        set({ priorPredictive: { ...get().priorPredictive, status: 'running', numDraws, error: null } });
        if (task.hasLikelihood) {
          channels.oracleEss.start((runId) => ({ type: 'oracle-ess', runId, taskId, numSimulations: ORACLE_ESS_SIMULATIONS, seed }));
          set({ oracleEss: { status: 'running', taskId, curves: [], error: null } });
        } else {
          channels.oracleEss.cancel();
          set({ oracleEss: { status: 'none', taskId, curves: [], error: null } });
        }
        set({ revision: get().revision + 1 });
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
      const samples = { taskId: response.taskId, seed: response.seed, numDraws: response.numDraws, theta: response.theta, x: response.x };
      store.setState({ priorPredictive: { status: 'done', version: previous.version + 1, numDraws: response.numDraws, seconds: response.seconds, error: null, samples } });
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

  return store;
}

export type LabStore = ReturnType<typeof createLabStore>;

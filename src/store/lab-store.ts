import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import type { TaskId } from '../benchmarks/metadata/task-metadata';
import { clampBeta, type ObservationChoice, observationValues, outsideDataRange } from './selection';
import { DEFAULT_SELECTION, type LabSelection } from './url-state';

/** Where a panel's samples stand. */
export type RunStatus = 'idle' | 'running' | 'done' | 'error';

/** A visible note: what the lab changed or warns about, and why. */
export interface Note {
  readonly id: string;
  readonly text: string;
}


export interface LabState extends LabSelection {
  readonly notes: readonly Note[];
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
  /** Restarts the workers (after a crash) and reruns everything for the current selection. */
  retry(): void;
  setPlaying(playing: boolean): void;
  dismissNote(id: string): void;
  /** Shows note `id` (replacing an earlier one of that id): for what other stores read and could not use. */
  showNote(id: string, text: string): void;
  /** Runs every panel for the current selection. */
  refreshAll(): void;
}

/** What the lab store does to the workers. */
export interface LabChannels {
  /** Restarts every worker. */
  restartWorkers(): void;
}

/** Settings that tests shorten. */
export interface LabStoreOptions {
  /** β rests after this long without a move, ms. */
  readonly restMs: number;
  /** Time between β steps of "play", ms, and the number of steps up and back down. */
  readonly playStepMs: number;
  readonly playSteps: number;
}

export const DEFAULT_STORE_OPTIONS: LabStoreOptions = {
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
 * β rests, "play", and the notes. The simulations (`simulation-store.ts`), the reference and the
 * amortized panels have stores of their own that follow this one.
 */
export function createLabStore(channels: LabChannels, initial: LabSelection = DEFAULT_SELECTION, initialNotes: readonly string[] = [], options: LabStoreOptions = DEFAULT_STORE_OPTIONS) {
  let restTimer: ReturnType<typeof setTimeout> | null = null;
  let playTimer: ReturnType<typeof setInterval> | null = null;

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
        set({ revision: get().revision + 1 });
      },
    };
  });

  return store;
}

export type LabStore = ReturnType<typeof createLabStore>;

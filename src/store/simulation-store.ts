import { createStore } from 'zustand/vanilla';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import type { TaskId, TaskInfo } from '../benchmarks/metadata/task-metadata';
import { type LabResponse, MAX_RECORDED_TRACE_CHARS, type OracleEssCurve } from '../protocol/messages';
import type { LabStore, RunStatus } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';

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

/** What `loadRecordedTrace` reads: a File in the page (name, size in bytes, text). */
export interface RecordedTraceFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** The simulation store: what the lab worker simulates for the selection, and new observations. */
export interface SimulationState {
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
  /** The latest new-observation run — a simulation or a recorded trace's statistics — and the next simulation's seed offset. */
  readonly newObservation: { readonly kind: 'simulation' | 'trace'; readonly nextSeed: number };

  /** Simulates a fresh observation (θ from the prior, x from the simulator) in the worker. */
  simulateObservation(): void;
  /**
   * Makes a recorded trace (a CSV file of time,voltage) the observation: the worker computes its
   * statistics; a bad file leaves the observation as it was and says why in a note.
   */
  loadRecordedTrace(file: RecordedTraceFile): Promise<void>;
}

/** The lab worker's channels, one latest-wins channel per kind of run. */
export interface SimulationChannels {
  readonly priorPredictive: LatestRunChannel;
  readonly newObservation: LatestRunChannel;
  readonly oracleEss: LatestRunChannel;
}

/** Simulations behind the oracle ESS curves: the shipped Route B models' budget. */
export const ORACLE_ESS_SIMULATIONS = 10_000;

/** Prior-predictive draws per kind of data plot. */
export const PRIOR_PREDICTIVE_DRAWS = (task: TaskInfo) => (task.dataView.kind === 'points' ? 1000 : task.dataView.kind === 'statistics' ? 500 : 30);

/**
 * The simulation store: on every run of the lab (its `revision`), the prior predictive and the
 * oracle ESS curves for the selection; on request, a new observation (simulated, or a recorded
 * trace's statistics), which becomes the lab's selection. Its notes go to the lab's.
 */
export function createSimulationStore(lab: LabStore, channels: SimulationChannels, priorPredictiveDraws: (task: TaskInfo) => number = PRIOR_PREDICTIVE_DRAWS) {
  const store = createStore<SimulationState>()((set, get) => ({
    priorPredictive: { status: 'idle', version: 0, numDraws: 0, seconds: null, error: null, samples: null },
    oracleEss: { status: 'idle', taskId: null, curves: [], error: null },
    newObservation: { kind: 'simulation', nextSeed: 1 },

    simulateObservation() {
      const { taskId, seed } = lab.getState();
      const { nextSeed } = get().newObservation;
      // A fresh seed per click, derived from the lab's seed, so the sequence reproduces.
      set({ newObservation: { kind: 'simulation', nextSeed: nextSeed + 1 } });
      channels.newObservation.start((runId) => ({ type: 'prior-predictive', runId, taskId, numDraws: 1, seed: seed * 1000 + nextSeed }));
    },

    async loadRecordedTrace(file) {
      const task = getTaskInfo(lab.getState().taskId);
      const note = (text: string) => lab.getState().showNote('trace', text);
      if (!task.traces) return note(`A recorded trace is an observation of a task whose data are traces (Hodgkin–Huxley), not of ${task.title}.`);
      if (file.size > MAX_RECORDED_TRACE_CHARS) return note(`${file.name}: expected a CSV file of at most ${MAX_RECORDED_TRACE_CHARS / 1e6} MB, got ${(file.size / 1e6).toFixed(1)} MB.`);
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        return note(`${file.name}: could not be read (${(error as Error).message}).`);
      }
      set({ newObservation: { ...get().newObservation, kind: 'trace' } });
      channels.newObservation.start((runId) => ({ type: 'recorded-trace', runId, taskId: task.id, name: file.name, text }));
    },
  }));

  /** Runs the prior predictive and the oracle ESS curves for the lab's selection. */
  function runAll(): void {
    const { taskId, seed } = lab.getState();
    const task = getTaskInfo(taskId);
    const numDraws = priorPredictiveDraws(task);
    channels.priorPredictive.start((runId) => ({ type: 'prior-predictive', runId, taskId, seed, numDraws }));
    store.setState({ priorPredictive: { ...store.getState().priorPredictive, status: 'running', numDraws, error: null } });
    if (task.hasLikelihood) {
      channels.oracleEss.start((runId) => ({ type: 'oracle-ess', runId, taskId, numSimulations: ORACLE_ESS_SIMULATIONS, seed }));
      store.setState({ oracleEss: { status: 'running', taskId, curves: [], error: null } });
    } else {
      channels.oracleEss.cancel();
      store.setState({ oracleEss: { status: 'none', taskId, curves: [], error: null } });
    }
  }
  lab.subscribe((state, previous) => {
    if (state.revision !== previous.revision) runAll();
  });

  channels.oracleEss.onResponse((response: LabResponse) => {
    const previous = store.getState().oracleEss;
    // A late error of a run already replaced (or of a task without a likelihood) is not this task's.
    if (response.type === 'error' && previous.status === 'running') store.setState({ oracleEss: { ...previous, status: 'error', error: response.message } });
    else if (response.type === 'oracle-ess-result' && response.taskId === lab.getState().taskId) {
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
    const labState = lab.getState();
    if (response.type === 'prior-predictive-result' && response.taskId === labState.taskId) {
      labState.selectObservation({ kind: 'custom', x: Array.from(response.x), theta: Array.from(response.theta) });
    } else if (response.type === 'recorded-trace-result' && response.taskId === labState.taskId) {
      labState.dismissNote('trace');
      const trace = { dt: response.dt, voltage: Array.from(response.voltage) };
      labState.selectObservation({ kind: 'recorded', name: response.name, x: Array.from(response.x), trace });
    } else if (response.type === 'error') {
      if (store.getState().newObservation.kind === 'trace') labState.showNote('trace', `Could not use the recorded trace: ${response.message}`);
      else labState.showNote('simulate', `Could not simulate an observation: ${response.message}`);
    }
  });

  return store;
}

export type SimulationStore = ReturnType<typeof createSimulationStore>;

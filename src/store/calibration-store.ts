import { createStore } from 'zustand/vanilla';
import { evaluationBetasIn } from '../core/evaluation-grid';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import type { CalibrateRequest, LabResponse, ModelSource } from '../protocol/messages';
import type { CalibrationResultMessage } from '../protocol/responses';
import type { LabStore } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import type { PanelRoute } from './shipped-models';

/** How many data sets and draws a check uses: the 200 × 500, or a quick 50 × 200 for a class in a hurry. */
export const CALIBRATION_SIZES = {
  full: { numDataSets: 200, drawsPerDataSet: 500 },
  quick: { numDataSets: 50, drawsPerDataSet: 200 },
} as const;
export type CalibrationSize = keyof typeof CALIBRATION_SIZES;

/** The credible level whose coverage picks β. */
export const CALIBRATION_LEVEL = 0.9;

export interface CalibrationState {
  readonly route: PanelRoute;
  /** Data sets from the task's misspecified simulator (at `epsilon`) instead of its own. */
  readonly misspecified: boolean;
  readonly epsilon: number;
  readonly size: CalibrationSize;
  /** Also rank the task's reference draws on the first 50 data sets at β = 1 and the chosen β (tasks with a likelihood). */
  readonly referenceCheck: boolean;
  /** 'running' until the reference check too is done; the network's curves arrive before it. */
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly progress: { readonly stage: 'network' | 'reference'; readonly done: number; readonly total: number } | null;
  readonly result: CalibrationResultMessage | null;
  readonly error: string | null;
  setRoute(route: PanelRoute): void;
  setMisspecified(on: boolean): void;
  /** ε as typed: a number in [0, 1), else an error saying so (the old ε stays). */
  setEpsilon(text: string): void;
  setSize(size: CalibrationSize): void;
  setReferenceCheck(on: boolean): void;
  run(): void;
  /** Stops the run; a reference check in progress stops alone, keeping the network's curves. */
  cancel(): void;
}

/**
 * The calibration panel's state (issue 20): which route, which simulator and ε, and the latest
 * check's coverage across 𝒢, from the calibration worker. A check runs when asked (it is tens of
 * seconds of work), is cancelled by a newer one or by `cancel`, and is forgotten when the task
 * changes (its data sets came from the old task's simulator).
 */
export function createCalibrationStore(lab: LabStore, sourceFor: (route: PanelRoute) => ModelSource | null, channel: LatestRunChannel) {
  const defaultEpsilon = () => getTaskInfo(lab.getState().taskId).misspecified.defaultEpsilon;
  const idle = { status: 'idle' as const, progress: null, result: null, error: null };

  const store = createStore<CalibrationState>()((set, get) => ({
    route: 'b-nle',
    misspecified: false,
    epsilon: defaultEpsilon(),
    size: 'full',
    referenceCheck: true,
    ...idle,
    setRoute(route) {
      channel.cancel();
      set({ route, ...idle });
    },
    setMisspecified(on) {
      channel.cancel();
      set({ misspecified: on, ...idle });
    },
    setEpsilon(text) {
      const value = Number(text);
      if (text.trim() === '' || !(value >= 0 && value < 1)) {
        set({ error: `ε: expected a contamination probability in [0, 1), got "${text}"` });
        return;
      }
      channel.cancel();
      set({ epsilon: value, ...idle });
    },
    setSize(size) {
      channel.cancel();
      set({ size, ...idle });
    },
    setReferenceCheck(on) {
      channel.cancel();
      set({ referenceCheck: on, ...idle });
    },
    run() {
      const { route, misspecified, epsilon, size, referenceCheck } = get();
      const source = sourceFor(route);
      const { taskId, seed } = lab.getState();
      if (!source) {
        set({ status: 'error', progress: null, result: null, error: `No model of route ${route} for ${getTaskInfo(taskId).title} yet: train one, or pick another route.` });
        return;
      }
      channel.start(
        (runId): CalibrateRequest => ({
          type: 'calibrate',
          runId,
          taskId,
          route,
          source,
          betas: evaluationBetasIn(getTaskInfo(taskId).betaDomain),
          ...CALIBRATION_SIZES[size],
          level: CALIBRATION_LEVEL,
          epsilon: misspecified ? epsilon : null,
          referenceCheck: referenceCheck && getTaskInfo(taskId).hasLikelihood,
          seed,
        }),
      );
      set({ status: 'running', progress: null, result: null, error: null });
    },
    cancel() {
      channel.cancel();
      const { result } = get();
      if (result?.reference === 'pending') set({ status: 'done', progress: null, result: { ...result, reference: null } });
      else set({ ...idle });
    },
  }));

  channel.onResponse((response: LabResponse) => {
    if (response.type === 'calibration-progress') store.setState({ progress: { stage: response.stage, done: response.done, total: response.total } });
    else if (response.type === 'calibration-result') store.setState({ status: response.reference === 'pending' ? 'running' : 'done', progress: null, result: response, error: null });
    else if (response.type === 'error') store.setState({ status: 'error', progress: null, error: response.message });
  });

  // A new task: its own simulator, ε and models; the old check no longer applies.
  lab.subscribe((state, previous) => {
    if (state.taskId === previous.taskId) return;
    channel.cancel();
    store.setState({ epsilon: defaultEpsilon(), ...idle });
  });

  return store;
}

export type CalibrationStore = ReturnType<typeof createCalibrationStore>;

import { createStore } from 'zustand/vanilla';
import type { TaskId } from '../benchmarks/task';
import type { LabResponse } from '../protocol/messages';
import type { LatestRunChannel } from './lab-worker-client';
import { setPriorPredictiveSamples } from './sample-buffers';

/** Where a panel's samples stand. */
export type RunStatus = 'idle' | 'running' | 'done' | 'error';

/** The lab's state: choices and run metadata only (arrays live in sample-buffers.ts). */
export interface LabState {
  readonly taskId: TaskId;
  readonly seed: number;
  readonly priorPredictive: {
    readonly status: RunStatus;
    /** Bumped whenever new samples land, so panels redraw. */
    readonly version: number;
    readonly numDraws: number;
    readonly seconds: number | null;
    readonly error: string | null;
  };
  selectTask(taskId: TaskId): void;
  setSeed(seed: number): void;
  /** Asks the worker for fresh prior-predictive draws of the current task and seed. */
  refreshPriorPredictive(): void;
}

/** How many prior-predictive draws the panel shows, by the kind of data plot. */
export const PRIOR_PREDICTIVE_DRAWS = { points: 1000, series: 30 } as const;

/**
 * The lab store (zustand, no React inside): the page binds it with `useStore`.
 * @param channel the worker channel the store sends runs to
 * @param numDrawsFor the number of draws to request for a task
 */
export function createLabStore(channel: LatestRunChannel, numDrawsFor: (taskId: TaskId) => number) {
  const store = createStore<LabState>()((set, get) => ({
    taskId: 'two_moons',
    seed: 1,
    priorPredictive: { status: 'idle', version: 0, numDraws: 0, seconds: null, error: null },

    selectTask(taskId) {
      set({ taskId });
      get().refreshPriorPredictive();
    },

    setSeed(seed) {
      if (!Number.isSafeInteger(seed)) throw new Error(`seed: expected a safe integer, got ${String(seed)}`);
      set({ seed });
      get().refreshPriorPredictive();
    },

    refreshPriorPredictive() {
      const { taskId, seed, priorPredictive } = get();
      const numDraws = numDrawsFor(taskId);
      channel.start((runId) => ({ type: 'prior-predictive', runId, taskId, seed, numDraws }));
      set({ priorPredictive: { ...priorPredictive, status: 'running', numDraws, error: null } });
    },
  }));

  channel.onResponse((response: LabResponse) => {
    const previous = store.getState().priorPredictive;
    if (response.type === 'error') {
      store.setState({ priorPredictive: { ...previous, status: 'error', error: response.message } });
      return;
    }
    if (response.type !== 'prior-predictive-result') return; // other kinds belong to other channels
    setPriorPredictiveSamples({
      taskId: response.taskId,
      seed: response.seed,
      numDraws: response.numDraws,
      theta: response.theta,
      x: response.x,
    });
    store.setState({
      priorPredictive: {
        status: 'done',
        version: previous.version + 1,
        numDraws: response.numDraws,
        seconds: response.seconds,
        error: null,
      },
    });
  });
  return store;
}

export type LabStore = ReturnType<typeof createLabStore>;

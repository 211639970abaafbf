import { createStore } from 'zustand/vanilla';
import { isLikelihoodEstimatorName } from '../core/route-ids';
import type { ModelCard } from '../nn/serialize';
import { type LabResponse, ModelCardSchema, readAt, STORAGE_KEYS } from '../protocol/messages';
import type { LabStore } from './lab-store';
import type { LatestRunChannel } from './lab-worker-client';
import type { PanelRoute } from './shipped-models';
import type { KeyValueStorage } from './stored-values';
import { IDLE_TRAINING, type TrainingState, withTrainingProgress } from './training-state';

/** "Train in this browser": where it stands, and the run it follows. */
export interface TrainingStoreState {
  readonly training: TrainingState;
  /** The run in flight or last finished: its id, task and route, and the phase and step of its latest report. */
  readonly run: { readonly runId: number; readonly taskId: string; readonly route: PanelRoute; readonly phaseKey: string } | null;
  startTraining(route: PanelRoute, budget: number): void;
  stopTraining(): void;
}

/** What the training store asks of and tells the others. */
export interface TrainingStoreHooks {
  /** The shipped model's card for a task and route, if any (its settings are the ones rebuilt). */
  shippedCard(taskId: string, route: PanelRoute): ModelCard | undefined;
  /** A model was trained and saved in this browser under `revision`. */
  onTrained(taskId: string, route: PanelRoute, revision: string): void;
}

/**
 * The training store: sends a training run to the training worker for the lab's task and seed
 * (the shipped model's settings, its budget chosen), follows its progress, and on success
 * records the new model's revision in `storage` (the worker saved the model in IndexedDB).
 */
export function createTrainingStore(lab: LabStore, channel: LatestRunChannel, storage: KeyValueStorage, hooks: TrainingStoreHooks) {
  const store = createStore<TrainingStoreState>()((set) => ({
    training: IDLE_TRAINING,
    run: null,
    startTraining(route, budget) {
      const { taskId, seed } = lab.getState();
      // Rebuild the shipped model's way: its card names B-NLE's likelihood estimator when it is not the default.
      const named = (hooks.shippedCard(taskId, route)?.extra.likelihood as { kind?: unknown } | null | undefined)?.kind;
      const likelihood = isLikelihoodEstimatorName(named) ? named : 'auto';
      const runId = channel.start((id) => ({ type: 'train', runId: id, taskId, route, numSimulations: budget, seed, maxEpochs: 200, likelihood }));
      set({ training: { ...IDLE_TRAINING, route, budget, status: 'running' }, run: { runId, taskId, route, phaseKey: '' } });
    },
    stopTraining() {
      channel.cancel();
    },
  }));

  channel.onResponse((response: LabResponse) => {
    const { training, run } = store.getState();
    if (!run || response.runId !== run.runId) return;
    if (response.type === 'train-progress') {
      const phaseKey = `${response.phase}|${response.step}`;
      store.setState({ training: withTrainingProgress(training, response, run.phaseKey), run: { ...run, phaseKey } });
    } else if (response.type === 'train-result') {
      const read = readAt(ModelCardSchema, (response.manifest as { card?: unknown } | null)?.card, `the model trained for ${run.taskId} · route ${run.route}`);
      const revision = (read.ok ? read.value.createdAt : null) ?? String(response.runId);
      storage.setItem(STORAGE_KEYS.browserModel(run.taskId, run.route), revision);
      store.setState({ training: { ...training, status: 'done', seconds: response.seconds, etaSeconds: 0 } });
      hooks.onTrained(run.taskId, run.route, revision);
    } else if (response.type === 'cancelled') {
      store.setState({ training: { ...training, status: 'cancelled', etaSeconds: null } });
    } else if (response.type === 'error') {
      store.setState({ training: { ...training, status: 'error', error: response.message } });
    }
  });

  return store;
}

export type TrainingStore = ReturnType<typeof createTrainingStore>;

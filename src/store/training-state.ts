import type { TrainProgress } from '../protocol/messages';
import type { RouteProgress } from '../routes/route';
import type { PanelRoute } from './shipped-models';

/** Where "train in this browser" stands, for the training panel. */
export interface TrainingState {
  readonly route: PanelRoute | null;
  readonly status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  readonly budget: number;
  readonly phase: string | null;
  readonly step: string | null;
  readonly epoch: number | null;
  readonly etaSeconds: number | null;
  /** Per-epoch losses of the network training now (reset when the phase or step changes). */
  readonly trainLosses: readonly number[];
  readonly validationLosses: readonly number[];
  readonly seconds: number | null;
  readonly error: string | null;
  /** Route B: ESS(β)/N of this run's weights at 𝒢, from the moment its scores exist; null before and for Route A. */
  readonly ess: NonNullable<RouteProgress['ess']> | null;
}

export const IDLE_TRAINING: TrainingState = {
  route: null,
  status: 'idle',
  budget: 10_000,
  phase: null,
  step: null,
  epoch: null,
  etaSeconds: null,
  trainLosses: [],
  validationLosses: [],
  seconds: null,
  error: null,
  ess: null,
};

/**
 * The training state after one progress report: phase, step, epoch, ETA and (Route B) the
 * weights' ESS, and the epoch's losses appended to the curves (which restart when the phase or step changes).
 * @param previousPhaseKey `phase|step` of the report before this one
 */
export function withTrainingProgress(training: TrainingState, progress: TrainProgress, previousPhaseKey: string): TrainingState {
  const fresh = `${progress.phase}|${progress.step}` !== previousPhaseKey;
  const losses = fresh ? { trainLosses: [], validationLosses: [] } : { trainLosses: training.trainLosses, validationLosses: training.validationLosses };
  const newEpoch = progress.epoch !== null && progress.epoch !== training.epoch && progress.trainLoss !== null && progress.validationLoss !== null;
  return {
    ...training,
    phase: progress.phase,
    step: progress.step,
    epoch: progress.epoch,
    etaSeconds: progress.etaSeconds,
    ess: progress.ess ?? training.ess,
    trainLosses: newEpoch ? [...losses.trainLosses, progress.trainLoss!] : losses.trainLosses,
    validationLosses: newEpoch ? [...losses.validationLosses, progress.validationLoss!] : losses.validationLosses,
  };
}

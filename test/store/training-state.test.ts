import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../src/protocol/messages';
import { IDLE_TRAINING, type TrainingState, withTrainingProgress } from '../../src/store/training-state';

const report = (fields: Partial<TrainProgress>): TrainProgress => ({
  type: 'train-progress',
  runId: 1,
  phase: 'scores',
  step: 'likelihood fold 1/2',
  epoch: null,
  trainLoss: null,
  validationLoss: null,
  etaSeconds: null,
  ...fields,
});

describe('the training state', () => {
  it('appends one loss per new epoch and restarts the curves when the step changes', () => {
    let state: TrainingState = { ...IDLE_TRAINING, status: 'running' };
    state = withTrainingProgress(state, report({ epoch: 1, trainLoss: 2, validationLoss: 3 }), '');
    state = withTrainingProgress(state, report({ epoch: 1, trainLoss: 2, validationLoss: 3 }), 'scores|likelihood fold 1/2');
    state = withTrainingProgress(state, report({ epoch: 2, trainLoss: 1, validationLoss: 2 }), 'scores|likelihood fold 1/2');
    expect(state.trainLosses).toEqual([2, 1]);
    state = withTrainingProgress(state, report({ step: 'likelihood fold 2/2', epoch: 1, trainLoss: 5, validationLoss: 6 }), 'scores|likelihood fold 1/2');
    expect(state.validationLosses).toEqual([6]);
  });

  it("keeps Route B's ESS from the report that brings it until a later one replaces it", () => {
    const ess = { betas: [0.1, 1, 1.5], essFraction: [0.004, 1, 0.8] };
    let state = withTrainingProgress({ ...IDLE_TRAINING, status: 'running' }, report({}), '');
    expect(state.ess).toBeNull();
    state = withTrainingProgress(state, report({ step: 'weights ready', ess }), 'scores|likelihood fold 2/2');
    state = withTrainingProgress(state, report({ phase: 'posterior', step: 'posterior q(θ | x, β)', epoch: 1, trainLoss: 1, validationLoss: 1 }), 'scores|weights ready');
    expect(state.ess).toEqual(ess);
  });
});

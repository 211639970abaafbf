import { beforeAll, describe, expect, it } from 'vitest';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { deserializeModel } from '../../src/nn/serialize';
import type { LabResponse, TrainRequest } from '../../src/protocol/messages';
import { TrainingSession } from '../../src/sessions/training-session';
import { useFastBackend } from '../helpers/nn';

const request = (runId: number, maxEpochs: number): TrainRequest => ({ type: 'train', runId, taskId: 'gaussian_mixture', route: 'b-nre', numSimulations: 800, seed: 2, maxEpochs });

describe('training session (the training worker’s logic)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should report every phase and end with a model that loads', async () => {
    const posted: LabResponse[] = [];
    await new TrainingSession((response) => posted.push(response)).start(request(1, 3));
    const phases = posted.filter((r) => r.type === 'train-progress').map((r) => (r.type === 'train-progress' ? r.phase : ''));
    expect(new Set(phases)).toEqual(new Set(['simulate', 'scores', 'posterior']));
    const last = posted[posted.length - 1]!;
    if (last.type !== 'train-result') throw new Error(`expected a train-result, got ${last.type}`);
    const { model, card } = deserializeModel(last.manifest, last.weights, 'worker result');
    expect(model).toBeInstanceOf(ConditionalDensity);
    expect(card).toMatchObject({ task: 'gaussian_mixture', route: 'b-nre', budget: 800 });
    model.dispose();
  }, 60_000);

  it('should stop on cancel and say so', async () => {
    const posted: LabResponse[] = [];
    const session = new TrainingSession((response) => posted.push(response));
    const running = session.start(request(7, 500));
    setTimeout(() => session.cancel(7), 300);
    await running;
    expect(posted[posted.length - 1]).toEqual({ type: 'cancelled', runId: 7 });
    expect(posted.some((r) => r.type === 'train-result')).toBe(false);
  }, 60_000);

  it("should train B-NLE with the likelihood estimator the request names, and record it in the card", async () => {
    const posted: LabResponse[] = [];
    await new TrainingSession((response) => posted.push(response)).start({ ...request(5, 2), route: 'b-nle', numSimulations: 300, likelihood: 'spline-flow' });
    const last = posted[posted.length - 1]!;
    if (last.type !== 'train-result') throw new Error(`expected a train-result, got ${last.type}`);
    const { model, card } = deserializeModel(last.manifest, last.weights, 'worker result');
    expect(card.extra.likelihood).toMatchObject({ kind: 'spline-flow' });
    model.dispose();
  }, 60_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { chooseBackend } from '../../src/nn/backend';
import { serializeModel } from '../../src/nn/serialize';
import { tf } from '../../src/nn/tf';
import type { LabResponse, PosteriorPredictiveRequest } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { createPosterior } from '../../src/routes/posterior';
import { PosteriorSession } from '../../src/sessions/posterior-session';
import { ROUTE_B_DEFAULTS } from '../../src/routes/route-b';
import { trainingProblemFor } from '../../src/routes/training-problem';

type PredictiveResult = Extract<LabResponse, { type: 'posterior-predictive-result' }>;
const task = getTask('hodgkin_huxley');

describe('posterior predictive traces in the posterior worker (Hodgkin–Huxley)', () => {
  let stored: { manifest: unknown; weights: Float32Array };

  beforeAll(async () => {
    await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
    // An untrained q(θ | x, β) of the task's shape: the plumbing, not the fit, is under test.
    const problem = trainingProblemFor(task);
    const { x } = problem.simulateJoint(200, Rng.fromSeed(1));
    const model = createPosterior(problem, x, ROUTE_B_DEFAULTS.posterior, 16, Rng.fromSeed(2));
    const card = { task: task.id, route: 'b-nle', budget: 200, seed: 1, commit: 'test', createdAt: 'now', backend: 'wasm', trainingSeconds: 0, validationLoss: 0, extra: {} };
    stored = await serializeModel(model, card);
    model.dispose();
  }, 60_000);

  const session = (responses: LabResponse[]) =>
    new PosteriorSession((response) => responses.push(response), () => chooseBackend({ candidates: ['wasm'], override: 'wasm' }), { fetchShipped: async () => stored, readBrowser: async () => null });

  const request = (runId: number, patch: Partial<PosteriorPredictiveRequest> = {}): PosteriorPredictiveRequest => ({
    type: 'posterior-predictive',
    runId,
    taskId: 'hodgkin_huxley',
    route: 'b-nle',
    source: { kind: 'shipped', url: 'models/hodgkin_huxley/b-nle/' },
    x: [...task.showcases[0]!.x],
    beta: 1,
    numTraces: 6,
    fixedBetas: [0.1, 1, 2],
    numFixedDraws: 50,
    seed: 5,
    ...patch,
  });

  it('should simulate one 0.1 ms trace per draw with its statistics, draw at the fixed β inside the box, and repeat with the seed', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await lab.predictive(request(1));
    const before = tf.memory().numTensors;
    await lab.predictive(request(2));
    await lab.predictive(request(3, { seed: 6, fixedBetas: [] }));
    expect(tf.memory().numTensors).toBe(before);
    const [first, second, third] = responses as PredictiveResult[];
    expect(responses.map((r) => r.type)).toEqual(['posterior-predictive-result', 'posterior-predictive-result', 'posterior-predictive-result']);
    expect(first!.traceDt).toBeCloseTo(0.1, 12);
    expect(first!.traces.length).toBe(6 * 1201);
    expect(first!.traces.every(Number.isFinite)).toBe(true);
    // Every trace starts at V(0) = −70 mV.
    for (let i = 0; i < 6; i++) expect(first!.traces[i * 1201]).toBeCloseTo(-70, 4);
    expect(first!.statistics.length).toBe(6 * 7);
    expect(first!.statistics.every(Number.isFinite)).toBe(true);
    expect(first!.fixedDraws.length).toBe(3 * 50 * 8);
    for (let k = 0; k < first!.fixedDraws.length; k++) {
      const j = k % 8;
      expect(first!.fixedDraws[k]!).toBeGreaterThanOrEqual(task.thetaLow[j]!);
      expect(first!.fixedDraws[k]!).toBeLessThanOrEqual(task.thetaHigh[j]!);
    }
    expect(Array.from(second!.traces)).toEqual(Array.from(first!.traces));
    expect(Array.from(second!.fixedDraws)).toEqual(Array.from(first!.fixedDraws));
    expect(Array.from(third!.traces)).not.toEqual(Array.from(first!.traces));
    expect(third!.fixedDraws.length).toBe(0);
  }, 60_000);

  it('should answer a β outside [0.1, 2] with an error naming the domain', async () => {
    const responses: LabResponse[] = [];
    await session(responses).predictive(request(7, { fixedBetas: [3] }));
    expect(responses).toEqual([{ type: 'error', runId: 7, message: "β: expected a number in [0.1, 2] (Hodgkin–Huxley neuron's β range), got 3" }]);
  }, 30_000);

  it('should reject malformed predictive messages, and tasks without traces, naming the field', () => {
    const good = request(1);
    expect(parseLabRequest(good)).toEqual(good);
    expect(() => parseLabRequest({ ...good, taskId: 'two_moons', x: [0, 0] })).toThrow('"posterior-predictive" message: taskId: expected a task whose data are traces (hodgkin_huxley), got two_moons');
    expect(() => parseLabRequest({ ...good, fixedBetas: [0.1, -1] })).toThrow('"posterior-predictive" message: fixedBetas[1]: expected a number in (0, 10], got -1');
    expect(() => parseLabRequest({ ...good, numTraces: 0 })).toThrow(/numTraces/);
    expect(() => parseLabRequest({ ...good, x: [1, 2] })).toThrow('"posterior-predictive" message: x: expected 7 finite numbers for hodgkin_huxley, got 2');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelDirectory } from '../../scripts/model-files';
import { chooseBackend } from '../../src/nn/backend';
import { tf } from '../../src/nn/tf';
import type { CalibrateRequest, LabResponse } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { parseLabResponse } from '../../src/protocol/responses';
import { getTask } from '../../src/benchmarks/registry';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { Rng } from '../../src/core/rng';
import { referenceCoverage } from '../../src/routes/reference-coverage';
import { CalibrationSession } from '../../src/sessions/calibration-session';

const request = (runId: number, patch: Partial<CalibrateRequest> = {}): CalibrateRequest =>
  parseLabRequest({
    type: 'calibrate',
    runId,
    taskId: 'two_moons',
    route: 'b-nle',
    source: { kind: 'shipped', url: 'public/models/two_moons/b-nle' },
    betas: [0.5, 1],
    numDataSets: 20,
    drawsPerDataSet: 50,
    level: 0.9,
    epsilon: null,
    referenceCheck: false,
    seed: 3,
    ...patch,
  }) as CalibrateRequest;

describe('the calibration worker’s session (issue 20)', () => {
  const responses: LabResponse[] = [];
  let session: CalibrationSession;
  beforeAll(async () => {
    const backend = await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
    session = new CalibrationSession(
      (response) => responses.push(parseLabResponse(response, 'calibration worker')),
      async () => backend,
      { fetchShipped: async (url) => loadModelDirectory(url), readBrowser: async () => null },
    );
  });

  it('should answer with progress after each β and one result, the same for the same seed, keeping no tensors', async () => {
    const before = tf.memory().numTensors;
    await session.calibrate(request(1));
    expect(tf.memory().numTensors).toBe(before);
    const mine = responses.filter((response) => response.runId === 1);
    expect(mine.map((response) => response.type)).toEqual(['calibration-progress', 'calibration-progress', 'calibration-result']);
    const result = mine.at(-1)!;
    if (result.type !== 'calibration-result') throw new Error('expected a result');
    expect(result).toMatchObject({ taskId: 'two_moons', route: 'b-nle', epsilon: null, numDataSets: 20, drawsPerDataSet: 50, backend: 'wasm' });
    expect(result.perBeta.map((row) => row.beta)).toEqual([0.5, 1]);
    expect(result.levels).toHaveLength(19);
    await session.calibrate(request(2));
    const again = responses.find((response) => response.runId === 2 && response.type === 'calibration-result');
    expect(again && again.type === 'calibration-result' && again.perBeta).toEqual(result.perBeta);
  }, 60_000);

  it('should draw from the misspecified simulator when given ε, and stop when cancelled', async () => {
    await session.calibrate(request(3, { epsilon: 0.9, betas: [1] }));
    const contaminated = responses.find((response) => response.runId === 3 && response.type === 'calibration-result');
    const nominal = responses.find((response) => response.runId === 1 && response.type === 'calibration-result');
    expect(contaminated?.type === 'calibration-result' && nominal?.type === 'calibration-result').toBe(true);
    if (contaminated?.type === 'calibration-result' && nominal?.type === 'calibration-result') {
      expect(contaminated.epsilon).toBe(0.9);
      expect(contaminated.perBeta[0]!.coverage).toBeLessThan(nominal.perBeta[1]!.coverage);
    }
    const running = session.calibrate(request(4, { betas: [0.3, 0.5, 1] }));
    session.cancel(4);
    await running;
    expect(responses.filter((response) => response.runId === 4).map((response) => response.type)).toEqual(['calibration-progress', 'cancelled']);
  }, 60_000);

  it('should follow its result with the reference check: pending, progress per sampler run, then the reference draws’ coverage at β = 1 and the chosen β', async () => {
    // The Gaussian mixture: its exact sampler takes milliseconds a data set (Two Moons' ~0.3 s).
    await session.calibrate(request(10, { taskId: 'gaussian_mixture', source: { kind: 'shipped', url: 'public/models/gaussian_mixture/b-nle' }, referenceCheck: true, numDataSets: 24, betas: [0.3, 1] }));
    const mine = responses.filter((response) => response.runId === 10);
    const results = mine.filter((response) => response.type === 'calibration-result');
    expect(results).toHaveLength(2);
    const [first, last] = results;
    if (first?.type !== 'calibration-result' || last?.type !== 'calibration-result') throw new Error('expected two results');
    expect(first.reference).toBe('pending');
    expect(last.perBeta).toEqual(first.perBeta);
    const referenceProgress = mine.filter((response) => response.type === 'calibration-progress' && response.stage === 'reference');
    const checkedBetas = [...new Set([1, first.choice.beta ?? 0.3])];
    expect(referenceProgress).toHaveLength(24 * checkedBetas.length);
    if (last.reference === null || last.reference === 'pending') throw new Error('expected the reference check');
    expect(last.reference).toMatchObject({ numDataSets: 24, drawsPerDataSet: 50 });
    expect(last.reference.perBeta.map((row) => row.beta)).toEqual(checkedBetas);
    // The same numbers as the reference check computed directly on the same data sets (seeds: θ* and x from seed 3's streams 1 and 2, the check from seed 5).
    const task = getTask('gaussian_mixture');
    const theta = sampleBoxPrior(task, 24, Rng.fromSeed(3, 1));
    const x = task.simulate(theta, Rng.fromSeed(3, 2));
    const direct = await referenceCoverage(task, { theta: theta.data, x: x.data }, { betas: checkedBetas, drawsPerDataSet: 50, level: 0.9 }, 5);
    expect(last.reference.perBeta.map((row) => row.coverage)).toEqual(direct.perBeta.map((row) => row.atLevel.coverage));
  }, 120_000);

  it('should stop a reference check when cancelled, after the network’s result', async () => {
    const running = session.calibrate(request(11, { taskId: 'gaussian_mixture', source: { kind: 'shipped', url: 'public/models/gaussian_mixture/b-nle' }, referenceCheck: true, betas: [1] }));
    while (!responses.some((response) => response.runId === 11 && response.type === 'calibration-progress' && response.stage === 'reference')) await new Promise((resolve) => setTimeout(resolve, 5));
    session.cancel(11);
    await running;
    const types = responses.filter((response) => response.runId === 11).map((response) => response.type);
    expect(types.at(-1)).toBe('cancelled');
    expect(types.filter((type) => type === 'calibration-result')).toHaveLength(1);
  }, 120_000);

  it('should refuse β outside the task’s domain and a model of another task, naming them', async () => {
    await session.calibrate(request(5, { betas: [0.05, 1] }));
    expect(responses.find((response) => response.runId === 5)).toMatchObject({ type: 'error', message: expect.stringMatching(/calibration β: expected numbers in \[0.1, 1.5\].*got 0.05/) });
    await session.calibrate(request(6, { source: { kind: 'shipped', url: 'public/models/slcp/b-nle' } }));
    expect(responses.find((response) => response.runId === 6)).toMatchObject({ type: 'error', message: expect.stringMatching(/expected an amortized posterior q\(θ \| x, β\) for two_moons, got a posterior for slcp/) });
  }, 60_000);

  it('should be refused at the boundary below the minimum data sets and draws', () => {
    expect(() => request(7, { numDataSets: 10 })).toThrow(/numDataSets/);
    expect(() => request(8, { drawsPerDataSet: 20 })).toThrow(/drawsPerDataSet/);
    expect(() => request(9, { epsilon: 1 })).toThrow(/epsilon/);
  });
});

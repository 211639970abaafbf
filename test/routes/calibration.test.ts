import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { COVERAGE_LEVELS } from '../../src/metrics/coverage';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { tf } from '../../src/nn/tf';
import { calibrate, MIN_DATA_SETS, MIN_DRAWS } from '../../src/routes/calibration';
import { TOY_SIGMA, toyCoverage, toyDataSets, toySampler } from '../helpers/conjugate-toy';
import { useFastBackend } from '../helpers/nn';

const options = { drawsPerDataSet: 400, level: 0.9, numBootstrap: 1000 };

describe('calibrate: coverage of q(θ | x, β) on K data sets at every β (issue 20)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should give the closed-form coverage curves of exact draws (β = 1 on the diagonal) and choose β* = 0.25 under variance inflation', async () => {
    const betas = [0.15, 0.25, 0.35, 0.5, 1];
    // K = 600: 4 binomial standard errors + 0.015 for the ranks' Monte Carlo error (M = 400) at each of 5 × 19 points.
    const nominal = await calibrate(toySampler(), toyDataSets(600, TOY_SIGMA, Rng.fromSeed(1)), { ...options, betas }, Rng.fromSeed(2));
    const inflated = await calibrate(toySampler(), toyDataSets(600, 2 * TOY_SIGMA, Rng.fromSeed(3)), { ...options, betas }, Rng.fromSeed(4));
    for (const [result, sigmaData] of [[nominal, TOY_SIGMA], [inflated, 2 * TOY_SIGMA]] as const) {
      expect(result).toMatchObject({ numDataSets: 600, drawsPerDataSet: 400, complete: true });
      for (const row of result.perBeta) {
        COVERAGE_LEVELS.forEach((level, i) => {
          const exact = toyCoverage(row.beta, level, sigmaData);
          expect(Math.abs(row.curve[i]! - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 600) + 0.015);
        });
      }
    }
    // Well specified: β = 1 is calibrated and the largest β of the grid, so it is chosen.
    expect(nominal.choice.beta).toBe(1);
    // Inflated noise (σ_data = 2σ): β = 1 under-covers; β* = σ²/σ_data² = 0.25, the grid's next β up may pass within its interval.
    expect(inflated.perBeta.at(-1)!.atLevel.high).toBeLessThan(0.75);
    expect([0.25, 0.35]).toContain(inflated.choice.beta);
  });

  it('should rank with a network’s own draws and densities: an untrained flow, batched over data sets, without tensor growth', async () => {
    const q = new ConditionalDensity(
      {
        estimator: { kind: 'spline-flow', numTransforms: 2, numBins: 4, tailBound: 5, hiddenWidth: 8, numBlocks: 1 },
        outputDim: 2,
        output: { kind: 'box', low: [-1, -1], high: [1, 1] },
        contextDim: 1,
        context: { keepColumns: [0], mean: [0], std: [1] },
        embedding: null,
        conditionOnBeta: true,
      },
      Rng.fromSeed(5),
    );
    const network = {
      thetaDim: 2,
      xDim: 1,
      sampleEach: (x: Float64Array, perDataSet: number, rng: Rng, beta: number) => q.sampleEach(x, perDataSet, rng, beta),
      logProb: (theta: Float64Array, x: Float64Array, beta: number) => q.logProb(theta, x, beta),
    };
    // θ* drawn from q itself at x: then q is its own exact posterior and every curve is the diagonal.
    const rng = Rng.fromSeed(6);
    const x = Float64Array.from({ length: 300 }, () => rng.normal());
    const theta = new Float64Array(600);
    for (let i = 0; i < 300; i++) theta.set(await q.sample([x[i]!], 1, rng.split(), 0.5), 2 * i);
    const before = tf.memory().numTensors;
    const result = await calibrate(network, { theta, x }, { ...options, betas: [0.5] }, Rng.fromSeed(7));
    expect(tf.memory().numTensors).toBe(before);
    COVERAGE_LEVELS.forEach((level, i) => expect(Math.abs(result.perBeta[0]!.curve[i]! - level)).toBeLessThan(4 * Math.sqrt((level * (1 - level)) / 300) + 0.015));
    // sampleEach keeps each data set's draws together: they equal q.sample at that x with the same stream.
    const each = await q.sampleEach(x.subarray(0, 3), 10, Rng.fromSeed(8), 0.5);
    expect(each.every((value) => Math.abs(value) < 1)).toBe(true);
    expect(Array.from(await q.sample([x[0]!], 10, Rng.fromSeed(8), 0.5))).toEqual(Array.from(each.subarray(0, 20)));
    q.dispose();
  });

  it('should stop between β when asked, and refuse too few data sets or draws', async () => {
    const dataSets = toyDataSets(40, TOY_SIGMA, Rng.fromSeed(9));
    const stopped = await calibrate(toySampler(), dataSets, { ...options, drawsPerDataSet: 60, betas: [0.5, 1, 1.5], onBeta: (done) => done < 1 }, Rng.fromSeed(10));
    expect(stopped.complete).toBe(false);
    expect(stopped.perBeta.map((row) => row.beta)).toEqual([0.5]);
    await expect(calibrate(toySampler(), toyDataSets(MIN_DATA_SETS - 1, TOY_SIGMA, Rng.fromSeed(1)), { ...options, betas: [1] }, Rng.fromSeed(1))).rejects.toThrow(`expected at least ${MIN_DATA_SETS} data sets (fewer move the coverage by 5 % or more per data set), got 19`);
    await expect(calibrate(toySampler(), dataSets, { ...options, drawsPerDataSet: MIN_DRAWS - 1, betas: [1] }, Rng.fromSeed(1))).rejects.toThrow(`expected at least ${MIN_DRAWS} draws per data set (fewer move each rank by 2 % or more), got 49`);
  });
});

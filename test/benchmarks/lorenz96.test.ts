import { describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { lorenz96, lorenz96Drift, Rk4Stepper } from '../../src/benchmarks/lorenz96';
import { LORENZ96 } from '../../src/benchmarks/metadata/lorenz96';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { meanAndVariance } from '../helpers/stats';

const K = LORENZ96.numStates;

describe('Lorenz-96', () => {
  it('should have the hand-computed drift at x = (1, …, 8)', () => {
    const out = new Float64Array(K);
    lorenz96Drift([1, 2, 3, 4, 5, 6, 7, 8], 2, 0.5, out);
    // f_k = −x_{k−1}(x_{k−2} − x_{k+1}) − x_k + 10 − 2 − 0.5 x_k, cyclic; e.g. f_1 = −8(7 − 2) − 1 + 8 − 0.5.
    expect([...out]).toEqual([-33.5, 0, 9.5, 11, 12.5, 14, 15.5, -39]);
  });

  it('should have (F − b₀)/(1 + b₁)·𝟙 as a fixed point of the drift', () => {
    const [b0, b1] = [1.7, 0.35];
    const c = (LORENZ96.forcing - b0) / (1 + b1);
    const out = new Float64Array(K);
    lorenz96Drift(new Float64Array(K).fill(c), b0, b1, out);
    for (const value of out) expect(Math.abs(value)).toBeLessThan(1e-12);
  });

  it('should have RK4 one-step error that falls about 32× when Δt halves', () => {
    const x = Float64Array.of(1.5, -2, 3.1, 0.2, 4, -1.2, 2.2, 0.9);
    const [b0, b1] = [1.8, 0.5];
    const stepper = new Rk4Stepper();
    const oneStep = (dt: number) => {
      const out = new Float64Array(K);
      stepper.step(x, b0, b1, dt, out);
      return out;
    };
    const reference = (dt: number) => {
      let state = Float64Array.from(x);
      const next = new Float64Array(K);
      for (let s = 0; s < 2000; s++) {
        stepper.step(state, b0, b1, dt / 2000, next);
        state = Float64Array.from(next);
      }
      return state;
    };
    const error = (dt: number) => {
      const a = oneStep(dt);
      const b = reference(dt);
      return Math.hypot(...a.map((v, k) => v - b[k]!));
    };
    const ratio = error(0.02) / error(0.01);
    // Local error O(Δt⁵): 2⁵ = 32, with higher-order terms at these step sizes.
    expect(ratio).toBeGreaterThan(26);
    expect(ratio).toBeLessThan(38);
  });

  it('should add standardised residuals that are N(0, 1)', () => {
    const rng = Rng.fromSeed(51);
    const theta = sampleBoxPrior(lorenz96, 2000, rng);
    const x = lorenz96.simulate(theta, rng);
    const stepper = new Rk4Stepper();
    const mean = new Float64Array(K);
    const residuals: number[] = [];
    for (let i = 0; i < theta.numRows; i++) {
      const [b0, b1, sigma] = [theta.data[3 * i]!, theta.data[3 * i + 1]!, theta.data[3 * i + 2]!];
      const row = x.data.subarray(i * lorenz96.xDim, (i + 1) * lorenz96.xDim);
      for (let t = 0; t < LORENZ96.numSteps; t++) {
        stepper.step(row.subarray(t * K, (t + 1) * K), b0, b1, LORENZ96.dt, mean);
        for (let k = 0; k < K; k++) residuals.push((row[(t + 1) * K + k]! - mean[k]!) / (sigma * Math.sqrt(LORENZ96.dt)));
      }
    }
    const n = residuals.length;
    const stats = meanAndVariance(residuals);
    expect(Math.abs(stats.mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(stats.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const tail = residuals.filter((r) => Math.abs(r) > 2).length / n;
    expect(Math.abs(tail - 0.0455003)).toBeLessThan(5 * Math.sqrt((0.0455 * 0.9545) / n));
  });

  it('should stay finite and bounded (|x| < 100) for 10 000 prior draws', () => {
    const rng = Rng.fromSeed(52);
    const x = lorenz96.simulate(sampleBoxPrior(lorenz96, 10_000, rng), rng);
    const nonFinite = x.data.filter((value) => !Number.isFinite(value)).length;
    const largest = x.data.reduce((acc, value) => Math.max(acc, Math.abs(value)), 0);
    expect(nonFinite).toBe(0);
    expect(largest).toBeLessThan(100);
  });

  it('should score the simulating θ above far-off θ for its own data', () => {
    const observation = getTask('lorenz96').observations[0]!;
    const theta = Float64Array.from(observation.theta);
    const far = Float64Array.from(observation.theta);
    far[2] = far[2]! > 2 ? 1.5 : 2.5;
    const values = lorenz96.logLikelihood(
      { data: Float64Array.from([...theta, ...far]), numRows: 2, numCols: 3 },
      { data: Float64Array.from(observation.x), numRows: 1, numCols: lorenz96.xDim },
    );
    expect(values[0]).toBeGreaterThan(values[1]!);
  });
});

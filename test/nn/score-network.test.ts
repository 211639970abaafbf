import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { noiseLadder } from '../../src/nn/score-network';
import { tf } from '../../src/nn/tf';
import type { TrainingProblem } from '../../src/routes/route';
import { fitJointScore } from '../../src/routes/route-a';
import { useFastBackend } from '../helpers/nn';

/** A 2-D (θ, x) Gaussian mixture with diagonal covariances: the joint whose noised score is known exactly. */
const COMPONENTS = [
  { weight: 0.4, mean: [-1, -0.5], std: [0.5, 0.3] },
  { weight: 0.6, mean: [1, 1], std: [0.35, 0.6] },
];

const mixtureProblem: TrainingProblem = {
  id: 'score-mixture',
  thetaDim: 1,
  xDim: 1,
  thetaOutput: { kind: 'standardize', mean: [0], std: [1] },
  constantXColumns: [],
  betaDomain: [0.1, 1.5],
  simulateJoint(n: number, rng: Rng) {
    const theta = new Float64Array(n);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const { mean, std } = COMPONENTS[rng.uniform() < COMPONENTS[0]!.weight ? 0 : 1]!;
      theta[i] = mean[0]! + std[0]! * rng.normal();
      x[i] = mean[1]! + std[1]! * rng.normal();
    }
    return { theta, x };
  },
};

/**
 * ∇ log (p ∗ N(0, σ²I))(y) in the coordinates y = (raw − shift)/scale: each component becomes
 * N((μ − shift)/scale, diag(std²/scale²) + σ²I).
 */
function exactNoisedScore(y: Float64Array, sigma: number, shift: number[], scale: number[]): Float64Array {
  const n = y.length / 2;
  const out = new Float64Array(y.length);
  for (let i = 0; i < n; i++) {
    const logTerms: number[] = [];
    const pulls: number[][] = [];
    for (const { weight, mean, std } of COMPONENTS) {
      let logTerm = Math.log(weight);
      const pull: number[] = [];
      for (let j = 0; j < 2; j++) {
        const variance = (std[j]! / scale[j]!) ** 2 + sigma ** 2;
        const centre = (mean[j]! - shift[j]!) / scale[j]!;
        const d = y[2 * i + j]! - centre;
        logTerm -= 0.5 * (Math.log(2 * Math.PI * variance) + (d * d) / variance);
        pull.push(-d / variance);
      }
      logTerms.push(logTerm);
      pulls.push(pull);
    }
    const top = Math.max(...logTerms);
    const weights = logTerms.map((t) => Math.exp(t - top));
    const total = weights.reduce((a, b) => a + b, 0);
    for (let j = 0; j < 2; j++) out[2 * i + j] = weights.reduce((acc, w, c) => acc + (w / total) * pulls[c]![j]!, 0);
  }
  return out;
}

describe('the joint score network (Route A, Phase I)', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it('should give the ladder σ_t = √γ_t, γ geometric from 0.01 to 1 (T = 10)', () => {
    const ladder = noiseLadder();
    expect(ladder).toHaveLength(10);
    expect(ladder[0]).toBeCloseTo(0.1, 12);
    expect(ladder[9]).toBeCloseTo(1, 12);
    expect(ladder[1]! ** 2 / ladder[0]! ** 2).toBeCloseTo(100 ** (1 / 9), 10);
    expect(() => noiseLadder(1)).toThrow(/expected ≥ 2 levels/);
  });

  it('should match the exact score of the noised mixture at every σ_t (relative MSE < 0.1) after a short run of a small network', async () => {
    const rng = Rng.fromSeed(4);
    const { theta, x } = mixtureProblem.simulateJoint(3000, rng.split());
    const before = tf.memory().numTensors;
    const { network, coordinates, ladder } = await fitJointScore(
      mixtureProblem,
      theta,
      x,
      { noise: { levels: 10, gammaMin: 0.01, gammaMax: 1 }, scoreWidth: 64, scoreBlocks: 2, scoreEpochs: 40, scoreLearningRate: 2e-3, seed: 4, batchSize: 128 },
      rng,
    );
    const shift = [coordinates.theta.mean[0]!, coordinates.x.mean[0]!];
    const scale = [coordinates.theta.std[0]!, coordinates.x.std[0]!];
    const fresh = mixtureProblem.simulateJoint(2000, Rng.fromSeed(9));
    const clean = coordinates.encode(fresh.theta, fresh.x, Uint32Array.from({ length: 2000 }, (_, i) => i));
    const noiseRng = Rng.fromSeed(10);
    const relativeErrors = [];
    for (const sigma of ladder) {
      const noised = Float64Array.from(clean, (v) => v + sigma * noiseRng.normal());
      const exact = exactNoisedScore(noised, sigma, shift, scale);
      const input = tf.tensor2d(Float32Array.from(noised), [2000, 2]);
      const learnedTensor = network.score(input, sigma);
      const learned = await learnedTensor.data();
      input.dispose();
      learnedTensor.dispose();
      let error = 0;
      let norm = 0;
      exact.forEach((value, k) => {
        error += (learned[k]! - value) ** 2;
        norm += value ** 2;
      });
      relativeErrors.push(error / norm);
    }
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const relative of relativeErrors) expect(relative).toBeLessThan(0.1);
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { type Tensor2D, tf } from '../../src/nn/tf';
import { reflectIntoBox, runTemperedLangevin, stepSizes } from '../../src/routes/langevin';
import { useFastBackend } from '../helpers/nn';

/** A 2-D Gaussian mixture p(y) = Σ wᵢ N(y; μᵢ, sᵢ² I), with its exact score and exact draws. */
const MIXTURE = [
  { weight: 0.3, mean: [-1, 0], std: 0.6 },
  { weight: 0.7, mean: [1, 0.5], std: 0.5 },
];

function mixtureLogDensity(y0: number, y1: number): number {
  const terms = MIXTURE.map(({ weight, mean, std }) => Math.log(weight) - Math.log(2 * Math.PI * std * std) - ((y0 - mean[0]!) ** 2 + (y1 - mean[1]!) ** 2) / (2 * std * std));
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - top), 0));
}

/** ∇ log p(y) = Σ rᵢ(y)(μᵢ − y)/sᵢ², rᵢ the posterior responsibilities. @param y [m, 2] */
function mixtureScore(y: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    const logTerms = MIXTURE.map(({ weight, mean, std }) =>
      tf.sub(Math.log(weight) - Math.log(2 * Math.PI * std * std), tf.div(tf.sum(tf.square(tf.sub(y, tf.tensor1d(mean))), 1, true), 2 * std * std)),
    );
    const responsibilities = tf.softmax(tf.concat(logTerms, 1));
    const pulls = MIXTURE.map(({ mean, std }, i) => tf.mul(tf.slice(responsibilities, [0, i], [-1, 1]), tf.div(tf.sub(tf.tensor1d(mean), y), std * std)));
    return pulls.reduce((total, pull) => tf.add(total, pull)) as Tensor2D;
  });
}

function mixtureDraws(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const { mean, std } = MIXTURE[rng.uniform() < MIXTURE[0]!.weight ? 0 : 1]!;
    out[2 * i] = mean[0]! + std * rng.normal();
    out[2 * i + 1] = mean[1]! + std * rng.normal();
  }
  return out;
}

/** Probabilities of p^β on BINS² cells over [−LIM, LIM]², by a fine grid (the exact answer). */
const BINS = 12;
const LIM = 3;
function temperedBinProbabilities(beta: number): Float64Array {
  const fine = 10;
  const cells = BINS * fine;
  const h = (2 * LIM) / cells;
  const mass = new Float64Array(BINS * BINS);
  for (let a = 0; a < cells; a++) {
    for (let b = 0; b < cells; b++) {
      mass[Math.floor(a / fine) * BINS + Math.floor(b / fine)]! += Math.exp(beta * mixtureLogDensity(-LIM + (a + 0.5) * h, -LIM + (b + 0.5) * h));
    }
  }
  const total = mass.reduce((acc, v) => acc + v, 0);
  return mass.map((v) => v / total);
}

/** Total variation between the binned draws (outside the square counts as its own bin) and `probabilities`. */
function binnedTotalVariation(draws: Float32Array, probabilities: Float64Array): number {
  const n = draws.length / 2;
  const counts = new Float64Array(BINS * BINS);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.floor(((draws[2 * i]! + LIM) / (2 * LIM)) * BINS);
    const b = Math.floor(((draws[2 * i + 1]! + LIM) / (2 * LIM)) * BINS);
    if (a < 0 || b < 0 || a >= BINS || b >= BINS) outside++;
    else counts[a * BINS + b]! += 1;
  }
  let tv = outside / n;
  counts.forEach((count, k) => (tv += Math.abs(count / n - probabilities[k]!)));
  return tv / 2;
}

describe('tempered Langevin synthesis with exact scores', () => {
  beforeAll(async () => {
    await useFastBackend();
  });

  it.each([0.5, 1.5])('should turn draws of a 2-D mixture p into draws of p^β (β = %s), by binned total variation', async (beta) => {
    const n = 6000;
    const start = mixtureDraws(n, Rng.fromSeed(1));
    const before = tf.memory().numTensors;
    const result = await runTemperedLangevin(
      { thetaDim: 1, score: mixtureScore, prior: { kind: 'smooth', score: (theta) => tf.zerosLike(theta) } },
      start,
      new Float32Array(n).fill(beta),
      { steps: 800, firstStep: 0.05, lastStep: 0.005 },
      Rng.fromSeed(2),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.numDropped).toBe(0);
    const target = temperedBinProbabilities(beta);
    // The test can fail: the untempered start is far from p^β in this metric.
    expect(binnedTotalVariation(start, target)).toBeGreaterThan(0.12);
    expect(binnedTotalVariation(result.states, target)).toBeLessThan(0.05);
  }, 60_000);

  it.each([0.5, 1.5])(
    'should give θ | x ~ N(βx/(1+β), 1/(1+β)) on the Gaussian-prior toy θ ~ N(0,1), x|θ ~ N(θ,1) at β = %s (the −(β−1)∇log π term)',
    async (beta) => {
      const n = 8000;
      const rng = Rng.fromSeed(5);
      const start = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const theta = rng.normal();
        start[2 * i] = theta;
        start[2 * i + 1] = theta + rng.normal();
      }
      // The exact joint score of the base model: ∂θ = −θ + (x − θ), ∂x = −(x − θ).
      const jointScore = (y: Tensor2D) =>
        tf.tidy(() => {
          const theta = tf.slice(y, [0, 0], [-1, 1]);
          const residual = tf.sub(tf.slice(y, [0, 1], [-1, 1]), theta);
          return tf.concat([tf.sub(residual, theta), tf.neg(residual)], 1) as Tensor2D;
        });
      const { states } = await runTemperedLangevin(
        { thetaDim: 1, score: jointScore, prior: { kind: 'smooth', score: (theta) => tf.neg(theta) } },
        start,
        new Float32Array(n).fill(beta),
        { steps: 600, firstStep: 0.05, lastStep: 0.01 },
        Rng.fromSeed(6),
      );
      // Least-squares fit θ ≈ a + b x: the conditional mean's slope and the residual variance.
      const theta = Float64Array.from({ length: n }, (_, i) => states[2 * i]!);
      const x = Float64Array.from({ length: n }, (_, i) => states[2 * i + 1]!);
      const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
      const [mx, mt] = [mean(x), mean(theta)];
      const slope = mean(x.map((xi, i) => (xi - mx) * (theta[i]! - mt))) / mean(x.map((xi) => (xi - mx) ** 2));
      const residualVariance = mean(theta.map((t, i) => (t - mt - slope * (x[i]! - mx)) ** 2));
      expect(slope).toBeCloseTo(beta / (1 + beta), 1);
      expect(Math.abs(slope - beta / (1 + beta))).toBeLessThan(0.03);
      expect(Math.abs(residualVariance / (1 / (1 + beta)) - 1)).toBeLessThan(0.06);
    },
    60_000,
  );

  it('should keep every θ inside the box, however far a step throws it', async () => {
    const folded = reflectIntoBox(tf.tensor2d([-7.3, 0.2, 1.9, 11.05, 2.5, -1.5], [6, 1]), [-1], [2]);
    const values = Array.from(await folded.data());
    folded.dispose();
    [-0.7, 0.2, 1.9, -0.95, 1.5, -0.5].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 5));

    const n = 2000;
    const start = new Float32Array(3 * n).fill(0);
    const outward = (y: Tensor2D) => tf.tidy(() => tf.mul(tf.onesLike(y), 40) as Tensor2D);
    const { states } = await runTemperedLangevin(
      { thetaDim: 2, score: outward, prior: { kind: 'box', low: [-1, -0.5], high: [1, 0.5] } },
      start,
      new Float32Array(n).fill(1.5),
      { steps: 30, firstStep: 0.5, lastStep: 0.1 },
      Rng.fromSeed(7),
    );
    for (let i = 0; i < n; i++) {
      expect(Math.abs(states[3 * i]!)).toBeLessThanOrEqual(1);
      expect(Math.abs(states[3 * i + 1]!)).toBeLessThanOrEqual(0.5);
    }
  });

  it('should drop and count chains that become non-finite, and refuse bad β or schedules', async () => {
    const poisonFirstRow = (y: Tensor2D) => tf.tidy(() => tf.div(tf.sub(y, y), tf.concat([tf.zeros([1, 2]), tf.ones([y.shape[0] - 1, 2])], 0)) as Tensor2D);
    const result = await runTemperedLangevin({ thetaDim: 1, score: poisonFirstRow, prior: { kind: 'smooth', score: tf.zerosLike } }, new Float32Array(8), new Float32Array(4).fill(1), { steps: 2, firstStep: 0.1, lastStep: 0.1 }, Rng.fromSeed(1));
    expect(result.numDropped).toBe(1);
    expect(result.states.length).toBe(6);
    await expect(runTemperedLangevin({ thetaDim: 1, score: mixtureScore, prior: { kind: 'smooth', score: tf.zerosLike } }, new Float32Array(4), Float32Array.of(1, -1), { steps: 1, firstStep: 0.1, lastStep: 0.1 }, Rng.fromSeed(1))).rejects.toThrow(
      /expected every β > 0, got -1 for chain 1/,
    );
    expect(() => stepSizes({ steps: 0, firstStep: 0.1, lastStep: 0.1 })).toThrow(/expected an integer K ≥ 1/);
    expect(stepSizes({ steps: 3, firstStep: 0.1, lastStep: 0.001 })).toEqual([0.1, expect.closeTo(0.01, 12), expect.closeTo(0.001, 12)]);
  });
});

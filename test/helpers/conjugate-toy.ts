import { normalCdf, normalQuantile } from '../../src/core/normal';
import type { Rng } from '../../src/core/rng';
import type { CalibratedPosterior, CalibrationDataSets } from '../../src/routes/calibration';

/**
 * The conjugate toy of the calibration tests (test-only, issue 20): θ ~ N(0, 1), no box,
 * x | θ ~ N(θ, σ²) with σ = 0.5 in the model, data drawn with noise σ_data (σ_data = σ: well
 * specified; larger: variance inflation). The power posterior is N(μ_β, s_β²) with precision
 * 1 + β/σ² and μ_β = (βx/σ²)·s_β². Over the joint, θ* − μ_β = (1 − w)θ* − wε with w = (β/σ²)·s_β²,
 * of variance v_β = (1 − w)² + w²σ_data², so the α-HPD interval covers with probability
 * 2Φ(z_{(1+α)/2}·s_β/√v_β) − 1, and the calibrating β (s_β² = v_β) is β* = σ²/σ_data².
 */
export const TOY_SIGMA = 0.5;

export const logNormal = (v: number, mean: number, sd: number) => -0.5 * ((v - mean) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

export function toyPosterior(beta: number, x: number): { mean: number; sd: number } {
  const variance = 1 / (1 + beta / TOY_SIGMA ** 2);
  return { mean: ((beta * x) / TOY_SIGMA ** 2) * variance, sd: Math.sqrt(variance) };
}

/** The closed-form coverage of the α-HPD interval of N(μ_β, (widen·s_β)²) with data noise σ_data. */
export function toyCoverage(beta: number, level: number, sigmaData: number, widen = 1): number {
  const { sd } = toyPosterior(beta, 0);
  const w = (beta / TOY_SIGMA ** 2) * sd ** 2;
  const v = (1 - w) ** 2 + w ** 2 * sigmaData ** 2;
  return 2 * normalCdf(normalQuantile((1 + level) / 2) * ((widen * sd) / Math.sqrt(v))) - 1;
}

/** K data sets: θ* ~ N(0, 1), x = θ* + σ_data·ε. */
export function toyDataSets(numDataSets: number, sigmaData: number, rng: Rng): CalibrationDataSets {
  const theta = Float64Array.from({ length: numDataSets }, () => rng.normal());
  return { theta, x: theta.map((t) => t + sigmaData * rng.normal()) };
}

/** Exact draws of the toy's power posterior (widened by `widen`: 1 is exact), scored by their own density. */
export function toySampler(widen = 1): CalibratedPosterior {
  return {
    thetaDim: 1,
    xDim: 1,
    sampleEach: async (x, perDataSet, rng, beta) => {
      const out = new Float64Array(x.length * perDataSet);
      x.forEach((value, i) => {
        const { mean, sd } = toyPosterior(beta, value);
        for (let r = 0; r < perDataSet; r++) out[i * perDataSet + r] = mean + widen * sd * rng.normal();
      });
      return out;
    },
    logProb: async (theta, x, beta) =>
      theta.map((t, i) => {
        const { mean, sd } = toyPosterior(beta, x[i]!);
        return logNormal(t, mean, widen * sd);
      }),
  };
}

import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { c2st } from '../../src/metrics/c2st';
import { mmd } from '../../src/metrics/mmd';
import { c2stOnThreads } from '../c2st-threads';

const SIZES = [1000, 5000, 10_000];
const DIMS = [2, 5];

function shiftedGaussian(n: number, d: number, shift: number, rng: Rng): Matrix {
  return { data: Float64Array.from({ length: n * d }, (_, k) => rng.normal() + (k % d === 0 ? shift : 0)), numRows: n, numCols: d };
}

/**
 * Seconds for C2ST (all folds on one thread, and spread over the cores) and MMD² at 1 000,
 * 5 000 and 10 000 samples per side, for 2-D and 5-D Gaussians half a standard deviation apart.
 */
export async function benchMetrics(seed: number): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = [];
  for (const d of DIMS) {
    for (const n of SIZES) {
      const rng = Rng.fromSeed(seed, d);
      const reference = shiftedGaussian(n, d, 0, rng);
      const candidate = shiftedGaussian(n, d, 0.5, rng);
      const threaded = await c2stOnThreads(reference, candidate, { seed });
      const single = n <= 5000 || d <= 2 ? c2st(reference, candidate, { seed }) : null;
      const distance = mmd(reference, candidate, { seed });
      const row = {
        bench: 'metrics',
        dim: d,
        samplesPerSide: n,
        c2stSecondsThreads: threaded.seconds,
        c2stSecondsOneThread: single?.seconds ?? null,
        c2stAccuracy: threaded.accuracy,
        c2stEpochs: threaded.folds.map((fold) => fold.numEpochs),
        mmdSeconds: distance.seconds,
        mmdSquared: distance.mmdSquared,
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
  return { rows: rows.length };
}

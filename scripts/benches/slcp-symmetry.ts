import { getTask } from '../../src/benchmarks/registry';
import { matrixFromRows } from '../../src/core/matrix';
import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { SLCP_TEMPERING } from '../../src/benchmarks/slcp';
import { ParallelTempering } from '../../src/reference/parallel-tempering';
import { runToEnd } from '../../src/reference/sampler';
import { c2stOnThreads } from '../c2st-threads';

/** Shares of the draws in the four sign quadrants of (θ₃, θ₄): ++, +−, −+, −−. */
function quadrants(samples: Matrix): number[] {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < samples.numRows; i++) counts[(samples.data[i * 5 + 2]! > 0 ? 0 : 2) + (samples.data[i * 5 + 3]! > 0 ? 0 : 1)]! += 1;
  return counts.map((count) => Number((count / samples.numRows).toFixed(3)));
}

/**
 * What SLCP's sign flips (ParallelTempering's `signSymmetry`) do to its reference, observations
 * 1–3 at β = 1: two parallel-tempering runs of 10 000 draws (chain seeds S and S + 1, as the
 * evaluations' reference and floor), each with and without the flips (the same chain), and the
 * C2ST (seed S + 2) of the reference-vs-reference floor without and with them, and of the old
 * reference against the new. Prints one JSON line per observation.
 */
export async function benchSlcpSymmetry(seed: number): Promise<Record<string, unknown>> {
  const task = getTask('slcp');
  const floors: number[][] = [];
  for (const observation of [1, 2, 3]) {
    const x = matrixFromRows([task.observations[observation - 1]!.x]);
    const run = (chainSeed: number, flipped: boolean) =>
      runToEnd(new ParallelTempering(task, x, 1, { ...SLCP_TEMPERING, numKept: 10_000, ...(flipped ? { signSymmetry: { coordinates: [2, 3], rng: Rng.fromSeed(chainSeed, 13) } } : {}) }, Rng.fromSeed(chainSeed, 11))).samples;
    const [oldA, newA, oldB, newB] = [run(seed, false), run(seed, true), run(seed + 1, false), run(seed + 1, true)];
    const accuracy = async (a: Matrix, b: Matrix) => Number((await c2stOnThreads(a, b, { seed: seed + 2 })).accuracy.toFixed(4));
    const line = { bench: 'slcp-symmetry', observation, beta: 1, quadrantsWithout: [quadrants(oldA), quadrants(oldB)], quadrantsWith: [quadrants(newA), quadrants(newB)], floorWithout: await accuracy(oldA, oldB), floorWith: await accuracy(newA, newB), withoutAgainstWith: await accuracy(oldA, newB) };
    console.log(JSON.stringify(line));
    floors.push([line.floorWithout, line.floorWith]);
  }
  return { floorsWithoutAndWith: floors };
}

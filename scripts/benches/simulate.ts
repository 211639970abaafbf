import { cpus } from 'node:os';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { TASK_MODELS } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';

/** Minimum wall time per task, so fast simulators are measured over many batches. */
const MIN_SECONDS = 1;
const BATCH = 1000;

/**
 * Simulations per second for each task on one thread: batches of 1 000 prior draws simulated
 * until at least a second has passed (prior sampling excluded from the timing).
 */
export async function benchSimulate(seed: number): Promise<Record<string, unknown>> {
  const rates: Record<string, number> = {};
  for (const task of TASK_MODELS) {
    const rng = Rng.fromSeed(seed);
    const theta = sampleBoxPrior(task, BATCH, rng);
    task.simulate(theta, rng); // warm-up
    let count = 0;
    let elapsed = 0;
    while (elapsed < MIN_SECONDS) {
      const start = performance.now();
      task.simulate(theta, rng);
      elapsed += (performance.now() - start) / 1000;
      count += BATCH;
    }
    rates[task.id] = Math.round(count / elapsed);
    console.log(JSON.stringify({ bench: 'simulate', task: task.id, simulationsPerSecond: rates[task.id], secondsPer10000: Number((10_000 / rates[task.id]!).toFixed(2)), batch: BATCH }));
  }
  return { simulationsPerSecond: rates, node: process.version, cpu: cpus()[0]?.model ?? 'unknown' };
}

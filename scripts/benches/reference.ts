import { TASKS } from '../../src/benchmarks/registry';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { runToEnd } from '../../src/reference/sampler';

/**
 * Per task and β ∈ {0.1, 1, 1.5}: seconds for 10 000 reference draws of observation 1, and
 * effective samples per second (the smallest bulk ESS over the parameters, per second).
 */
export async function benchReference(seed: number): Promise<Record<string, unknown>> {
  let rows = 0;
  for (const task of TASKS.values()) {
    for (const beta of [0.1, 1, 1.5]) {
      const start = performance.now();
      const { diagnostics } = runToEnd(createReferenceSampler(task, task.observations[0]!.x, beta, 10_000, seed));
      const seconds = (performance.now() - start) / 1000;
      const ess = Math.min(...diagnostics.bulkEss);
      console.log(
        JSON.stringify({
          bench: 'reference',
          task: task.id,
          beta,
          method: diagnostics.method,
          secondsPer10000: seconds,
          minBulkEss: Math.round(ess),
          effectiveSamplesPerSecond: Math.round(ess / seconds),
          acceptanceRate: diagnostics.acceptanceRate,
          swapRate: diagnostics.swapRate,
        }),
      );
      rows++;
    }
  }
  return { rows };
}

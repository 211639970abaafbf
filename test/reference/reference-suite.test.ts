import { describe, expect, it } from 'vitest';
import { TASKS } from '../../src/benchmarks/registry';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { runToEnd } from '../../src/reference/sampler';

/**
 * The contract every task's reference sampler keeps (issue 21), built from the recipe the task
 * owns: the same seed gives the same draws and another seed others, every draw lies in the prior
 * box, and the diagnostics are all there (the mode masses exactly where the recipe names modes).
 * Agreement with the exact grid posterior is `reference-samplers.test.ts`'s, per task.
 */
const WITH_REFERENCE = [...TASKS.values()].filter((task) => task.reference !== undefined);

describe.each(WITH_REFERENCE)('the reference sampler of $id', (task) => {
  it('should be seeded, keep every draw in the box, and report its diagnostics', () => {
    const x = task.observations[0]!.x;
    const run = (seed: number) => runToEnd(createReferenceSampler(task, x, 0.7, 100, seed));
    const first = run(3);
    expect(run(3).samples.data).toEqual(first.samples.data);
    expect(run(4).samples.data).not.toEqual(first.samples.data);

    const { samples, diagnostics } = first;
    expect(samples.numRows).toBe(100);
    expect(samples.numCols).toBe(task.thetaDim);
    for (let i = 0; i < samples.data.length; i++) {
      const j = i % task.thetaDim;
      expect(samples.data[i]!).toBeGreaterThanOrEqual(task.thetaLow[j]!);
      expect(samples.data[i]!).toBeLessThanOrEqual(task.thetaHigh[j]!);
    }
    expect(diagnostics.method).toMatch(/\w/);
    expect(diagnostics.acceptanceRate).toBeGreaterThan(0);
    expect(diagnostics.acceptanceRate).toBeLessThanOrEqual(1);
    expect(diagnostics.bulkEss).toHaveLength(task.thetaDim);
    expect(diagnostics.iterations).toBeGreaterThan(0);
    expect(diagnostics.seconds).toBeGreaterThanOrEqual(0);
    const modes = task.reference!.kind === 'mixture-rejection' ? undefined : task.reference!.modes;
    if (modes) {
      expect(diagnostics.modeMasses!.map((mode) => mode.name)).toEqual(modes.map((mode) => mode.name));
      expect(diagnostics.modeMasses!.reduce((sum, mode) => sum + mode.mass, 0)).toBeCloseTo(1, 9);
    } else {
      expect(diagnostics.modeMasses).toBeNull();
    }
  }, 60_000);
});

describe('a task without a likelihood', () => {
  it('should have no reference sampler, and say why', () => {
    const task = TASKS.get('hodgkin_huxley')!;
    expect(task.reference).toBeUndefined();
    expect(() => createReferenceSampler(task, task.observations[0]!.x, 1, 10, 1)).toThrow(/expected a task with a tractable likelihood, got hodgkin_huxley/);
  });
});

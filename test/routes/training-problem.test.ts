import { describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { getTask } from '../../src/benchmarks/registry';
import { Rng } from '../../src/core/rng';
import { simulateBaseSet } from '../../src/routes/route';
import type { RouteProgress } from '../../src/routes/route';
import { trainingProblemFor } from '../../src/routes/training-problem';

describe('a task as a training problem', () => {
  it.each(['two_moons', 'gaussian_mixture', 'slcp', 'lorenz96'])('should simulate %s in chunks with exactly the numbers of one call (shipped models stay reproducible)', (id) => {
    const task = getTask(id);
    const rng = Rng.fromSeed(7);
    const theta = sampleBoxPrior(task, 1200, rng);
    const x = task.simulate(theta, rng);
    const chunked = trainingProblemFor(task).simulateJoint(1200, Rng.fromSeed(7));
    expect(Array.from(chunked.theta)).toEqual(Array.from(theta.data));
    expect(Array.from(chunked.x)).toEqual(Array.from(x.data));
  });

  it('should report simulation progress with an ETA as phase "simulate"', () => {
    const reports: RouteProgress[] = [];
    simulateBaseSet(trainingProblemFor(getTask('gaussian_mixture')), 1200, Rng.fromSeed(1), { onProgress: (progress) => reports.push(progress) });
    expect(reports.map((report) => report.step)).toEqual(['0/1200 simulations', '500/1200 simulations', '1000/1200 simulations', '1200/1200 simulations']);
    expect(reports.every((report) => report.phase === 'simulate')).toBe(true);
    expect(reports.at(-1)!.etaSeconds).toBe(0);
  });
});

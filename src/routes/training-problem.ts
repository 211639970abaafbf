import { sampleBoxPrior } from '../benchmarks/box-prior';
import type { Task } from '../benchmarks/task';
import type { Rng } from '../core/rng';
import type { TrainingProblem } from './route';

/**
 * A benchmark task as a training problem: θ logit-mapped to its prior box (so every posterior
 * draw lies inside it), the task's constant data columns dropped, its β domain, and its exact
 * likelihood for oracle scores.
 */
export function trainingProblemFor(task: Task): TrainingProblem {
  return {
    id: task.id,
    thetaDim: task.thetaDim,
    xDim: task.xDim,
    thetaOutput: { kind: 'box', low: Array.from(task.thetaLow), high: Array.from(task.thetaHigh) },
    constantXColumns: task.constantXColumns,
    betaDomain: task.betaDomain,
    simulateJoint(n: number, rng: Rng) {
      const theta = sampleBoxPrior(task, n, rng);
      return { theta: theta.data, x: task.simulate(theta, rng).data };
    },
    logLikelihood: (theta, x) =>
      task.logLikelihood({ data: theta, numRows: theta.length / task.thetaDim, numCols: task.thetaDim }, { data: x, numRows: x.length / task.xDim, numCols: task.xDim }),
  };
}

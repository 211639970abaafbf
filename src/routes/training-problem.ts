import { sampleBoxPrior } from '../benchmarks/box-prior';
import { requireLikelihood, type Task, toNetworkData } from '../benchmarks/task';
import { checkDataStructure } from '../benchmarks/metadata/task-metadata';
import type { Rng } from '../core/rng';
import type { TrainingProblem } from './route';

/** Simulations per progress report. */
const SIMULATION_CHUNK = 500;

/**
 * A benchmark task as a training problem: θ logit-mapped to its prior box (so every posterior
 * draw lies inside it), the task's constant data columns dropped, its β domain, and its exact
 * likelihood for oracle scores where it has one. x is in network form (`toNetworkData`):
 * integer columns (Hodgkin–Huxley's spike count) are dequantised — each simulated value gets
 * + U(0, 1) from the same rng, observations get + ½ (`networkObservation`) — and heavy-tailed
 * positive columns are logged.
 */
export function trainingProblemFor(task: Task): TrainingProblem {
  const asMatrix = (data: Float64Array, numCols: number) => ({ data, numRows: data.length / numCols, numCols });
  if (task.dataStructure) checkDataStructure(task.dataStructure, task.xDim, `task ${task.id}`);
  return {
    id: task.id,
    thetaDim: task.thetaDim,
    xDim: task.xDim,
    thetaOutput: { kind: 'box', low: Array.from(task.thetaLow), high: Array.from(task.thetaHigh) },
    constantXColumns: task.constantXColumns,
    betaDomain: task.betaDomain,
    ...(task.dataStructure ? { dataStructure: task.dataStructure } : {}),
    simulateJoint(n: number, rng: Rng, onProgress?: (done: number) => void) {
      const theta = sampleBoxPrior(task, n, rng);
      // Rows are simulated in chunks with one rng, in order: the same numbers as one call.
      const x = new Float64Array(n * task.xDim);
      for (let start = 0; start < n; start += SIMULATION_CHUNK) {
        const rows = Math.min(SIMULATION_CHUNK, n - start);
        const chunk = task.simulate({ data: theta.data.subarray(start * task.thetaDim, (start + rows) * task.thetaDim), numRows: rows, numCols: task.thetaDim }, rng);
        x.set(chunk.data, start * task.xDim);
        onProgress?.(start + rows);
      }
      toNetworkData(task, x, () => rng.uniform());
      return { theta: theta.data, x };
    },
    ...(task.logLikelihood
      ? { logLikelihood: (theta: Float64Array, x: Float64Array) => requireLikelihood(task)(asMatrix(theta, task.thetaDim), asMatrix(x, task.xDim)) }
      : {}),
    ...(task.logEvidence ? { logEvidence: (x: Float64Array) => task.logEvidence!(asMatrix(x, task.xDim)) } : {}),
  };
}

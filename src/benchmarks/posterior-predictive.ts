import { zerosMatrix, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import type { TaskModel } from './task';

/** Traces simulated from posterior draws, with their summary statistics. */
export interface PredictiveTraces {
  /** [n, length] voltage traces, `dt` ms apart from t = 0 */
  readonly traces: Matrix;
  /** [n, xDim] the statistics of each trace (what the network conditioned on) */
  readonly x: Matrix;
  readonly dt: number;
}

/**
 * The posterior predictive of a task with traces (Hodgkin–Huxley, the paper's Figure 3): one
 * simulated trace per θ draw and its summary statistics. Draws of q lie inside the prior box up
 * to rounding; they are clamped into it (the simulator rejects anything outside).
 * @param theta [n, thetaDim] posterior draws
 */
export function simulatePredictiveTraces(task: TaskModel, theta: Matrix, rng: Rng): PredictiveTraces {
  const model = task.traces;
  if (!model) throw new Error(`posterior predictive traces: expected a task whose data are traces (hodgkin_huxley), got ${task.id}`);
  const inside = zerosMatrix(theta.numRows, task.thetaDim);
  for (let k = 0; k < inside.data.length; k++) {
    const j = k % task.thetaDim;
    inside.data[k] = Math.min(task.thetaHigh[j]!, Math.max(task.thetaLow[j]!, theta.data[k]!));
  }
  const traces = model.simulate(inside, rng);
  const x = zerosMatrix(theta.numRows, task.xDim);
  for (let i = 0; i < theta.numRows; i++) {
    x.data.set(model.statistics(traces.data.subarray(i * traces.numCols, (i + 1) * traces.numCols), model.dt), i * task.xDim);
  }
  return { traces, x, dt: model.dt };
}

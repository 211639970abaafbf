import type { Matrix } from '../core/matrix';
import { assertFiniteMatrix, assertInsideBox } from '../core/validate';
import type { TaskModel } from './task';

/** Checks `simulate`'s input: [n ≥ 1, thetaDim] finite values inside the closed prior box. */
export function checkSimulateInput(task: TaskModel, theta: Matrix): void {
  assertFiniteMatrix(`${task.id}.simulate theta`, theta, task.thetaDim);
  assertInsideBox(`${task.id}.simulate theta`, theta, task.thetaLow, task.thetaHigh);
}

/** Checks `logLikelihood`'s input: θ [n, thetaDim] and x [n or 1, xDim], all finite. */
export function checkLikelihoodInput(task: TaskModel, theta: Matrix, x: Matrix): void {
  assertFiniteMatrix(`${task.id}.logLikelihood theta`, theta, task.thetaDim);
  assertFiniteMatrix(`${task.id}.logLikelihood x`, x, task.xDim);
  if (x.numRows !== 1 && x.numRows !== theta.numRows) {
    throw new Error(
      `${task.id}.logLikelihood x: expected 1 row or ${theta.numRows} rows (one per theta), got ${x.numRows}`,
    );
  }
}

/** Row offset of the x that pairs with θ row `i` (x may be one row broadcast to all θ). */
export function xRowOffset(x: Matrix, i: number): number {
  return x.numRows === 1 ? 0 : i * x.numCols;
}

/** Checks a contamination probability ε: a number in [0, 1). */
export function checkEpsilon(epsilon: number): void {
  if (!(epsilon >= 0 && epsilon < 1)) throw new Error(`ε: expected a contamination probability in [0, 1), got ${epsilon}`);
}

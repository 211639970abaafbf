import { requireLikelihood, type Task } from '../benchmarks/task';
import { matrixFrom, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';

/** The default number of cells per dimension: 1 024 for 2-D θ, 61 for 3-D (DESIGN.md §3). */
export function defaultCellsPerDim(thetaDim: number): number {
  if (thetaDim === 2) return 1024;
  if (thetaDim === 3) return 61;
  throw new Error(`grid posterior: expected a task with 2 or 3 parameters, got ${thetaDim}`);
}

/** Below this, exp(·) is 0 in float64. */
const UNDERFLOW = -746;

/** A tempered grid posterior: normalised cell masses and what follows from them. */
export interface TemperedGrid {
  readonly beta: number;
  /** [numCells] cell masses summing to 1, cells in row-major order of the axes (last axis fastest). */
  readonly masses: Float64Array;
  /** Per parameter, [cellsPerDim] marginal masses. */
  readonly marginals: readonly Float64Array[];
  /** log ∫ π(θ) p(x|θ)^β dθ by the midpoint rule (the prior density included). */
  readonly logEvidence: number;
}

/**
 * The log-likelihood of one observation on a regular grid of cell centres over the prior box,
 * computed once; `temper(β)` then gives the exact (numerically normalised) tempered posterior
 * p_β(θ|x) ∝ π(θ) p(x|θ)^β for any β in O(cells) — the yardstick of the tests and the
 * contours of the page.
 */
export class LikelihoodGrid {
  /** Per parameter, [cellsPerDim] cell centres. */
  readonly axes: readonly Float64Array[];
  /** Per parameter, the cell width. */
  readonly cellWidths: readonly number[];
  /** [numCells] log p(x | θ_cell). */
  readonly logLikelihood: Float64Array;
  readonly numCells: number;

  constructor(
    readonly task: Task,
    xObs: Matrix,
    readonly cellsPerDim: number = defaultCellsPerDim(task.thetaDim),
  ) {
    const d = task.thetaDim;
    if (!Number.isInteger(cellsPerDim) || cellsPerDim < 2) {
      throw new Error(`grid posterior: expected an integer number of cells per dimension ≥ 2, got ${cellsPerDim}`);
    }
    this.cellWidths = Array.from({ length: d }, (_, j) => (task.thetaHigh[j]! - task.thetaLow[j]!) / cellsPerDim);
    this.axes = Array.from({ length: d }, (_, j) =>
      Float64Array.from({ length: cellsPerDim }, (_, i) => task.thetaLow[j]! + (i + 0.5) * this.cellWidths[j]!),
    );
    this.numCells = cellsPerDim ** d;
    this.logLikelihood = new Float64Array(this.numCells);
    const logLikelihoodOf = requireLikelihood(task);
    // Batches of one grid line (the last axis) at a time keep memory flat.
    const theta = matrixFrom(new Float64Array(cellsPerDim * d), cellsPerDim, d);
    for (let line = 0; line < this.numCells / cellsPerDim; line++) {
      const cell0 = line * cellsPerDim;
      for (let i = 0; i < cellsPerDim; i++) this.cellCentre(cell0 + i, theta.data.subarray(i * d, (i + 1) * d));
      this.logLikelihood.set(logLikelihoodOf(theta, xObs), cell0);
    }
  }

  /** Writes the centre of cell `index` into `out` [thetaDim]. */
  cellCentre(index: number, out: Float64Array): void {
    let rest = index;
    for (let j = this.task.thetaDim - 1; j >= 0; j--) {
      out[j] = this.axes[j]![rest % this.cellsPerDim]!;
      rest = Math.floor(rest / this.cellsPerDim);
    }
  }

  /** The grid index of each parameter of cell `index`. */
  cellIndices(index: number): number[] {
    const out = new Array<number>(this.task.thetaDim);
    let rest = index;
    for (let j = this.task.thetaDim - 1; j >= 0; j--) {
      out[j] = rest % this.cellsPerDim;
      rest = Math.floor(rest / this.cellsPerDim);
    }
    return out;
  }

  /**
   * The exact tempered posterior on the grid for `beta`: masses ∝ exp(β ℓ_c) normalised by
   * log-sum-exp (one pass for the maximum, one for the sum, one to normalise), and the marginals
   * by walking the cells' grid indices like an odometer (no division per cell).
   */
  temper(beta: number): TemperedGrid {
    const numCells = this.numCells;
    const logLikelihood = this.logLikelihood;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numCells; c++) {
      const value = beta * logLikelihood[c]!;
      if (value > max) max = value;
    }
    if (max === Number.NEGATIVE_INFINITY) {
      throw new Error(`grid posterior: expected some cell with positive likelihood for ${this.task.id}, got none (is the observation reachable?)`);
    }
    const masses = new Float64Array(numCells);
    let sum = 0;
    for (let c = 0; c < numCells; c++) {
      const logMass = beta * logLikelihood[c]! - max;
      // exp underflows to 0 below −745: most cells of a sharp posterior, skipped without the call.
      if (logMass < UNDERFLOW) continue;
      const mass = Math.exp(logMass);
      masses[c] = mass;
      sum += mass;
    }
    for (let c = 0; c < numCells; c++) if (masses[c] !== 0) masses[c]! /= sum;
    const d = this.task.thetaDim;
    const n = this.cellsPerDim;
    const marginals = Array.from({ length: d }, () => new Float64Array(n));
    const index = new Int32Array(d);
    for (let c = 0; c < numCells; c++) {
      const mass = masses[c]!;
      if (mass !== 0) for (let j = 0; j < d; j++) marginals[j]![index[j]!]! += mass;
      // The last axis runs fastest.
      for (let j = d - 1; j >= 0; j--) {
        if (++index[j]! < n) break;
        index[j] = 0;
      }
    }
    // ∫ π p^β ≈ Σ_c (1/volume) e^{βℓ_c} · cellVolume = (1/numCells) Σ_c e^{βℓ_c}.
    return { beta, masses, marginals, logEvidence: max + Math.log(sum) - Math.log(numCells) };
  }

  /** The centre of the highest-mass cell. @returns [thetaDim] */
  mode(): Float64Array {
    let best = 0;
    for (let c = 1; c < this.numCells; c++) if (this.logLikelihood[c]! > this.logLikelihood[best]!) best = c;
    const out = new Float64Array(this.task.thetaDim);
    this.cellCentre(best, out);
    return out;
  }

  /**
   * n draws from the grid posterior: a cell by its mass, then uniform within the cell.
   * @returns [n, thetaDim]
   */
  sample(tempered: TemperedGrid, n: number, rng: Rng): Matrix {
    const d = this.task.thetaDim;
    const cumulative = new Float64Array(this.numCells);
    let running = 0;
    for (let c = 0; c < this.numCells; c++) {
      running += tempered.masses[c]!;
      cumulative[c] = running;
    }
    const out = new Float64Array(n * d);
    const centre = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const target = rng.uniform() * running;
      let lo = 0;
      let hi = this.numCells - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      this.cellCentre(lo, centre);
      for (let j = 0; j < d; j++) out[i * d + j] = centre[j]! + (rng.uniform() - 0.5) * this.cellWidths[j]!;
    }
    return matrixFrom(out, n, d);
  }
}

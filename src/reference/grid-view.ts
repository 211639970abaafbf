import { CONTOUR_MASSES, contourSegments, highestDensityLevels } from './contour-lines';
import type { GridView } from '../protocol/payloads';
import type { LikelihoodGrid, TemperedGrid } from './grid-posterior';

/** A 2-D density on a regular grid, ready to draw as a contour. */
export interface DensityImage {
  /** Indices of the two parameters (x axis, y axis). */
  readonly params: readonly [number, number];
  /** [numX] and [numY] cell centres. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** [numY, numX] row-major densities (mass / cell area). */
  readonly density: Float64Array;
}

/** Largest side of a drawn density image: 1 024² cells are summed into blocks to reach it. */
export const MAX_IMAGE_SIDE = 256;

/**
 * The contours and marginals of a tempered grid posterior: for 2-D θ the lines of one image, for
 * 3-D θ of the three pair marginals (highest-density regions of `CONTOUR_MASSES`); every 1-D
 * marginal.
 */
export function gridView(grid: LikelihoodGrid, tempered: TemperedGrid): GridView {
  const marginals = tempered.marginals.map((masses, j) => ({
    param: j,
    xs: Float64Array.from(grid.axes[j]!),
    density: Float64Array.from(masses, (mass) => mass / grid.cellWidths[j]!),
  }));
  const contours = densityImages(grid, tempered).map((image) => ({
    params: image.params,
    masses: CONTOUR_MASSES,
    ...contourSegments(image.xs, image.ys, image.density, highestDensityLevels(image.density, CONTOUR_MASSES)),
  }));
  return { beta: tempered.beta, contours, marginals };
}

/**
 * The density images of a tempered grid posterior: for 2-D θ one (blocks of cells summed to at
 * most 256²), for 3-D θ the three pair marginals.
 */
export function densityImages(grid: LikelihoodGrid, tempered: TemperedGrid): DensityImage[] {
  const d = grid.task.thetaDim;
  const n = grid.cellsPerDim;
  const pairs: [number, number][] = d === 2 ? [[0, 1]] : [[0, 1], [0, 2], [1, 2]];
  const block = Math.max(1, Math.ceil(n / MAX_IMAGE_SIDE));
  const side = Math.ceil(n / block);
  const images = pairs.map(([a, b]) => {
    const masses = new Float64Array(side * side);
    // Cell indices walked like an odometer (the last axis runs fastest), no division per cell.
    const index = new Int32Array(d);
    const blockOf = Int32Array.from({ length: n }, (_, i) => Math.floor(i / block));
    for (let c = 0; c < grid.numCells; c++) {
      const mass = tempered.masses[c]!;
      if (mass !== 0) masses[blockOf[index[b]!]! * side + blockOf[index[a]!]!]! += mass;
      for (let j = d - 1; j >= 0; j--) {
        if (++index[j]! < n) break;
        index[j] = 0;
      }
    }
    const area = block * grid.cellWidths[a]! * block * grid.cellWidths[b]!;
    const centres = (j: number) =>
      Float64Array.from({ length: side }, (_, i) => grid.task.thetaLow[j]! + (i + 0.5) * block * grid.cellWidths[j]!);
    return { params: [a, b] as const, xs: centres(a), ys: centres(b), density: masses.map((mass) => mass / area) };
  });
  return images;
}

/** The typed arrays of a grid view, for transferring it out of a worker. */
export function gridViewBuffers(view: GridView): ArrayBuffer[] {
  return [
    ...view.contours.flatMap((lines) => [lines.x.buffer, lines.y.buffer]),
    ...view.marginals.flatMap((marginal) => [marginal.xs.buffer, marginal.density.buffer]),
  ] as ArrayBuffer[];
}

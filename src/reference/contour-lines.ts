/**
 * Contour lines of a density image by marching squares, computed once per β in a worker so the
 * page draws them as plain line segments (a chart library's contour trace would recompute them
 * on every redraw of a frame).
 */

/** The regions the contours bound: the highest-density regions holding these shares of the mass. */
export const CONTOUR_MASSES: readonly number[] = [0.5, 0.8, 0.95];

/**
 * The density thresholds of the highest-density regions holding `masses` of the total: the
 * region {density ≥ t} holds at least that share. Cells have equal area, so mass ∝ density.
 * @param density [numCells] ≥ 0
 */
export function highestDensityLevels(density: Float64Array, masses: readonly number[]): number[] {
  const sorted = Float64Array.from(density).sort().reverse();
  let total = 0;
  for (const value of sorted) total += value;
  if (!(total > 0)) return masses.map(() => Number.POSITIVE_INFINITY);
  return masses.map((mass) => {
    let running = 0;
    for (const value of sorted) {
      running += value;
      if (running >= mass * total) return value;
    }
    return sorted[sorted.length - 1]!;
  });
}

/**
 * Marching squares on cell centres: the segments where a bilinear reading of `density` crosses
 * each level (saddles split by the cell's mean).
 * @param xs [numX] @param ys [numY] centres @param density [numY, numX] row-major
 */
export function contourSegments(xs: Float64Array, ys: Float64Array, density: Float64Array, levels: readonly number[]): { x: Float64Array; y: Float64Array } {
  const numX = xs.length;
  const numY = ys.length;
  if (density.length !== numX * numY) throw new Error(`contour: expected ${numX}×${numY} densities, got ${density.length}`);
  const outX: number[] = [];
  const outY: number[] = [];
  // The current cell's corners and box, shared by the edge helpers (no allocation per cell).
  let a = 0, b = 0, c = 0, d = 0, x0 = 0, x1 = 0, y0 = 0, y1 = 0, level = 0;
  const at = (u: number, v: number) => (level - u) / (v - u);
  /** Edge crossings: 0 bottom (a–b), 1 right (b–c), 2 top (d–c), 3 left (a–d). */
  const edgeX = (edge: number) => (edge === 0 ? x0 + at(a, b) * (x1 - x0) : edge === 1 ? x1 : edge === 2 ? x0 + at(d, c) * (x1 - x0) : x0);
  const edgeY = (edge: number) => (edge === 0 ? y0 : edge === 1 ? y0 + at(b, c) * (y1 - y0) : edge === 2 ? y1 : y0 + at(a, d) * (y1 - y0));
  const segment = (from: number, to: number) => {
    outX.push(edgeX(from), edgeX(to), Number.NaN);
    outY.push(edgeY(from), edgeY(to), Number.NaN);
  };
  for (const value of levels) {
    if (!Number.isFinite(value)) continue;
    level = value;
    for (let i = 0; i + 1 < numY; i++) {
      y0 = ys[i]!;
      y1 = ys[i + 1]!;
      for (let j = 0; j + 1 < numX; j++) {
        // Corners counter-clockwise from the bottom left: a (j, i), b (j+1, i), c (j+1, i+1), d (j, i+1).
        a = density[i * numX + j]!;
        b = density[i * numX + j + 1]!;
        c = density[(i + 1) * numX + j + 1]!;
        d = density[(i + 1) * numX + j]!;
        const index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
        if (index === 0 || index === 15) continue;
        x0 = xs[j]!;
        x1 = xs[j + 1]!;
        switch (index) {
          case 1: case 14: segment(3, 0); break;
          case 2: case 13: segment(0, 1); break;
          case 3: case 12: segment(3, 1); break;
          case 4: case 11: segment(1, 2); break;
          case 6: case 9: segment(0, 2); break;
          case 7: case 8: segment(3, 2); break;
          case 5: // a and c above: joined through the centre when it is high
            if ((a + b + c + d) / 4 >= level) { segment(3, 2); segment(0, 1); } else { segment(3, 0); segment(1, 2); }
            break;
          case 10: // b and d above
            if ((a + b + c + d) / 4 >= level) { segment(3, 0); segment(1, 2); } else { segment(3, 2); segment(0, 1); }
            break;
        }
      }
    }
  }
  return { x: Float64Array.from(outX), y: Float64Array.from(outY) };
}

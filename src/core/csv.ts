import type { Matrix } from './matrix';

/**
 * Sample files (DESIGN.md §7): CSV with a header, parameter columns `theta_1…theta_d`, then
 * (where present) data columns `x_1…x_m`; one row per draw.
 */

/** The header names for `thetaDim` parameter columns and `xDim` data columns. */
export function sampleHeader(thetaDim: number, xDim: number): string[] {
  return [
    ...Array.from({ length: thetaDim }, (_, j) => `theta_${j + 1}`),
    ...Array.from({ length: xDim }, (_, j) => `x_${j + 1}`),
  ];
}

/**
 * Formats θ (and optionally x, row-aligned) as sample-file CSV text. Numbers are written with
 * full round-trip precision.
 * @param theta [n, d] @param x [n, m] or null
 */
export function formatSampleCsv(theta: Matrix, x: Matrix | null): string {
  if (x && x.numRows !== theta.numRows) {
    throw new Error(`formatSampleCsv: expected x to have ${theta.numRows} rows like theta, got ${x.numRows}`);
  }
  const lines = [sampleHeader(theta.numCols, x?.numCols ?? 0).join(',')];
  for (let i = 0; i < theta.numRows; i++) {
    const cells: number[] = Array.from(theta.data.subarray(i * theta.numCols, (i + 1) * theta.numCols));
    if (x) cells.push(...x.data.subarray(i * x.numCols, (i + 1) * x.numCols));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A parsed sample file: the named column groups as matrices (`x` is null when absent). */
export interface SampleTable {
  readonly theta: Matrix;
  readonly x: Matrix | null;
}

/**
 * Parses sample-file CSV text. Every row must have one finite number per header column; the
 * header must be `theta_1…theta_d` then optionally `x_1…x_m`, in order.
 * @param source a name for error messages (a file path)
 */
export function parseSampleCsv(text: string, source = 'csv'): SampleTable {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((cell) => cell.trim());
  if (!header || header.length === 0 || header[0] === '') {
    throw new Error(`${source}: expected a header line starting with theta_1, got an empty file`);
  }
  const thetaDim = header.filter((name) => name.startsWith('theta_')).length;
  const xDim = header.length - thetaDim;
  const expected = sampleHeader(thetaDim, xDim);
  if (thetaDim === 0 || expected.some((name, j) => header[j] !== name)) {
    throw new Error(`${source}: expected header ${expected.join(',') || 'theta_1,…'}, got ${header.join(',')}`);
  }
  const numRows = lines.length - 1;
  const theta = new Float64Array(numRows * thetaDim);
  const x = new Float64Array(numRows * xDim);
  for (let i = 0; i < numRows; i++) {
    const cells = (lines[i + 1] as string).split(',');
    if (cells.length !== header.length) {
      throw new Error(`${source}: expected ${header.length} values on line ${i + 2}, got ${cells.length}`);
    }
    cells.forEach((cell, j) => {
      const value = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(value)) {
        throw new Error(`${source}: expected a finite number in column ${header[j]} on line ${i + 2}, got "${cell}"`);
      }
      if (j < thetaDim) theta[i * thetaDim + j] = value;
      else x[i * xDim + j - thetaDim] = value;
    });
  }
  return {
    theta: { data: theta, numRows, numCols: thetaDim },
    x: xDim > 0 ? { data: x, numRows, numCols: xDim } : null,
  };
}

import type { Data, Layout } from 'plotly.js';
import type { GridView } from '../protocol/payloads';
import { COLORS, column, type Figure } from './figure';
import { LIVE_TRACE } from './live-layer';

/** The task facts the reference figure needs. */
export interface ReferenceTaskInfo {
  readonly id: string;
  readonly thetaNames: readonly string[];
  readonly thetaLow: ArrayLike<number>;
  readonly thetaHigh: ArrayLike<number>;
}

/** What the reference panel draws. */
export interface ReferenceFigureInput {
  readonly task: ReferenceTaskInfo;
  /** [numKept, thetaDim] reference draws (may be empty while the first ones stream in). */
  readonly samples: Float64Array;
  /** The exact grid posterior's contours and marginals, when the task has a grid. */
  readonly grid: GridView | null;
  /** The θ that produced the observation, when known. */
  readonly trueTheta: readonly number[] | null;
  /** Keeps the person's zoom while β changes; changes when the task or observation does. */
  readonly uiRevision: string;
  /** At most this many draws per scatter (all are used for the histograms); default 3 000 in a corner plot, all for 2-D θ. */
  readonly maxPointsPerPair?: number;
  /** The draws' legend name and colour (default: the reference's); amortized panels pass their route's. */
  readonly drawsName?: string;
  readonly color?: string;
}

const HISTOGRAM_BINS = 60;

/** Points per scatter pair of a corner plot while β moves (a panel never thins below 1 000). */
export const MOVING_POINTS_PER_PAIR = 1000;

/** Plotly axis names for subplot k (1-based): 'x', 'x2', … and the layout keys 'xaxis', 'xaxis2', …. */
function axisNames(k: number): { x: string; y: string; xKey: string; yKey: string } {
  const suffix = k === 1 ? '' : String(k);
  return { x: `x${suffix}`, y: `y${suffix}`, xKey: `xaxis${suffix}`, yKey: `yaxis${suffix}` };
}

/** An evenly thinned copy of column j, keeping at most `limit` values. */
function thinnedColumn(samples: Float64Array, dim: number, j: number, limit: number): Float64Array {
  const numRows = samples.length / dim;
  if (numRows <= limit) return column(samples, dim, j);
  const step = numRows / limit;
  return Float64Array.from({ length: limit }, (_, i) => samples[Math.floor(i * step) * dim + j]!);
}

/**
 * Density histogram of column j of `samples` on [low, high]: bin centres and densities, binned
 * here from the typed array (a chart library's own binning would rerun on every frame).
 */
export function binnedDensity(samples: Float64Array, dim: number, j: number, low: number, high: number, bins = HISTOGRAM_BINS): { centres: Float64Array; density: Float64Array } {
  const width = (high - low) / bins;
  const density = new Float64Array(bins);
  const numRows = samples.length / dim;
  for (let i = 0; i < numRows; i++) {
    const v = samples[i * dim + j]!;
    if (v >= low && v <= high) density[Math.min(bins - 1, Math.floor((v - low) / width))]! += 1;
  }
  if (numRows > 0) for (let b = 0; b < bins; b++) density[b] = density[b]! / (numRows * width);
  return { centres: Float64Array.from({ length: bins }, (_, b) => low + (b + 0.5) * width), density };
}

function histogram(samples: Float64Array, dim: number, j: number, low: number, high: number, axes: { x: string; y: string }, style: { name: string; color: string }, horizontal = false): Data {
  const { centres, density } = binnedDensity(samples, dim, j, low, high);
  return {
    type: 'bar',
    name: style.name,
    showlegend: false,
    ...(horizontal ? { x: density, y: centres, orientation: 'h' as const } : { x: centres, y: density }),
    width: (high - low) / HISTOGRAM_BINS,
    meta: LIVE_TRACE,
    xaxis: axes.x,
    yaxis: axes.y,
    hoverinfo: 'skip',
    marker: { color: style.color, opacity: 0.45 },
  } as Data;
}

function exactMarginal(grid: GridView | null, param: number, axes: { x: string; y: string }, horizontal = false): Data[] {
  const curve = grid?.marginals.find((marginal) => marginal.param === param);
  if (!curve) return [];
  return [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'exact (grid)',
      showlegend: false,
      x: horizontal ? curve.density : curve.xs,
      y: horizontal ? curve.xs : curve.density,
      meta: LIVE_TRACE,
      xaxis: axes.x,
      yaxis: axes.y,
      hoverinfo: 'skip',
      line: { color: COLORS.observation, width: 1.5 },
    },
  ];
}

/** The exact density's highest-density-region lines (computed in the worker, once per β), as one line trace. */
function contour(grid: GridView | null, a: number, b: number, axes: { x: string; y: string }, showLegend: boolean): Data[] {
  const lines = grid?.contours.find((candidate) => candidate.params[0] === a && candidate.params[1] === b);
  if (!lines) return [];
  return [
    {
      type: 'scatter',
      mode: 'lines',
      name: `exact p_β (grid): ${lines.masses.map((mass) => `${Math.round(mass * 100)}`).join('/')} % regions`,
      showlegend: showLegend,
      meta: LIVE_TRACE,
      x: lines.x,
      y: lines.y,
      connectgaps: false,
      hoverinfo: 'skip',
      xaxis: axes.x,
      yaxis: axes.y,
      line: { color: '#b2182b', width: 1.2 },
    } as Data,
  ];
}

function trueMarker(trueTheta: readonly number[] | null, j: number, i: number, axes: { x: string; y: string }, showLegend: boolean): Data[] {
  if (!trueTheta) return [];
  return [
    {
      type: 'scatter',
      mode: 'markers',
      name: 'true θ',
      showlegend: showLegend,
      x: [trueTheta[j]!],
      y: [trueTheta[i]!],
      xaxis: axes.x,
      yaxis: axes.y,
      marker: { symbol: 'x', size: 11, color: '#111', line: { width: 2 } },
    },
  ];
}

/**
 * The reference panel's layout, built once per (task, observation): axes over the prior box, for
 * 2-D θ a scatter with both marginals beside it, for more parameters a corner plot. A panel keeps
 * this object while β moves, so a frame only hands the chart new trace arrays.
 */
export function referenceLayout(task: ReferenceTaskInfo, uiRevision: string): Partial<Layout> {
  const d = task.thetaNames.length;
  const layout: Partial<Layout> & Record<string, unknown> = {
    uirevision: uiRevision,
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: -0.12 },
    margin: { t: 16, r: 16, b: 48, l: 56 },
    bargap: 0,
  };
  const range = (j: number) => [task.thetaLow[j]!, task.thetaHigh[j]!];
  if (d === 2) {
    Object.assign(layout, {
      xaxis: { domain: [0, 0.8], range: range(0), title: { text: task.thetaNames[0] } },
      yaxis: { domain: [0, 0.8], range: range(1), title: { text: task.thetaNames[1] } },
      xaxis2: { domain: [0, 0.8], matches: 'x', showticklabels: false, anchor: 'y2' },
      // Density axes: the live layer fits them to the histograms it draws (no ticks, no grid).
      yaxis2: { domain: [0.82, 1], showticklabels: false, showgrid: false, zeroline: false, anchor: 'x2', rangemode: 'tozero' },
      xaxis3: { domain: [0.82, 1], showticklabels: false, showgrid: false, zeroline: false, anchor: 'y3', rangemode: 'tozero' },
      yaxis3: { domain: [0, 0.8], matches: 'y', showticklabels: false, anchor: 'x3' },
    });
    return layout;
  }
  const gap = 0.02;
  const size = (1 - gap * (d - 1)) / d;
  const domain = (index: number) => [index * (size + gap), index * (size + gap) + size];
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const axes = axisNames(i * d + j + 1);
      const bottomRow = i === d - 1;
      const firstColumn = j === 0;
      layout[axes.yKey] =
        i === j
          ? { domain: domain(d - 1 - i), anchor: axes.x, showticklabels: false, showgrid: false, zeroline: false, rangemode: 'tozero' }
          : { domain: domain(d - 1 - i), anchor: axes.x, range: range(i), showticklabels: firstColumn, title: firstColumn ? { text: task.thetaNames[i] } : undefined };
      layout[axes.xKey] = { domain: domain(j), anchor: axes.y, range: range(j), showticklabels: bottomRow, title: bottomRow ? { text: task.thetaNames[j] } : undefined };
    }
  }
  return layout;
}

/**
 * The reference panel's traces: for 2-D θ a scatter of the draws with the exact tempered
 * density's contour lines and both marginal histograms with the exact marginals; for more
 * parameters a corner plot (pairs below the diagonal, marginals on it). The true θ is marked.
 * Everything that moves with β is marked `LIVE_TRACE` (drawn by the live layer, live-layer.ts).
 */
export function referenceTraces(input: ReferenceFigureInput): Data[] {
  const { task, samples, grid, trueTheta } = input;
  const d = task.thetaNames.length;
  const data: Data[] = [];
  const range = (j: number) => [task.thetaLow[j]!, task.thetaHigh[j]!] as const;
  const style = { name: input.drawsName ?? 'reference draws', color: input.color ?? COLORS.reference };

  if (d === 2) {
    const main = { x: 'x', y: 'y' };
    const limit = input.maxPointsPerPair ?? Number.POSITIVE_INFINITY;
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: style.name,
      x: thinnedColumn(samples, 2, 0, limit),
      y: thinnedColumn(samples, 2, 1, limit),
      meta: LIVE_TRACE,
      xaxis: 'x',
      yaxis: 'y',
      hoverinfo: 'skip',
      marker: { size: 3, color: style.color, opacity: 0.35 },
    } as Data);
    data.push(...contour(grid, 0, 1, main, true), ...trueMarker(trueTheta, 0, 1, main, true));
    data.push(histogram(samples, 2, 0, ...range(0), { x: 'x2', y: 'y2' }, style), ...exactMarginal(grid, 0, { x: 'x2', y: 'y2' }));
    data.push(histogram(samples, 2, 1, ...range(1), { x: 'x3', y: 'y3' }, style, true), ...exactMarginal(grid, 1, { x: 'x3', y: 'y3' }, true));
    return data;
  }

  const limit = input.maxPointsPerPair ?? 3000;
  let legendShown = false;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const axes = axisNames(i * d + j + 1);
      if (i === j) {
        data.push(histogram(samples, d, j, ...range(j), axes, style), ...exactMarginal(grid, j, axes));
        continue;
      }
      const showLegend = !legendShown;
      legendShown = true;
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: style.name,
        showlegend: showLegend,
        x: thinnedColumn(samples, d, j, limit),
        y: thinnedColumn(samples, d, i, limit),
        meta: LIVE_TRACE,
        xaxis: axes.x,
        yaxis: axes.y,
        hoverinfo: 'skip',
        marker: { size: 2.5, color: style.color, opacity: 0.35 },
      } as Data);
      data.push(...contour(grid, j, i, axes, showLegend), ...trueMarker(trueTheta, j, i, axes, showLegend));
    }
  }
  return data;
}

/** The whole figure at once (traces and a fresh layout): for tests and one-off drawings. */
export function referenceFigure(input: ReferenceFigureInput): Figure {
  return { data: referenceTraces(input), layout: referenceLayout(input.task, input.uiRevision) };
}

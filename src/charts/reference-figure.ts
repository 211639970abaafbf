import type { Data, Layout } from 'plotly.js';
import type { GridView } from '../reference/grid-view';
import { COLORS, column, type Figure, type ScatterType } from './figure';

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
  readonly scatterType: ScatterType;
  /** Keeps the person's zoom while β changes; changes when the task or observation does. */
  readonly uiRevision: string;
  /** At most this many draws per scatter in a corner plot (all are used for the histograms). */
  readonly maxPointsPerPair?: number;
  /** The draws' legend name and colour (default: the reference's); amortized panels pass their route's. */
  readonly drawsName?: string;
  readonly color?: string;
}

const HISTOGRAM_BINS = 60;

/** Plotly axis names for subplot k (1-based): 'x', 'x2', … and the layout keys 'xaxis', 'xaxis2', …. */
function axisNames(k: number): { x: string; y: string; xKey: string; yKey: string } {
  const suffix = k === 1 ? '' : String(k);
  return { x: `x${suffix}`, y: `y${suffix}`, xKey: `xaxis${suffix}`, yKey: `yaxis${suffix}` };
}

/** An evenly thinned copy of column j, keeping at most `limit` values. */
function thinnedColumn(samples: Float64Array, dim: number, j: number, limit: number): Float64Array {
  const all = column(samples, dim, j);
  if (all.length <= limit) return all;
  const step = all.length / limit;
  return Float64Array.from({ length: limit }, (_, i) => all[Math.floor(i * step)]!);
}

/** A density image as Plotly's 2-D z: one plain array per row. */
function rows(density: Float64Array, width: number): number[][] {
  return Array.from({ length: density.length / width }, (_, r) => Array.from(density.subarray(r * width, (r + 1) * width)));
}

function histogram(values: Float64Array, low: number, high: number, axes: { x: string; y: string }, style: { name: string; color: string }, horizontal = false): Data {
  const bins = { start: low, end: high, size: (high - low) / HISTOGRAM_BINS };
  return {
    type: 'histogram',
    name: style.name,
    showlegend: false,
    histnorm: 'probability density',
    ...(horizontal ? { y: values, ybins: bins, orientation: 'h' as const } : { x: values, xbins: bins }),
    xaxis: axes.x,
    yaxis: axes.y,
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
      xaxis: axes.x,
      yaxis: axes.y,
      line: { color: COLORS.observation, width: 1.5 },
    },
  ];
}

function contour(grid: GridView | null, a: number, b: number, axes: { x: string; y: string }, showLegend: boolean): Data[] {
  const image = grid?.images.find((candidate) => candidate.params[0] === a && candidate.params[1] === b);
  if (!image) return [];
  return [
    {
      type: 'contour',
      name: `exact p_β (grid, β = ${grid!.beta})`,
      showlegend: showLegend,
      showscale: false,
      x: image.xs,
      y: image.ys,
      z: rows(image.density, image.xs.length),
      ncontours: 8,
      contours: { coloring: 'lines' },
      colorscale: [
        [0, '#f4a582'],
        [1, '#b2182b'],
      ],
      line: { width: 1.2 },
      hoverinfo: 'skip',
      xaxis: axes.x,
      yaxis: axes.y,
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
 * The reference panel's figure, one Plotly figure with subplots (one WebGL context):
 * for 2-D θ a scatter of the draws with the exact tempered density's contours and both
 * marginal histograms with the exact marginals; for more parameters a corner plot (pairs
 * below the diagonal, marginals on it). Axes span the prior box; the true θ is marked.
 */
export function referenceFigure(input: ReferenceFigureInput): Figure {
  const { task, samples, grid, trueTheta, scatterType } = input;
  const d = task.thetaNames.length;
  const data: Data[] = [];
  const layout: Partial<Layout> & Record<string, unknown> = {
    uirevision: input.uiRevision,
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: -0.12 },
    margin: { t: 16, r: 16, b: 48, l: 56 },
    bargap: 0.02,
  };
  const range = (j: number) => [task.thetaLow[j]!, task.thetaHigh[j]!];
  const style = { name: input.drawsName ?? 'reference draws', color: input.color ?? COLORS.reference };

  if (d === 2) {
    const main = { x: 'x', y: 'y' };
    const top = { x: 'x2', y: 'y2' };
    const side = { x: 'x3', y: 'y3' };
    const theta1 = column(samples, 2, 0);
    const theta2 = column(samples, 2, 1);
    data.push({
      type: scatterType,
      mode: 'markers',
      name: style.name,
      x: theta1,
      y: theta2,
      xaxis: 'x',
      yaxis: 'y',
      marker: { size: 3, color: style.color, opacity: 0.35 },
    });
    data.push(...contour(grid, 0, 1, main, true), ...trueMarker(trueTheta, 0, 1, main, true));
    data.push(histogram(theta1, range(0)[0]!, range(0)[1]!, top, style), ...exactMarginal(grid, 0, top));
    data.push(histogram(theta2, range(1)[0]!, range(1)[1]!, side, style, true), ...exactMarginal(grid, 1, side, true));
    Object.assign(layout, {
      xaxis: { domain: [0, 0.8], range: range(0), title: { text: task.thetaNames[0] } },
      yaxis: { domain: [0, 0.8], range: range(1), title: { text: task.thetaNames[1] } },
      xaxis2: { domain: [0, 0.8], matches: 'x', showticklabels: false, anchor: 'y2' },
      yaxis2: { domain: [0.82, 1], showticklabels: false, anchor: 'x2', rangemode: 'tozero' },
      xaxis3: { domain: [0.82, 1], showticklabels: false, anchor: 'y3', rangemode: 'tozero' },
      yaxis3: { domain: [0, 0.8], matches: 'y', showticklabels: false, anchor: 'x3' },
    });
    return { data, layout };
  }

  // Corner plot: cell (row i, column j), j ≤ i, is subplot k = i·d + j + 1.
  const gap = 0.02;
  const size = (1 - gap * (d - 1)) / d;
  const domain = (index: number) => [index * (size + gap), index * (size + gap) + size];
  const limit = input.maxPointsPerPair ?? 3000;
  let legendShown = false;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const k = i * d + j + 1;
      const axes = axisNames(k);
      const bottomRow = i === d - 1;
      const firstColumn = j === 0;
      if (i === j) {
        data.push(histogram(column(samples, d, j), range(j)[0]!, range(j)[1]!, axes, style), ...exactMarginal(grid, j, axes));
        layout[axes.yKey] = { domain: domain(d - 1 - i), anchor: axes.x, showticklabels: false, rangemode: 'tozero' };
      } else {
        const showLegend = !legendShown;
        legendShown = true;
        data.push({
          type: scatterType,
          mode: 'markers',
          name: style.name,
          showlegend: showLegend,
          x: thinnedColumn(samples, d, j, limit),
          y: thinnedColumn(samples, d, i, limit),
          xaxis: axes.x,
          yaxis: axes.y,
          marker: { size: 2.5, color: style.color, opacity: 0.35 },
        });
        data.push(...contour(grid, j, i, axes, showLegend), ...trueMarker(trueTheta, j, i, axes, showLegend));
        layout[axes.yKey] = {
          domain: domain(d - 1 - i),
          anchor: axes.x,
          range: range(i),
          showticklabels: firstColumn,
          title: firstColumn ? { text: task.thetaNames[i] } : undefined,
        };
      }
      layout[axes.xKey] = {
        domain: domain(j),
        anchor: axes.y,
        range: range(j),
        showticklabels: bottomRow,
        title: bottomRow ? { text: task.thetaNames[j] } : undefined,
      };
    }
  }
  return { data, layout };
}

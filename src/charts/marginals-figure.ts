import type { Data, Layout } from 'plotly.js';
import { COLORS, type Figure } from './figure';
import type { ReferenceTaskInfo } from './reference-figure';

/** The task facts the marginals figure needs (the reference figure's, less the id). */
export type MarginalsTaskInfo = Omit<ReferenceTaskInfo, 'id'>;

/** One set of draws to overlay: a name, a colour, the draws and how bold to draw them. */
export interface MarginalsLayer {
  readonly name: string;
  readonly color: string;
  /** [numDraws, thetaDim] */
  readonly samples: Float64Array;
  /** Line width; the slider's β is drawn boldest. */
  readonly width: number;
  readonly dash?: 'solid' | 'dot' | 'dash';
}

export interface MarginalsFigureInput {
  readonly task: MarginalsTaskInfo;
  readonly layers: readonly MarginalsLayer[];
  readonly trueTheta: readonly number[] | null;
  readonly uiRevision: string;
  /** Subplot columns (4 for 8 parameters: two rows). */
  readonly columns?: number;
}

const BINS = 40;

/**
 * Density histogram of `values` on [low, high] in BINS bins, as step-line coordinates.
 * @returns x (bin edges, each twice) and y (densities) for a `hv`-free staircase
 */
export function densityHistogram(values: ArrayLike<number>, low: number, high: number, bins = BINS): { x: number[]; y: number[] } {
  const width = (high - low) / bins;
  const counts = new Float64Array(bins);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= low && v <= high)) continue;
    counts[Math.min(bins - 1, Math.floor((v - low) / width))]! += 1;
    n++;
  }
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < bins; b++) {
    const density = n > 0 ? counts[b]! / (n * width) : 0;
    x.push(low + b * width, low + (b + 1) * width);
    y.push(density, density);
  }
  return { x, y };
}

/**
 * One-dimensional marginals of θ, one subplot per parameter over its prior range, each layer a
 * density staircase (the paper's Figure 2: β = 0.1, 1, 2 overlaid, plus the slider's β), and the
 * true θ as a dashed line when known. Only SVG traces: no WebGL context is used.
 */
export function marginalsFigure(input: MarginalsFigureInput): Figure {
  const { task, layers } = input;
  const d = task.thetaNames.length;
  const columns = input.columns ?? Math.min(4, d);
  const rows = Math.ceil(d / columns);
  const data: Data[] = [];
  const layout: Partial<Layout> & Record<string, unknown> = {
    uirevision: input.uiRevision,
    margin: { t: 24, r: 8, b: 40, l: 36 },
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: -0.12 },
    grid: { rows, columns, pattern: 'independent' },
    shapes: [],
  };
  for (let j = 0; j < d; j++) {
    const suffix = j === 0 ? '' : String(j + 1);
    const low = task.thetaLow[j]!;
    const high = task.thetaHigh[j]!;
    for (const [l, layer] of layers.entries()) {
      const numDraws = layer.samples.length / d;
      const values = Float64Array.from({ length: numDraws }, (_, i) => layer.samples[i * d + j]!);
      const { x, y } = densityHistogram(values, low, high);
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: layer.name,
        legendgroup: layer.name,
        showlegend: j === 0,
        meta: `marginal-${l}`,
        x,
        y,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        line: { color: layer.color, width: layer.width, dash: layer.dash ?? 'solid' },
        hoverinfo: 'skip',
      });
    }
    layout[`xaxis${suffix}`] = { range: [low, high], title: { text: task.thetaNames[j], standoff: 2 }, tickfont: { size: 9 } };
    layout[`yaxis${suffix}`] = { showticklabels: false, rangemode: 'tozero' };
    const truth = input.trueTheta?.[j];
    if (truth !== undefined) {
      (layout.shapes as unknown[]).push({ type: 'line', xref: `x${suffix}`, yref: `y${suffix} domain`, x0: truth, x1: truth, y0: 0, y1: 1, line: { color: COLORS.observation, width: 1.5, dash: 'dash' } });
    }
  }
  return { data, layout };
}

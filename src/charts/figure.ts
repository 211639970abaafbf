import type { Data, Layout } from 'plotly.js';

/** What a chart function returns: Plotly traces and layout, ready for `Plotly.react`. */
export interface Figure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
}

/** The scatter trace type to use: WebGL where the browser has it, SVG otherwise. */

/** Column `j` of a row-major `[numRows, numCols]` array, as a new Float64Array. */
export function column(values: Float64Array, numCols: number, j: number): Float64Array {
  const numRows = values.length / numCols;
  const out = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) out[i] = values[i * numCols + j] as number;
  return out;
}

/** The colours of the lab, one per role, so every figure speaks the same language. */
export const COLORS = {
  reference: '#1f5fa8',
  priorPredictive: '#7a4fb0',
  observation: '#d62728',
  muted: '#8a8f98',
  /** One per amortized route. */
  a: '#d95f02',
  'b-nle': '#1b9e77',
  'b-nre': '#7570b3',
  'b-oracle': '#e7298a',
  'b-oracle-nre': '#e6ab02',
  npe: '#66a61e',
} as const;

/** The colour of a route label such as "b-nle" or "b-nle/mdn" (its route id decides). */
export function routeColor(label: string): string {
  const route = label.split('/')[0] as keyof typeof COLORS;
  return route in COLORS ? COLORS[route] : COLORS.muted;
}

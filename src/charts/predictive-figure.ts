import type { Data, Layout } from 'plotly.js';
import { COLORS, type Figure } from './figure';

export interface PredictiveFigureInput {
  /** [numTraces, length] simulated voltages, `dt` ms apart from t = 0 */
  readonly traces: Float32Array | null;
  readonly numTraces: number;
  readonly dt: number;
  /** The observed trace (`observedDt` ms apart), when the observation has one. */
  readonly observed: readonly number[] | null;
  readonly observedDt: number;
  readonly color: string;
  readonly name: string;
  readonly uiRevision: string;
}

/**
 * The posterior predictive (the paper's Figure 3): traces simulated from q's draws at the
 * slider's β, thin and translucent, with the observed trace on top, and the stimulus window
 * shaded. SVG lines only (no WebGL context).
 */
export function predictiveFigure(input: PredictiveFigureInput): Figure {
  const data: Data[] = [];
  if (input.traces && input.numTraces > 0) {
    const length = input.traces.length / input.numTraces;
    const time = Array.from({ length }, (_, k) => k * input.dt);
    for (let i = 0; i < input.numTraces; i++) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        meta: 'predictive',
        name: input.name,
        legendgroup: 'predictive',
        showlegend: i === 0,
        x: time,
        y: Array.from(input.traces.subarray(i * length, (i + 1) * length)),
        line: { color: input.color, width: 1 },
        opacity: 0.45,
        hoverinfo: 'skip',
      });
    }
  }
  if (input.observed) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      meta: 'observed',
      name: 'observed trace',
      x: input.observed.map((_, k) => k * input.observedDt),
      y: [...input.observed],
      line: { color: COLORS.observation, width: 1.6 },
    });
  }
  const layout: Partial<Layout> = {
    uirevision: input.uiRevision,
    margin: { t: 16, r: 12, b: 44, l: 52 },
    legend: { orientation: 'h', x: 0, y: -0.2 },
    xaxis: { title: { text: 'time (ms)' }, range: [0, 120] },
    yaxis: { title: { text: 'membrane voltage (mV)' } },
    shapes: [{ type: 'rect', xref: 'x', yref: 'paper', x0: 10, x1: 110, y0: 0, y1: 1, fillcolor: 'rgba(120,120,120,0.08)', line: { width: 0 }, layer: 'below' }],
    annotations: [{ xref: 'x', yref: 'paper', x: 60, y: 1, yanchor: 'bottom', text: 'stimulus on (10–110 ms)', showarrow: false, font: { size: 10, color: COLORS.muted } }],
  };
  return { data, layout };
}

import type { Data, Layout } from 'plotly.js';
import type { EssCurve } from '../protocol/ess-curve';
import { COLORS, type Figure, routeColor } from './figure';

/** One curve of the ESS figure: a route's weights, drawn dashed when its scores are exact (an oracle). */
export interface EssFigureCurve {
  readonly route: string;
  readonly curve: EssCurve;
  /** The legend's name (default: the route id). */
  readonly name?: string;
  readonly dashed?: boolean;
}

/**
 * ESS(β)/N of each Route B variant's SNIS weights against β (log axes), the current β marked
 * and the band below `warnBelow` shaded: there the weights rest on a handful of simulations
 * (DESIGN.md §4 — the method's known limit, shown rather than hidden). Oracle curves (exact
 * scores) are dashed. SVG traces only.
 */
export function essFigure(curves: readonly EssFigureCurve[], beta: number, betaDomain: readonly [number, number], warnBelow: number): Figure {
  const data: Data[] = curves.map(({ route, curve, name = route, dashed = false }) => ({
    type: 'scatter',
    mode: 'lines',
    name,
    meta: route,
    x: [...curve.betas],
    y: [...curve.essFraction],
    line: { color: routeColor(route), width: dashed ? 1.5 : 2, dash: dashed ? 'dash' : 'solid' },
    hovertemplate: `${name}: β = %{x:.3g}, ESS/N = %{y:.3g}<extra></extra>`,
  }));
  const layout: Partial<Layout> = {
    // The legend sits above the plot area (two rows with the oracles), never over the curves.
    margin: { t: curves.length > 2 ? 48 : 28, r: 8, b: 36, l: 48 },
    height: 210,
    showlegend: curves.length > 0,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    xaxis: { type: 'log', range: [Math.log10(betaDomain[0]), Math.log10(betaDomain[1])], title: { text: 'β' } },
    yaxis: { type: 'log', range: [-3.3, 0.05], title: { text: 'ESS/N' } },
    shapes: [
      { type: 'rect', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: 1e-4, y1: warnBelow, fillcolor: COLORS.observation, opacity: 0.12, line: { width: 0 } },
      { type: 'line', xref: 'x', yref: 'paper', x0: beta, x1: beta, y0: 0, y1: 1, line: { color: COLORS.observation, width: 1.5 } },
    ],
  };
  return { data, layout };
}

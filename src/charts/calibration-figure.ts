import type { Data, Layout } from 'plotly.js';
import { COLORS, type Figure, routeColor } from './figure';

/** One β of a calibration, as the figures need it. */
export interface CalibrationRow {
  readonly beta: number;
  readonly curve: readonly number[];
  readonly coverage: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The coverage curve at one β (issue 20): the empirical coverage of q's highest-density regions
 * against their nominal level, with the diagonal a calibrated posterior lies on. Above the
 * diagonal the regions are too wide (under-confident), below it too narrow (over-confident).
 */
export function coverageCurveFigure(route: string, levels: readonly number[], row: CalibrationRow): Figure {
  const data: Data[] = [
    { type: 'scatter', mode: 'lines', name: 'calibrated', x: [0, 1], y: [0, 1], line: { color: COLORS.observation, width: 1, dash: 'dot' }, hoverinfo: 'skip' },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: `${route} at β = ${row.beta}`,
      meta: route,
      x: [0, ...levels, 1],
      y: [0, ...row.curve, 1],
      line: { color: routeColor(route), width: 2 },
      marker: { size: 4 },
      hovertemplate: `nominal %{x:.2f}: held the truth in %{y:.0%}<extra></extra>`,
    },
  ];
  const layout: Partial<Layout> = {
    margin: { t: 28, r: 8, b: 40, l: 48 },
    height: 240,
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    xaxis: { range: [0, 1], title: { text: 'nominal level of the credible region' } },
    yaxis: { range: [0, 1], title: { text: 'data sets whose truth it held' } },
  };
  return { data, layout };
}

/**
 * Coverage at the chosen level against β, with each β's bootstrap interval, the nominal level
 * as a line, the recommended β (the largest reaching nominal within its interval) ringed and the
 * slider's β marked. SVG traces only.
 */
export function coverageAgainstBetaFigure(route: string, rows: readonly CalibrationRow[], level: number, chosen: number | null, sliderBeta: number, betaDomain: readonly [number, number]): Figure {
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: `${route}: coverage of the ${Math.round(level * 100)} % regions`,
      meta: route,
      x: rows.map((row) => row.beta),
      y: rows.map((row) => row.coverage),
      error_y: { type: 'data', symmetric: false, array: rows.map((row) => row.high - row.coverage), arrayminus: rows.map((row) => row.coverage - row.low), thickness: 1 },
      line: { color: routeColor(route), width: 2 },
      hovertemplate: `β = %{x:.3g}: held the truth in %{y:.0%}<extra></extra>`,
    },
  ];
  const picked = rows.find((row) => row.beta === chosen);
  if (picked) data.push({ type: 'scatter', mode: 'markers', name: `recommended β = ${picked.beta}`, x: [picked.beta], y: [picked.coverage], marker: { size: 14, color: 'rgba(0,0,0,0)', line: { color: COLORS.observation, width: 2 } }, hoverinfo: 'skip' });
  const layout: Partial<Layout> = {
    margin: { t: 28, r: 8, b: 40, l: 48 },
    height: 240,
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    xaxis: { type: 'log', range: [Math.log10(betaDomain[0]) - 0.05, Math.log10(betaDomain[1]) + 0.05], tickvals: rows.map((row) => row.beta), title: { text: 'β' } },
    yaxis: { range: [0, 1.02], title: { text: 'coverage' } },
    shapes: [
      { type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: level, y1: level, line: { color: COLORS.observation, width: 1, dash: 'dot' } },
      { type: 'line', xref: 'x', yref: 'paper', x0: sliderBeta, x1: sliderBeta, y0: 0, y1: 1, line: { color: COLORS.observation, width: 1.5 } },
    ],
  };
  return { data, layout };
}

/**
 * The panel's sentence for a class, its numbers from the run shown: how often β = 1's regions
 * held the truth, and the recommended β's (or that no β reached the level).
 */
export function calibrationSentence(rows: readonly CalibrationRow[], level: number, chosen: number | null, numDataSets: number): string {
  const percent = (value: number) => `${Math.round(value * 100)} %`;
  const standard = rows.find((row) => row.beta === 1);
  const picked = rows.find((row) => row.beta === chosen);
  const first = standard ? `At β = 1 the ${percent(level)} regions held the truth in ${percent(standard.coverage)} of these ${numDataSets} data sets` : `These ${numDataSets} data sets`;
  if (!picked) return `${first}; no β from ${rows[0]?.beta} to ${rows.at(-1)?.beta} brought it to ${percent(level)}.`;
  if (picked.beta === 1) return `${first}: the standard posterior is calibrated here, and no larger β of the grid is.`;
  return `${first}; at β = ${picked.beta}, in ${percent(picked.coverage)}.`;
}

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
export function coverageCurveFigure(route: string, levels: readonly number[], row: CalibrationRow, reference: CalibrationRow | null = null): Figure {
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
  if (reference) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `reference draws at β = ${reference.beta}`,
      x: [0, ...levels, 1],
      y: [0, ...reference.curve, 1],
      line: { color: COLORS.reference, width: 1.5, dash: 'dash' },
      hovertemplate: `reference, nominal %{x:.2f}: held the truth in %{y:.0%}<extra></extra>`,
    });
  }
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
 * as a line, the recommended β (the largest reaching nominal within its interval) ringed, the
 * slider's β marked, and the reference check's β (reference draws on the first data sets) as
 * diamonds with their intervals. SVG traces only.
 */
export function coverageAgainstBetaFigure(
  route: string,
  rows: readonly CalibrationRow[],
  level: number,
  chosen: number | null,
  sliderBeta: number,
  betaDomain: readonly [number, number],
  reference: readonly CalibrationRow[] = [],
): Figure {
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
  if (reference.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'reference draws (the check)',
      x: reference.map((row) => row.beta),
      y: reference.map((row) => row.coverage),
      error_y: { type: 'data', symmetric: false, array: reference.map((row) => row.high - row.coverage), arrayminus: reference.map((row) => row.coverage - row.low), thickness: 1, color: COLORS.reference },
      marker: { size: 9, symbol: 'diamond', color: COLORS.reference },
      hovertemplate: `reference, β = %{x:.3g}: held the truth in %{y:.0%}<extra></extra>`,
    });
  }
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

/**
 * The reference check in words, its numbers from the run shown: how often the exact posterior's
 * regions held the truth on the first data sets, at each checked β beside the network's, and
 * whether the two agree — if they do, what the curves show is the model's (mis)calibration and
 * not the network's error; if not, part of it is the network's.
 */
export function referenceSentence(rows: readonly CalibrationRow[], reference: readonly CalibrationRow[], level: number, numChecked: number): string {
  const percent = (value: number) => `${Math.round(value * 100)} %`;
  const parts = reference.map((row) => {
    const network = rows.find((candidate) => candidate.beta === row.beta);
    return `at β = ${row.beta}, ${percent(row.coverage)}${network ? ` (the network: ${percent(network.coverage)})` : ''}`;
  });
  const disagree = reference.filter((row) => {
    const network = rows.find((candidate) => candidate.beta === row.beta);
    return network !== undefined && (network.high < row.low || network.low > row.high);
  });
  const verdict =
    disagree.length === 0
      ? 'The two agree within their intervals: the curves show how calibrated the model is, not the network’s own error.'
      : `They differ at β = ${disagree.map((row) => row.beta).join(' and ')}: part of what the curves show there is the network’s own error, not the simulator’s.`;
  return `Reference check — exact posterior draws on the first ${numChecked} data sets: the ${percent(level)} regions held the truth ${parts.join('; ')}. ${verdict}`;
}

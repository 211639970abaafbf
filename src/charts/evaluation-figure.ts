import type { Data, Layout } from 'plotly.js';
import type { SummaryRow } from '../protocol/results-summary';
import { COLORS, type Figure, routeColor } from './figure';

/**
 * The Figure-1-style chart: mean C2ST against β, one panel per task, one line per
 * (route, budget), and each task's reference-vs-reference floor dashed.
 * @param markBeta draws a vertical line at this β (the page's slider), when given
 */
export function evaluationFigure(rows: readonly SummaryRow[], markBeta?: number): Figure {
  const tasks = [...new Set(rows.map((row) => row.task))].sort();
  const data: Data[] = [];
  const layout: Partial<Layout> & Record<string, unknown> = {
    title: { text: 'C2ST against β (0.5 = indistinguishable from the reference)' },
    grid: { rows: 1, columns: Math.max(tasks.length, 1), pattern: 'independent' },
    showlegend: true,
    margin: { t: 64, r: 16, b: 56, l: 56 },
    shapes: [],
    annotations: [],
  };
  const inLegend = new Set<string>();
  tasks.forEach((task, t) => {
    const axis = t === 0 ? '' : String(t + 1);
    const taskRows = rows.filter((row) => row.task === task);
    const series = [...new Set(taskRows.map((row) => `${row.route}|${row.budget}`))];
    for (const key of series) {
      const [route, budget] = key.split('|') as [string, string];
      const line = taskRows.filter((row) => row.route === route && String(row.budget) === budget);
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: `${route} (${budget} sims)`,
        legendgroup: key,
        showlegend: !inLegend.has(key),
        x: line.map((row) => row.beta),
        y: line.map((row) => row.c2stMean),
        xaxis: `x${axis}`,
        yaxis: `y${axis}`,
        line: { color: routeColor(route) },
      });
      inLegend.add(key);
    }
    const betas = [...new Set(taskRows.map((row) => row.beta))].sort((a, b) => a - b);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'reference floor',
      legendgroup: 'floor',
      showlegend: t === 0,
      x: betas,
      y: betas.map((beta) => {
        const floors = taskRows.filter((row) => row.beta === beta).map((row) => row.floorC2stMean);
        return floors.reduce((a, b) => a + b, 0) / floors.length;
      }),
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      line: { color: COLORS.muted, dash: 'dash' },
    });
    layout[`xaxis${axis}`] = { title: { text: `β — ${task}` }, type: 'log' };
    layout[`yaxis${axis}`] = { range: [0.45, 1.0], title: t === 0 ? { text: 'C2ST' } : undefined };
    if (markBeta !== undefined) {
      (layout.shapes as object[]).push({
        type: 'line', xref: `x${axis}`, yref: `y${axis} domain`, x0: markBeta, x1: markBeta, y0: 0, y1: 1,
        line: { color: COLORS.observation, width: 1 },
      });
    }
  });
  return { data, layout };
}

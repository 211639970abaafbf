import type { Data, Layout, Shape } from 'plotly.js';
import type { TaskMetadata } from '../benchmarks/metadata/task-metadata';
import { COLORS, column, type Figure } from './figure';

/** The task facts the data figure needs. */
export type DataTaskInfo = Pick<TaskMetadata, 'title' | 'xNames' | 'xDim' | 'dataView'> & { readonly dataRange?: { readonly low: readonly number[]; readonly high: readonly number[] } };

export interface DataFigureInput {
  readonly task: DataTaskInfo;
  /** [numDraws, xDim] prior-predictive draws, or null before they arrive. */
  readonly priorX: Float64Array | null;
  /** [xDim] the observation the posterior conditions on. */
  readonly observation: readonly number[];
  /** Draw the observation's points as draggable circles (2-D points only). */
  readonly draggable: boolean;
  readonly uiRevision: string;
}

/** Radius of a draggable observation circle, as a fraction of the x-axis span. */
const HANDLE_FRACTION = 0.018;

/**
 * The data panel: simulated x from the prior predictive (every trace tagged
 * `meta: 'prior-predictive'`) and the observation on top — as points (draggable circles when
 * x is made of 2-D points) or, for time series, as the observed first state variable.
 * @returns the figure and the x-axis span the handles were sized for
 */
export function dataFigure(input: DataFigureInput): Figure & { handleRadius: number } {
  const { task, priorX, observation } = input;
  const view = task.dataView;
  const numDraws = priorX ? priorX.length / task.xDim : 0;
  const layout: Partial<Layout> & Record<string, unknown> = {
    uirevision: input.uiRevision,
    margin: { t: 40, r: 16, b: 48, l: 56 },
    legend: { orientation: 'h', x: 0, y: -0.18 },
  };
  const data: Data[] = [];
  if (view.kind === 'points') {
    for (let k = 0; k < view.numPoints && priorX; k++) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        meta: 'prior-predictive',
        name: view.numPoints === 1 ? 'prior-predictive x' : `prior-predictive point ${k + 1}`,
        x: column(priorX, task.xDim, 2 * k),
        y: column(priorX, task.xDim, 2 * k + 1),
        marker: { size: 3, opacity: 0.35, ...(view.numPoints === 1 ? { color: COLORS.priorPredictive } : {}) },
      });
    }
    const xs = Array.from({ length: view.numPoints }, (_, k) => observation[2 * k]!);
    const ys = Array.from({ length: view.numPoints }, (_, k) => observation[2 * k + 1]!);
    data.push({
      type: 'scatter',
      mode: 'markers',
      meta: 'observation',
      name: input.draggable ? 'observation x (drag me)' : 'observation x',
      x: xs,
      y: ys,
      marker: { size: 12, color: COLORS.observation, symbol: 'circle-open', line: { width: 3 } },
    });
    // Size the handles from the data that is drawn, so they stay visible at any zoom level.
    const allX = priorX ? [...column(priorX, task.xDim, 0), ...xs] : xs;
    const span = Math.max(1e-9, Math.max(...allX) - Math.min(...allX));
    const radius = HANDLE_FRACTION * span;
    if (input.draggable) {
      layout.shapes = xs.map(
        (x, k): Partial<Shape> => ({
          type: 'circle',
          xref: 'x',
          yref: 'y',
          x0: x - radius,
          x1: x + radius,
          y0: ys[k]! - radius,
          y1: ys[k]! + radius,
          line: { color: COLORS.observation, width: 2 },
          fillcolor: 'rgba(214, 39, 40, 0.25)',
        }),
      );
    }
    const [xLabel, yLabel] = view.numPoints === 1 ? [task.xNames[0], task.xNames[1]] : ['first coordinate (a)', 'second coordinate (b)'];
    Object.assign(layout, {
      title: { text: `${numDraws} prior-predictive draws and the observation` },
      xaxis: { title: { text: xLabel } },
      yaxis: { title: { text: yLabel }, scaleanchor: 'x' },
    });
    return { data, layout, handleRadius: radius };
  }
  if (view.kind === 'statistics') return statisticsFigure(input, numDraws, layout);
  const time = Float64Array.from({ length: view.numSteps }, (_, t) => t * view.dt);
  for (let i = 0; i < numDraws; i++) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      meta: 'prior-predictive',
      name: 'prior-predictive draws',
      showlegend: i === 0,
      x: time,
      y: Float64Array.from({ length: view.numSteps }, (_, t) => priorX![i * task.xDim + t * view.numSeries]!),
      line: { width: 1, color: COLORS.priorPredictive },
      opacity: 0.4,
    });
  }
  data.push({
    type: 'scatter',
    mode: 'lines+markers',
    meta: 'observation',
    name: 'observation',
    x: time,
    y: Float64Array.from({ length: view.numSteps }, (_, t) => observation[t * view.numSeries]!),
    line: { width: 3, color: COLORS.observation },
  });
  Object.assign(layout, {
    title: { text: `x₁(t): ${numDraws} prior-predictive draws and the observation` },
    xaxis: { title: { text: 'time' } },
    yaxis: { title: { text: 'x₁(t)' } },
  });
  return { data, layout, handleRadius: 0 };
}

/**
 * Summary statistics (Hodgkin–Huxley): one box per statistic of the prior-predictive draws and
 * the observation on top, each statistic rescaled to its data range (0 = 0.5 % quantile,
 * 1 = 99.5 % quantile, so seven different units share one axis); hover shows raw values.
 */
function statisticsFigure(input: DataFigureInput, numDraws: number, layout: Partial<Layout> & Record<string, unknown>): Figure & { handleRadius: number } {
  const { task, priorX, observation } = input;
  const low = task.dataRange?.low ?? Array.from({ length: task.xDim }, () => 0);
  const high = task.dataRange?.high ?? Array.from({ length: task.xDim }, () => 1);
  const scaled = (value: number, j: number) => (value - low[j]!) / Math.max(1e-12, high[j]! - low[j]!);
  const data: Data[] = [];
  for (let j = 0; j < task.xDim && priorX; j++) {
    const values = column(priorX, task.xDim, j);
    data.push({
      type: 'box',
      meta: 'prior-predictive',
      name: task.xNames[j],
      showlegend: false,
      y: Array.from(values, (v) => scaled(v, j)),
      boxpoints: false,
      marker: { color: COLORS.priorPredictive },
      hoverinfo: 'skip',
    } as Data);
  }
  data.push({
    type: 'scatter',
    mode: 'markers',
    meta: 'observation',
    name: 'observation',
    x: [...task.xNames],
    y: observation.map((v, j) => scaled(v, j)),
    text: observation.map((v, j) => `${task.xNames[j]}: ${v.toPrecision(4)}`),
    hoverinfo: 'text',
    marker: { size: 12, color: COLORS.observation, symbol: 'diamond' },
  });
  Object.assign(layout, {
    title: { text: `Summary statistics: ${numDraws} prior-predictive draws and the observation` },
    yaxis: { title: { text: 'scaled to the 0.5–99.5 % prior-predictive range' } },
    // Room for the seven tilted statistic names.
    margin: { t: 40, r: 40, b: 110, l: 56 },
    legend: { orientation: 'h', x: 0, y: -0.45 },
  });
  return { data, layout, handleRadius: 0 };
}

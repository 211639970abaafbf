import type { Data } from 'plotly.js';
import type { TaskModel } from '../benchmarks/task';
import { COLORS, column, type Figure, type ScatterType } from './figure';

/** The task facts a prior-predictive figure needs. */
export type PriorPredictiveTaskInfo = Pick<TaskModel, 'title' | 'xNames' | 'xDim' | 'dataView'>;

/**
 * The prior-predictive panel: simulated x drawn the way the task's data view says.
 * - `points`: a scatter of every 2-D point of every draw, one trace per point index;
 * - `series`: the first series over time, one line per draw.
 * @param x [numDraws, xDim] row-major draws
 */
export function priorPredictiveFigure(task: PriorPredictiveTaskInfo, x: Float64Array, scatterType: ScatterType): Figure {
  const numDraws = x.length / task.xDim;
  const view = task.dataView;
  if (view.kind === 'points') {
    const data: Data[] = Array.from({ length: view.numPoints }, (_, k) => ({
      type: scatterType,
      mode: 'markers',
      name: view.numPoints === 1 ? 'x' : `point ${k + 1}`,
      x: column(x, task.xDim, 2 * k),
      y: column(x, task.xDim, 2 * k + 1),
      marker: { size: 3, opacity: 0.5, ...(view.numPoints === 1 ? { color: COLORS.priorPredictive } : {}) },
    }));
    const [xLabel, yLabel] = view.numPoints === 1 ? [task.xNames[0], task.xNames[1]] : ['first coordinate (a)', 'second coordinate (b)'];
    return {
      data,
      layout: {
        title: { text: `${task.title}: ${numDraws} prior-predictive draws of x` },
        xaxis: { title: { text: xLabel ?? '' } },
        yaxis: { title: { text: yLabel ?? '' }, scaleanchor: 'x' },
        showlegend: view.numPoints > 1,
        margin: { t: 48, r: 16, b: 48, l: 56 },
      },
    };
  }
  const time = Float64Array.from({ length: view.numSteps }, (_, t) => t * view.dt);
  const data: Data[] = Array.from({ length: numDraws }, (_, i) => ({
    type: scatterType,
    mode: 'lines',
    name: `draw ${i + 1}`,
    x: time,
    y: Float64Array.from({ length: view.numSteps }, (_, t) => x[i * task.xDim + t * view.numSeries] as number),
    line: { width: 1, color: COLORS.priorPredictive },
    opacity: 0.5,
  }));
  return {
    data,
    layout: {
      title: { text: `${task.title}: first state variable over time, ${numDraws} prior-predictive draws` },
      xaxis: { title: { text: 'time' } },
      yaxis: { title: { text: 'x₁(t)' } },
      showlegend: false,
      margin: { t: 48, r: 16, b: 48, l: 56 },
    },
  };
}

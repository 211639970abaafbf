import type { PlotRelayoutEvent } from 'plotly.js';
import { useCallback, useMemo } from 'react';
import { getTask } from '../benchmarks/registry';
import { dataFigure } from '../charts/data-figure';
import { getPriorPredictiveSamples } from '../store/sample-buffers';
import { observationValues } from '../store/selection';
import { useLab } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';
import { scatterTypeForBrowser } from './webgl-support';

/** Reads the dragged circles' new centres out of a Plotly relayout event. */
function draggedCentres(event: PlotRelayoutEvent, previous: readonly number[], numPoints: number): number[] | null {
  const record = event as Record<string, unknown>;
  const next = [...previous];
  let moved = false;
  for (let k = 0; k < numPoints; k++) {
    const [x0, x1, y0, y1] = ['x0', 'x1', 'y0', 'y1'].map((end) => record[`shapes[${k}].${end}`]);
    if ([x0, x1, y0, y1].every((value) => typeof value === 'number')) {
      next[2 * k] = ((x0 as number) + (x1 as number)) / 2;
      next[2 * k + 1] = ((y0 as number) + (y1 as number)) / 2;
      moved = true;
    }
  }
  return moved ? next : null;
}

/** The data space: prior-predictive draws (computed in the worker) and the observation, draggable for 2-D points. */
export function DataPanel() {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const run = useLab((state) => state.priorPredictive);
  const selectObservation = useLab((state) => state.selectObservation);
  const task = getTask(taskId);
  const x = observationValues(task, observation);
  const samples = run.version > 0 ? getPriorPredictiveSamples() : null;
  const draggable = task.dataView.kind === 'points';

  const figure = useMemo(
    () =>
      dataFigure({
        task,
        priorX: samples && samples.taskId === taskId ? samples.x : null,
        observation: x,
        draggable,
        scatterType: scatterTypeForBrowser(),
        uiRevision: taskId,
      }),
    // The prior-predictive arrays change exactly when the version does.
    [run.version, taskId, x],
  );

  const onRelayout = useCallback(
    (event: PlotRelayoutEvent) => {
      if (task.dataView.kind !== 'points') return;
      const next = draggedCentres(event, x, task.dataView.numPoints);
      if (next) selectObservation({ kind: 'custom', x: next, theta: null });
    },
    [task, x, selectObservation],
  );

  return (
    <section
      className="panel data-panel"
      id="prior-predictive"
      data-status={run.status}
      data-task={samples?.taskId ?? ''}
      data-seed={samples?.seed ?? ''}
      data-num-draws={samples?.numDraws ?? 0}
    >
      <header className="panel-header">
        <h2>Data space</h2>
        <span className={`status status-${run.status}`}>
          {run.status === 'running' && 'simulating…'}
          {run.status === 'done' && `${run.numDraws} prior-predictive draws in ${((run.seconds ?? 0) * 1000).toFixed(0)} ms (worker)`}
          {run.status === 'error' && 'failed'}
        </span>
      </header>
      <p className="explain">
        Purple: data the simulator produces for θ drawn from the prior π(θ). Red: the observation x the posterior conditions on
        {draggable ? ' — drag it to ask "what if we had seen this instead?"' : '.'}
      </p>
      {run.status === 'error' && (
        <p className="error" role="alert">
          {run.error}
        </p>
      )}
      <PlotlyFigure
        figure={figure}
        label="prior-predictive draws of x and the observation"
        className="plotly-figure data-figure"
        config={draggable ? DRAG_CONFIG : STATIC_CONFIG}
        onRelayout={onRelayout}
      />
    </section>
  );
}

const DRAG_CONFIG = { editable: false, edits: { shapePosition: true } } as const;
const STATIC_CONFIG = {} as const;

import type { PlotRelayoutEvent } from 'plotly.js';
import { type PointerEvent as ReactPointerEvent, useCallback, useMemo, useRef } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { dataFigure } from '../charts/data-figure';
import { observationValues } from '../store/selection';
import { useLab, useSimulation } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';

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

/** A Plotly graph div's axes as the page reads them: pixel offset and the pixel → data map. */
type GraphAxes = Record<string, { _offset: number; p2d: (pixel: number) => number; d2p: (value: number) => number } | undefined>;

/** How close (pixels) a press must land to an observed point to drag it. */
const GRAB_PIXELS = 25;

/**
 * Follows a drag of an observed point while it moves (Plotly reports a dragged shape only when
 * it is let go): the point under the pointer is found on press, and every move previews the
 * observation (the amortized panels draw at the current β only); the release's relayout event
 * then selects it, and the ladders are rebuilt once.
 */
function useObservationDrag(x: readonly number[], numPoints: number, preview: (next: number[]) => void) {
  const drag = useRef<{ k: number; dx: number; dy: number; frame: number | null; next: number[] | null } | null>(null);
  const axesOf = (target: EventTarget) => {
    const plot = (target as HTMLElement).closest('.data-panel')?.querySelector('.js-plotly-plot') as (HTMLElement & { _fullLayout?: GraphAxes }) | null;
    const xa = plot?._fullLayout?.xaxis;
    const ya = plot?._fullLayout?.yaxis;
    return plot && xa && ya ? { rect: plot.getBoundingClientRect(), xa, ya } : null;
  };
  const onPointerDown = (event: ReactPointerEvent) => {
    const axes = axesOf(event.target);
    if (!axes) return;
    const px = event.clientX - axes.rect.left - axes.xa._offset;
    const py = event.clientY - axes.rect.top - axes.ya._offset;
    let best = -1;
    let bestDistance = GRAB_PIXELS;
    for (let k = 0; k < numPoints; k++) {
      const distance = Math.hypot(axes.xa.d2p(x[2 * k]!) - px, axes.ya.d2p(x[2 * k + 1]!) - py);
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    }
    drag.current = best < 0 ? null : { k: best, dx: x[2 * best]! - axes.xa.p2d(px), dy: x[2 * best + 1]! - axes.ya.p2d(py), frame: null, next: null };
  };
  const onPointerMove = (event: ReactPointerEvent) => {
    const current = drag.current;
    if (!current || event.buttons === 0) return;
    const axes = axesOf(event.target);
    if (!axes) return;
    const next = [...x];
    next[2 * current.k] = axes.xa.p2d(event.clientX - axes.rect.left - axes.xa._offset) + current.dx;
    next[2 * current.k + 1] = axes.ya.p2d(event.clientY - axes.rect.top - axes.ya._offset) + current.dy;
    current.next = next;
    // At most one preview a frame, the latest position winning.
    current.frame ??= requestAnimationFrame(() => {
      current.frame = null;
      if (drag.current === current && current.next) preview(current.next);
    });
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  return { onPointerDown, onPointerMove, onPointerUp };
}

/** The data space: prior-predictive draws (computed in the worker) and the observation, draggable for 2-D points. */
export function DataPanel() {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const run = useSimulation((state) => state.priorPredictive);
  const selectObservation = useLab((state) => state.selectObservation);
  const previewObservation = useLab((state) => state.previewObservation);
  const task = getTaskInfo(taskId);
  const moving = useLab((state) => state.observationMoving);
  const x = observationValues(task, observation);
  // While a point is dragged, Plotly moves its circle itself: the figure keeps the x it was drawn with.
  const drawnX = useRef(x);
  if (!moving) drawnX.current = x;
  const samples = run.samples;
  const draggable = task.dataView.kind === 'points';

  const figure = useMemo(
    () =>
      dataFigure({
        task,
        priorX: samples && samples.taskId === taskId ? samples.x : null,
        observation: drawnX.current,
        draggable,
        uiRevision: taskId,
      }),
    // The prior-predictive arrays change exactly when the version does.
    [run.version, taskId, drawnX.current],
  );

  const onRelayout = useCallback(
    (event: PlotRelayoutEvent) => {
      if (task.dataView.kind !== 'points') return;
      const next = draggedCentres(event, x, task.dataView.numPoints);
      if (next) selectObservation({ kind: 'custom', x: next, theta: null });
    },
    [task, x, selectObservation],
  );

  const dragHandlers = useObservationDrag(x, task.dataView.kind === 'points' ? task.dataView.numPoints : 0, (next) => previewObservation({ kind: 'custom', x: next, theta: null }));

  return (
    <section
      className="panel data-panel"
      id="prior-predictive"
      onPointerDownCapture={draggable ? dragHandlers.onPointerDown : undefined}
      onPointerMoveCapture={draggable ? dragHandlers.onPointerMove : undefined}
      onPointerUpCapture={draggable ? dragHandlers.onPointerUp : undefined}
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

import { useMemo } from 'react';
import { getTask } from '../benchmarks/registry';
import { priorPredictiveFigure } from '../charts/prior-predictive-figure';
import { getPriorPredictiveSamples } from '../store/sample-buffers';
import { useLab } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';
import { scatterTypeForBrowser } from './webgl-support';

/** Simulated data from the prior predictive of the chosen task, computed in the lab worker. */
export function PriorPredictivePanel() {
  const run = useLab((state) => state.priorPredictive);
  const samples = run.version > 0 ? getPriorPredictiveSamples() : null;
  const figure = useMemo(
    () => (samples ? priorPredictiveFigure(getTask(samples.taskId), samples.x, scatterTypeForBrowser()) : null),
    // The arrays change exactly when the version does.
    [run.version],
  );

  return (
    <section
      className="panel"
      id="prior-predictive"
      data-status={run.status}
      data-task={samples?.taskId ?? ''}
      data-seed={samples?.seed ?? ''}
      data-num-draws={samples?.numDraws ?? 0}
    >
      <header className="panel-header">
        <h2>Prior predictive</h2>
        <span className={`status status-${run.status}`}>
          {run.status === 'running' && 'simulating…'}
          {run.status === 'done' && `${run.numDraws} draws in ${((run.seconds ?? 0) * 1000).toFixed(0)} ms (worker)`}
          {run.status === 'error' && 'failed'}
        </span>
      </header>
      <p className="explain">
        Each point is one simulated data set x ~ p(x | θ) with θ drawn from the prior π(θ): what the simulator can
        produce before any observation is seen.
      </p>
      {run.status === 'error' && (
        <p className="error" role="alert">
          {run.error}
        </p>
      )}
      {figure && <PlotlyFigure figure={figure} label="prior-predictive draws of x" />}
    </section>
  );
}

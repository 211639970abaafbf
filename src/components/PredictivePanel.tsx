import { useMemo } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { routeColor } from '../charts/figure';
import { predictiveFigure } from '../charts/predictive-figure';
import { observationValues, type ObservationChoice } from '../store/selection';
import { PANEL_ROUTES, PANEL_TITLES, type PanelRoute } from '../store/shipped-models';
import type { TaskInfo } from '../benchmarks/metadata/task-metadata';
import { useLab } from './lab-context';
import { usePosteriors, usePredictive } from './posterior-context';
import { PlotlyFigure } from './PlotlyFigure';

/** The observed trace of the selection, when the observation has one (fixed observations, showcase cells, recorded traces). */
function useObservedTrace(task: TaskInfo, observation: ObservationChoice): { trace: readonly number[] | null; dt: number; error: string | null } {
  const observed = usePredictive((state) => state.observedTraces);
  const [file, error] = observed.taskId === task.id ? [observed.file, observed.error] : [null, null];
  if (observation.kind === 'recorded') return { trace: observation.trace.voltage, dt: observation.trace.dt, error: null };
  if (!file) return { trace: null, dt: 0, error };
  if (observation.kind === 'fixed') return { trace: file.observations[observation.index] ?? null, dt: file.dt, error };
  if (observation.kind === 'showcase') return { trace: file.showcases[task.showcases.findIndex((cell) => cell.id === observation.id)] ?? null, dt: file.dt, error };
  return { trace: null, dt: file.dt, error };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The posterior predictive (Hodgkin–Huxley, the paper's Figure 3): traces simulated in the
 * posterior worker from q's draws at the slider's β, over the observed trace, and the observed
 * summary statistics beside the simulated ones' medians.
 */
export function PredictivePanel() {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const task = getTaskInfo(taskId);
  const status = usePredictive((state) => state.status);
  const route = usePredictive((state) => state.route);
  const version = usePredictive((state) => state.version);
  const beta = usePredictive((state) => state.beta);
  const seconds = usePredictive((state) => state.seconds);
  const error = usePredictive((state) => state.error);
  const setRoute = usePredictive((state) => state.setRoute);
  const models = usePosteriors((state) => state.index.models);
  const observed = useObservedTrace(task, observation);
  const held = usePredictive((state) => state.traces);
  const current = held && held.taskId === taskId && held.route === route ? held : null;

  const figure = useMemo(
    () =>
      predictiveFigure({
        traces: current?.traces ?? null,
        numTraces: current?.numTraces ?? 0,
        dt: current?.traceDt ?? 0.1,
        observed: observed.trace,
        observedDt: observed.dt,
        color: routeColor(route),
        name: `simulated from q(θ | x, β = ${current?.beta ?? '…'}), ${route}`,
        uiRevision: taskId,
      }),
    [version, observed.trace, route, taskId],
  );
  if (status === 'off') return null;
  const x = observationValues(task, observation);
  const simulatedMedians = current ? task.xNames.map((_, j) => median(Array.from({ length: current.numTraces }, (_, i) => current.statistics[i * task.xDim + j]!))) : null;
  return (
    <section className="panel predictive-panel" id="predictive-panel" data-status={status} data-version={version} data-beta={beta ?? ''} data-num-traces={current?.numTraces ?? 0}>
      <header className="panel-header">
        <h2>Posterior predictive traces</h2>
        <label>
          from{' '}
          <select value={route} onChange={(event) => setRoute(event.target.value as PanelRoute)} aria-label="route for the predictive traces">
            {PANEL_ROUTES.map((option) => (
              <option key={option} value={option} disabled={!models.some((model) => model.task === taskId && model.route === option) && option !== route}>
                {PANEL_TITLES[option]}
              </option>
            ))}
          </select>
        </label>
        <span className={`status status-${status}`} role="status">
          {status === 'missing' && 'no model for this route yet — train one in this browser below'}
          {status === 'waiting' && 'waiting for the model…'}
          {status === 'running' && 'simulating…'}
          {status === 'done' && current && `${current.numTraces} traces at β = ${beta} in ${((seconds ?? 0) * 1000).toFixed(0)} ms`}
          {status === 'error' && 'error'}
        </span>
      </header>
      {error && (
        <p className="error" role="alert">
          The predictive simulation failed: {error}
        </p>
      )}
      {observed.error && <p className="error">The recorded traces could not be read: {observed.error}</p>}
      {!observed.trace && <p className="note">This observation has no recorded trace (only its statistics): the simulated traces are shown alone.</p>}
      <PlotlyFigure figure={figure} label="posterior predictive voltage traces" className="plotly-figure predictive-figure" />
      {simulatedMedians && (
        <table className="statistics-table" aria-label="observed and simulated summary statistics">
          <thead>
            <tr>
              <th>statistic</th>
              <th>observed</th>
              <th>median of the {current!.numTraces} simulated</th>
            </tr>
          </thead>
          <tbody>
            {task.xNames.map((name, j) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{x[j]!.toPrecision(4)}</td>
                <td>{simulatedMedians[j]!.toPrecision(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import { getTask } from '../benchmarks/registry';
import { referenceFigure } from '../charts/reference-figure';
import { formatSampleCsv } from '../core/csv';
import type { ReferenceDiagnostics } from '../reference/sampler';
import { selectionKey } from '../store/lab-store';
import { sampleBuffers } from '../store/sample-buffers';
import { observationLabel, trueTheta } from '../store/selection';
import { useLab } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';
import { scatterTypeForBrowser } from './webgl-support';

const STATUS_TEXT = {
  idle: 'waiting',
  stale: 'stale — showing the previous β while new draws start',
  streaming: 'streaming',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
} as const;

function Diagnostics({ diagnostics }: { diagnostics: ReferenceDiagnostics }) {
  const maxRhat = diagnostics.splitRhat ? Math.max(...diagnostics.splitRhat.flat()) : null;
  return (
    <dl className="diagnostics" aria-label="sampler diagnostics">
      <dt>method</dt>
      <dd>{diagnostics.method}</dd>
      <dt title="Accepted proposals / all proposals after burn-in">acceptance</dt>
      <dd>{diagnostics.acceptanceRate.toFixed(3)}</dd>
      {diagnostics.swapRate !== null && (
        <>
          <dt title="Accepted neighbour swaps / attempted (parallel tempering)">swap rate</dt>
          <dd>{diagnostics.swapRate.toFixed(3)}</dd>
        </>
      )}
      {maxRhat !== null && (
        <>
          <dt title="Largest rank-normalised split-R̂ over chains and parameters; near 1 is good, above 1.01 deserves a look">max split-R̂</dt>
          <dd className={maxRhat > 1.01 ? 'warn' : ''}>{maxRhat.toFixed(3)}</dd>
        </>
      )}
      <dt title="Smallest bulk effective sample size over the parameters">min bulk ESS</dt>
      <dd>{Math.round(Math.min(...diagnostics.bulkEss))}</dd>
      {diagnostics.modeMasses && (
        <>
          <dt>mode masses</dt>
          <dd>{diagnostics.modeMasses.map((mode) => `${mode.name}: ${mode.mass.toFixed(3)}`).join(' · ')}</dd>
        </>
      )}
      <dt>time</dt>
      <dd>{diagnostics.seconds.toFixed(2)} s</dd>
    </dl>
  );
}

/** Downloads the reference draws shown, as the command line's sample CSV. */
function downloadReference(taskId: string, beta: number): void {
  const held = sampleBuffers.getReference();
  if (!held) return;
  const task = getTask(held.taskId);
  const csv = formatSampleCsv({ data: held.samples, numRows: held.numKept, numCols: task.thetaDim }, null);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = `reference-${taskId}-beta-${beta}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * The reference panel: the sampler's draws where the likelihood is tractable; otherwise
 * (Hodgkin–Huxley) a statement that no ground truth exists and what to look at instead.
 */
export function ReferencePanel() {
  const task = getTask(useLab((state) => state.taskId));
  return task.logLikelihood ? <SampledReferencePanel /> : <NoReferencePanel taskId={task.id} title={task.title} />;
}

function NoReferencePanel({ taskId, title }: { taskId: string; title: string }) {
  return (
    <section className="panel reference-panel no-reference" id="reference-panel" data-task={taskId} data-status="intractable">
      <header className="panel-header">
        <h2>Reference p_β(θ | x)</h2>
        <span className="status" role="status">
          none: the likelihood is intractable
        </span>
      </header>
      <p>
        {title}'s likelihood p(x | θ) has no closed form (x summarises a noisy voltage trace), so no exact or MCMC reference sampler exists
        here. The neural posteriors beside this panel are the only answer: read their marginals at β = 0.1, 1 and 2 against the slider's β, and
        check them by their <a href="#predictive-panel">posterior predictive traces</a> against the recorded one.
      </p>
    </section>
  );
}

/** The reference sampler's draws of p_β(θ | x), refilling as the worker streams, with the exact grid contours. */
function SampledReferencePanel() {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const beta = useLab((state) => state.beta);
  const seed = useLab((state) => state.seed);
  const reference = useLab((state) => state.reference);
  const gridVersion = useLab((state) => state.grid.version);
  const gridError = useLab((state) => state.grid.error);
  const cancel = useLab((state) => state.cancelReference);
  const retry = useLab((state) => state.retry);
  const task = getTask(taskId);
  const key = selectionKey({ taskId, observation, beta, seed });
  const held = sampleBuffers.getReference();
  const grid = sampleBuffers.getGrid();

  const figure = useMemo(() => {
    const samples = held && held.taskId === taskId ? held.samples : new Float64Array(0);
    return referenceFigure({
      task,
      samples,
      grid: grid && grid.taskId === taskId ? grid.view : null,
      trueTheta: trueTheta(task, observation),
      scatterType: scatterTypeForBrowser(),
      uiRevision: `${taskId}`,
    });
    // The buffers change exactly when these versions do.
  }, [reference.version, gridVersion, taskId, observation]);

  const shownBeta = held && held.taskId === taskId ? held.beta : null;
  return (
    <section
      className="panel reference-panel"
      id="reference-panel"
      data-status={reference.status}
      data-task={held?.taskId ?? ''}
      data-beta={shownBeta ?? ''}
      data-num-kept={held?.key === key ? reference.numKept : 0}
      data-grid-version={gridVersion}
    >
      <header className="panel-header">
        <h2>
          Reference p<sub>β</sub>(θ | x) <span className="subtle">— ground truth, β = {beta}, {observationLabel(observation)}</span>
        </h2>
        <span className={`status status-${reference.status}`} role="status">
          {STATUS_TEXT[reference.status]}
          {reference.status === 'streaming' && ` ${Math.round(reference.progress * 100)} %`}
          {shownBeta !== null && ` · ${reference.numKept} draws at β = ${shownBeta}`}
        </span>
      </header>
      <div className="panel-actions">
        {/* Always rendered, enabled when they apply: buttons that come and go are hard to hit. */}
        <button type="button" id="cancel-reference" disabled={reference.status !== 'streaming' && reference.status !== 'stale'} onClick={cancel}>
          Cancel
        </button>
        <button type="button" id="retry-reference" disabled={reference.status !== 'error' && reference.status !== 'cancelled'} onClick={retry}>
          Retry
        </button>
        <button type="button" id="download-reference" disabled={!held} onClick={() => downloadReference(taskId, shownBeta ?? beta)}>
          Download draws (CSV)
        </button>
      </div>
      {reference.error && (
        <p className="error" role="alert">
          The reference sampler failed: {reference.error}
        </p>
      )}
      {gridError && (
        <p className="error" role="alert">
          The exact grid failed: {gridError}
        </p>
      )}
      {task.thetaDim > 3 && <p className="explain">No exact grid for {task.thetaDim} parameters: the draws are the reference.</p>}
      <PlotlyFigure figure={figure} label="reference draws of the tempered posterior" className="plotly-figure reference-figure" />
      {reference.diagnostics && <Diagnostics diagnostics={reference.diagnostics} />}
    </section>
  );
}

import { useMemo } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { MOVING_POINTS_PER_PAIR, referenceLayout, referenceTraces } from '../charts/reference-figure';
import { formatSampleCsv } from '../core/csv';
import type { ReferenceDiagnostics } from '../protocol/payloads';
import { observationKey, selectionKey } from '../store/lab-store';
import { type ReferenceDisplay, referenceDisplay } from '../store/reference-store';
import { formatBeta, observationLabel, trueTheta } from '../store/selection';
import { useLab } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';
import { useReference, useReferenceBuffers } from './reference-context';

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

/**
 * The reference panel: the sampler's draws where the likelihood is tractable; otherwise
 * (Hodgkin–Huxley) a statement that no ground truth exists and what to look at instead.
 */
export function ReferencePanel() {
  const task = getTaskInfo(useLab((state) => state.taskId));
  return task.hasLikelihood ? <SampledReferencePanel /> : <NoReferencePanel taskId={task.id} title={task.title} />;
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

/** What the panel calls its draws. */
function drawsText(display: ReferenceDisplay, beta: number, numShown: number, method: string | null): string {
  const n = numShown.toLocaleString('en');
  const shown = display.beta === null ? '' : formatBeta(display.beta);
  switch (display.kind) {
    case 'sampler':
      return `${n} draws of the ${method ?? 'reference sampler'} at β = ${shown}`;
    case 'streaming':
      return `${n} draws so far of the reference sampler at β = ${shown}`;
    case 'grid':
      return `${n} exact grid draws at β = ${shown} (a cell by its mass, then a uniform point in it)`;
    case 'grid-rung':
      return display.beta === beta ? `${n} exact grid draws at β = ${shown} (ladder step)` : `${n} exact grid draws at β = ${shown} (nearest ladder step)`;
    case 'tempering-rung':
      return display.beta === beta
        ? `${n} parallel-tempering draws at β = ${shown} (its chain in the ladder run)`
        : `${n} parallel-tempering draws at β = ${shown} (nearest ladder step; a run at β = ${beta} starts when β rests)`;
    case 'none':
      return '';
  }
}

/** Downloads the reference draws shown, as the command line's sample CSV. */
function downloadDraws(taskId: string, samples: Float64Array, beta: number): void {
  const task = getTaskInfo(taskId);
  const csv = formatSampleCsv({ data: samples, numRows: samples.length / task.thetaDim, numCols: task.thetaDim }, null);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = `reference-${taskId}-beta-${beta}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * The reference panel: ground truth for p_β(θ | x). While β moves it shows the nearest rung of
 * its β ladder at once (exact grid draws and contours for 2-D and 3-D θ; SLCP's one
 * parallel-tempering run keeps a chain per rung); when β rests, the exact grid draws at β, then
 * the task's own sampler's run (MH, rejection, tempering) once done — cached, so going back to a
 * β shows its run at once.
 */
function SampledReferencePanel() {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const beta = useLab((state) => state.beta);
  const seed = useLab((state) => state.seed);
  const resting = useLab((state) => state.betaResting);
  const retry = useLab((state) => state.retry);
  const run = useReference((state) => state.run);
  const ladder = useReference((state) => state.ladder);
  const gridError = useReference((state) => state.exactGrid.error);
  const version = useReference((state) => state.version);
  const cancel = useReference((state) => state.cancel);
  const buffers = useReferenceBuffers();
  const task = getTaskInfo(taskId);
  const keys = useMemo(() => ({ observation: observationKey({ taskId, observation, seed }), selection: selectionKey({ taskId, observation, seed, beta }) }), [taskId, observation, seed, beta]);
  const display = useMemo(() => referenceDisplay(buffers, keys.selection, keys.observation, beta), [buffers, keys, beta, version]);
  const layout = useMemo(() => referenceLayout(task, `${taskId}`), [task, taskId, observation]);
  const thinned = !resting && task.thetaDim > 2 && display.samples.length / task.thetaDim > MOVING_POINTS_PER_PAIR;
  const figure = useMemo(
    () => ({
      layout,
      data: referenceTraces({
        task,
        samples: display.samples,
        grid: display.view,
        trueTheta: trueTheta(task, observation),
        uiRevision: `${taskId}`,
        drawsName: display.kind === 'grid' || display.kind === 'grid-rung' ? 'exact grid draws' : 'reference draws',
        ...(thinned ? { maxPointsPerPair: MOVING_POINTS_PER_PAIR } : {}),
      }),
    }),
    [display, layout, thinned, task, taskId, observation],
  );
  const numShown = display.samples.length / task.thetaDim;
  const diagnostics = display.kind === 'sampler' ? (buffers.finished.get(keys.selection)?.diagnostics ?? null) : null;
  const runActive = run.status === 'streaming';
  return (
    <section
      className="panel reference-panel"
      id="reference-panel"
      data-status={run.status}
      data-task={taskId}
      data-beta={display.beta ?? ''}
      data-display={display.kind}
      data-num-kept={display.kind === 'sampler' ? numShown : 0}
      data-num-shown={numShown}
      data-version={version}
      data-ladder-done={ladder.numDone}
      data-ladder-rungs={ladder.numRungs}
      data-ladder-status={ladder.status}
    >
      <header className="panel-header">
        <h2>
          Reference p<sub>β</sub>(θ | x) <span className="subtle">— ground truth, β = {beta}, {observationLabel(observation)}</span>
        </h2>
        <span className={`status status-${run.status}`} role="status">
          {drawsText(display, beta, numShown, diagnostics?.method ?? null)}
          {thinned && ' (thinned to 1 000 points per pair while β moves)'}
          {runActive && ` · sampler at β = ${run.beta}: ${Math.round(run.progress * 100)} %`}
          {run.status === 'waiting' && !resting && ' · the sampler runs when β rests'}
          {run.status === 'cancelled' && ' · sampler run cancelled'}
          {ladder.status === 'running' && ` · β ladder ${ladder.kind === 'grid' ? `${ladder.numDone}/${ladder.numRungs}` : `${Math.round(ladder.progress * 100)} %`}`}
        </span>
      </header>
      <div className="panel-actions">
        {/* Always rendered, enabled when they apply: buttons that come and go are hard to hit. */}
        <button type="button" id="cancel-reference" disabled={!runActive} onClick={cancel}>
          Cancel
        </button>
        <button type="button" id="retry-reference" disabled={run.status !== 'error' && run.status !== 'cancelled' && ladder.status !== 'error'} onClick={retry}>
          Retry
        </button>
        <button type="button" id="download-reference" disabled={numShown === 0} onClick={() => downloadDraws(taskId, display.samples, display.beta ?? beta)}>
          Download draws (CSV)
        </button>
      </div>
      {run.error && (
        <p className="error" role="alert">
          The reference sampler failed: {run.error}
        </p>
      )}
      {ladder.error && (
        <p className="error" role="alert">
          The β ladder failed: {ladder.error}
        </p>
      )}
      {gridError && (
        <p className="error" role="alert">
          The exact grid failed: {gridError}
        </p>
      )}
      {task.thetaDim > 3 && <p className="explain">No exact grid for {task.thetaDim} parameters: the draws are the reference.</p>}
      <PlotlyFigure figure={figure} label="reference draws of the tempered posterior" className="plotly-figure reference-figure" paintKey={String(display.beta ?? '')} />
      {diagnostics && <Diagnostics diagnostics={diagnostics} />}
    </section>
  );
}

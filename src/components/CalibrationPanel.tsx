import { useMemo } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { calibrationSentence, coverageAgainstBetaFigure, coverageCurveFigure, referenceSentence } from '../charts/calibration-figure';
import { CALIBRATION_LEVEL, CALIBRATION_SIZES, type CalibrationSize } from '../store/calibration-store';
import { PANEL_ROUTES, type PanelRoute } from '../store/shipped-models';
import { useLab } from './lab-context';
import { useCalibration, usePosteriors } from './posterior-context';
import { PlotlyFigure } from './PlotlyFigure';

const ROUTE_NAMES: Readonly<Record<PanelRoute, string>> = { a: 'Route A', 'b-nle': 'Route B-NLE', 'b-nre': 'Route B-NRE' };

/**
 * The calibration panel (issue 20): does one route's q(θ | x, β) cover the truth, β by β? On
 * K data sets simulated from the task (or from its misspecified variant at ε), the coverage of
 * the 5 %…95 % highest-density regions at the slider's β against the diagonal, and the coverage
 * of the 90 % regions against β with the recommended β — the largest reaching 90 % within its
 * bootstrap interval — and a button that moves the slider there. Where the task has a reference
 * sampler, its exact draws on the first 50 data sets at β = 1 and the recommended β are ranked the
 * same way and drawn beside the network's (after them: the check takes longer on SLCP).
 */
export function CalibrationPanel() {
  const taskId = useLab((state) => state.taskId);
  const restingBeta = useLab((state) => state.restingBeta);
  const setBeta = useLab((state) => state.setBeta);
  const task = getTaskInfo(taskId);
  const state = useCalibration((s) => s);
  // A string, not an object, so the selector's answer is stable between renders: "a,b-nle" etc.
  const availableKey = usePosteriors((s) => PANEL_ROUTES.filter((route) => s.panels[route].source === 'browser' || s.index.models.some((model) => model.task === taskId && model.route === route)).join(','));
  const available = (route: PanelRoute) => availableKey.split(',').includes(route);
  const result = state.result;
  const rows = useMemo(() => result?.perBeta ?? [], [result]);
  // The curve shown is the checked β nearest the slider's (on a log scale).
  const shown = useMemo(() => (rows.length === 0 ? null : rows.reduce((best, row) => (Math.abs(Math.log(row.beta / restingBeta)) < Math.abs(Math.log(best.beta / restingBeta)) ? row : best))), [rows, restingBeta]);
  const reference = result && typeof result.reference === 'object' ? result.reference : null;
  const referenceRows = useMemo(() => reference?.perBeta ?? [], [reference]);
  const curveFigure = useMemo(() => (result && shown ? coverageCurveFigure(result.route, result.levels, shown, referenceRows.find((row) => row.beta === shown.beta) ?? null) : null), [result, shown, referenceRows]);
  const betaFigure = useMemo(() => (result ? coverageAgainstBetaFigure(result.route, rows, result.level, result.choice.beta, restingBeta, task.betaDomain, referenceRows) : null), [result, rows, restingBeta, task, referenceRows]);
  const hasReference = task.hasLikelihood;
  const variant = task.misspecified;
  return (
    <section className="panel calibration-panel" id="calibration-panel" aria-label="calibration across β" data-status={state.status}>
      <h2>
        Calibration across β <span className="subtle">— how often do the credible regions hold the truth?</span>
      </h2>
      <p className="explain">
        The lab draws θ* from the prior, simulates data from it, and asks the network for its posterior at every β of the grid. A calibrated posterior's 90 % regions hold θ* in 90 % of the data sets. When the simulator is wrong,
        β = 1 holds it less often; tempering (β &lt; 1) widens the regions until they do.
      </p>
      <div className="calibration-controls">
        <label>
          route{' '}
          <select className="calibration-route" value={state.route} onChange={(event) => state.setRoute(event.target.value as PanelRoute)}>
            {PANEL_ROUTES.map((route) => (
              <option key={route} value={route} disabled={!available(route)}>
                {ROUTE_NAMES[route]}
                {available(route) ? '' : ' (no model)'}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="checkbox" className="calibration-misspecified" checked={state.misspecified} onChange={(event) => state.setMisspecified(event.target.checked)} /> data from a misspecified simulator ({variant.name})
        </label>{' '}
        {state.misspecified && (
          <label>
            ε <input className="calibration-epsilon" type="number" min={0} max={0.99} step={0.05} defaultValue={state.epsilon} key={`${taskId}-${state.epsilon}`} onBlur={(event) => state.setEpsilon(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && state.setEpsilon((event.target as HTMLInputElement).value)} />
          </label>
        )}{' '}
        <label>
          size{' '}
          <select className="calibration-size" value={state.size} onChange={(event) => state.setSize(event.target.value as CalibrationSize)}>
            {(Object.keys(CALIBRATION_SIZES) as CalibrationSize[]).map((size) => (
              <option key={size} value={size}>
                {CALIBRATION_SIZES[size].numDataSets} data sets × {CALIBRATION_SIZES[size].drawsPerDataSet} draws
              </option>
            ))}
          </select>
        </label>{' '}
        {hasReference && (
          <label title="Rank the task's reference draws (exact power-posterior samples) on the first 50 data sets at β = 1 and the recommended β, to tell misspecification from the network's own error">
            <input type="checkbox" className="calibration-reference-check" checked={state.referenceCheck} onChange={(event) => state.setReferenceCheck(event.target.checked)} /> check against the reference sampler
          </label>
        )}{' '}
        {state.status === 'running' ? (
          <button type="button" className="calibration-cancel" onClick={state.cancel}>
            {state.progress?.stage === 'reference' || result?.reference === 'pending'
              ? `Stop the reference check (${state.progress ? `run ${state.progress.done} of ${state.progress.total}` : 'starting'})`
              : `Cancel (${state.progress ? `β ${state.progress.done} of ${state.progress.total} done` : 'starting'})`}
          </button>
        ) : (
          <button type="button" className="calibration-run" onClick={state.run}>
            Check calibration
          </button>
        )}
      </div>
      {state.misspecified && <p className="explain calibration-variant">The misspecified simulator: {variant.description} (ε = {state.epsilon}). The networks never saw it.</p>}
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      {result && curveFigure && betaFigure && (
        <>
          <p className="calibration-sentence" data-chosen-beta={result.choice.beta ?? 'none'}>
            {calibrationSentence(rows, result.level, result.choice.beta, result.numDataSets)} {result.choice.explanation}{' '}
            {result.choice.beta !== null && (
              <button type="button" className="calibration-set-beta" onClick={() => setBeta(result.choice.beta!)}>
                Set β here ({result.choice.beta})
              </button>
            )}
          </p>
          {reference && (
            <p className="calibration-reference" data-betas={referenceRows.map((row) => row.beta).join(',')}>
              {referenceSentence(rows, referenceRows, result.level, reference.numDataSets)}
            </p>
          )}
          <div className="calibration-figures">
            <PlotlyFigure figure={curveFigure} label={`coverage of ${result.route}'s credible regions at β = ${shown?.beta}`} className="plotly-figure calibration-curve" />
            <PlotlyFigure figure={betaFigure} label={`coverage of ${result.route}'s ${Math.round(CALIBRATION_LEVEL * 100)} % regions against β`} className="plotly-figure calibration-betas" />
          </div>
          <p className="subtle calibration-provenance">
            {ROUTE_NAMES[result.route as PanelRoute]} · {result.epsilon === null ? 'data from the task’s own simulator' : `data from the misspecified simulator, ε = ${result.epsilon}`} · {result.numDataSets} data sets × {result.drawsPerDataSet} draws × {rows.length} β ·{' '}
            {result.seconds.toFixed(1)} s on {result.backend}
            {reference && ` · reference check: ${reference.numDataSets} data sets × ${reference.drawsPerDataSet} draws × ${referenceRows.length} β, ${reference.seconds.toFixed(1)} s`}
          </p>
        </>
      )}
    </section>
  );
}

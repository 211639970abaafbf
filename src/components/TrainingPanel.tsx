import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import { COLORS } from '../charts/figure';
import { ESS_WARNING_FRACTION } from '../core/limits';
import { PANEL_ROUTES, PANEL_TITLES, type PanelRoute } from '../store/shipped-models';
import { useLab } from './lab-context';
import { usePosteriors, useTraining } from './posterior-context';
import { PlotlyFigure } from './PlotlyFigure';

/** The chart's config, one object for the page's life (a new one would make Plotly redraw the whole figure). */
const NO_MODE_BAR = { displayModeBar: false } as const;

const PHASES: Record<string, string> = {
  simulate: 'simulating the base set',
  scores: 'training the score network (NLE / NRE weights)',
  'score-network': 'training the joint score network (Phase I)',
  synthesis: 'Langevin synthesis of tempered triples (Phase II)',
  posterior: 'training q(θ | x, β)',
};

const formatFraction = (fraction: number) => (fraction >= 0.1 ? `${Math.round(100 * fraction)} %` : `${(100 * fraction).toPrecision(2)} %`);
const formatSeconds = (seconds: number) => (seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`);

/**
 * "Train in this browser": retrains one route from scratch for the chosen budget in the
 * training worker, with the phase, a progress bar, the loss curves of the network training
 * now and an ETA; Stop cancels. The result replaces the panel's model (saved in IndexedDB).
 */
export function TrainingPanel() {
  const taskId = useLab((state) => state.taskId);
  const training = useTraining((state) => state.training);
  const index = usePosteriors((state) => state.index.models);
  const start = useTraining((state) => state.startTraining);
  const stop = useTraining((state) => state.stopTraining);
  const [route, setRoute] = useState<PanelRoute>('b-nle');
  const [budget, setBudget] = useState(10_000);
  const shipped = index.find((model) => model.task === taskId && model.route === route)?.card ?? null;
  const estimate = shipped ? (shipped.trainingSeconds * budget) / shipped.budget : null;
  const running = training.status === 'running';
  const phases = training.route === 'a' ? ['simulate', 'score-network', 'synthesis', 'posterior'] : ['simulate', 'scores', 'posterior'];

  const figure = useMemo(() => {
    const epochs = training.trainLosses.map((_, i) => i + 1);
    const data: Data[] = [
      { type: 'scatter', mode: 'lines', name: 'training loss', x: epochs, y: [...training.trainLosses], line: { color: COLORS.reference } },
      { type: 'scatter', mode: 'lines', name: 'validation loss', x: epochs, y: [...training.validationLosses], line: { color: COLORS.observation } },
    ];
    return { data, layout: { height: 220, margin: { t: 8, r: 8, b: 36, l: 56 }, xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'loss' } }, legend: { orientation: 'h' as const } } };
  }, [training.trainLosses, training.validationLosses]);

  return (
    <section className="panel training-panel" id="training-panel" data-status={training.status} data-phase={training.phase ?? ''}>
      <h2>Train in this browser</h2>
      <div className="panel-actions">
        <label>
          Route{' '}
          <select id="train-route" value={route} disabled={running} onChange={(event) => setRoute(event.target.value as PanelRoute)}>
            {PANEL_ROUTES.map((id) => (
              <option key={id} value={id}>
                {PANEL_TITLES[id]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Simulations{' '}
          <select id="train-budget" value={budget} disabled={running} onChange={(event) => setBudget(Number(event.target.value))}>
            <option value={1000}>1 000 (a quick look)</option>
            <option value={10_000}>10 000 (as shipped)</option>
            <option value={100_000}>100 000</option>
          </select>
        </label>
        <button type="button" id="train-start" disabled={running} onClick={() => start(route, budget)}>
          Train from scratch
        </button>
        <button type="button" id="train-stop" disabled={!running} onClick={stop}>
          Stop
        </button>
      </div>
      {estimate !== null && !running && (
        <p className="explain">
          Expect about {formatSeconds(estimate)} (the shipped model took {formatSeconds(shipped!.trainingSeconds)} for {shipped!.budget.toLocaleString('en')} simulations on{' '}
          {shipped!.backend}; scaled by budget{budget > shipped!.budget ? ', an optimistic bound since early stopping differs' : ''}). The page stays usable meanwhile.
        </p>
      )}
      {training.status !== 'idle' && (
        <div className="training-progress" role="status">
          <p>
            {training.status === 'running' && `${PHASES[training.phase ?? ''] ?? 'starting…'}${training.step ? ` — ${training.step}` : ''}`}
            {training.epoch !== null && running && ` · epoch ${training.epoch}`}
            {running && training.etaSeconds !== null && ` · at most ${formatSeconds(training.etaSeconds)} left in this phase`}
            {training.status === 'done' && `Done in ${formatSeconds(training.seconds ?? 0)}: the ${training.route} panel now uses this model (saved in this browser).`}
            {training.status === 'cancelled' && 'Stopped. The panel keeps its previous model.'}
            {training.status === 'error' && <span className="error">Training failed: {training.error}</span>}
          </p>
          {training.ess && (
            <p id="train-ess" className="explain">
              Weights of this run, ESS/N:{' '}
              {training.ess.betas.map((beta, k) => {
                const fraction = training.ess!.essFraction[k]!;
                return (
                  <span key={beta} className={fraction < ESS_WARNING_FRACTION ? 'error' : undefined}>
                    {k > 0 && ' · '}β = {beta}: {formatFraction(fraction)}
                  </span>
                );
              })}
              {training.ess.essFraction.some((fraction) => fraction < ESS_WARNING_FRACTION) && ` — below ${100 * ESS_WARNING_FRACTION} % the weights rest on a handful of simulations (red).`}
            </p>
          )}
          {running && <progress id="train-progress" aria-label="phase" max={phases.length} value={phases.indexOf(training.phase ?? 'simulate') + 1} />}
          {training.trainLosses.length > 0 && <PlotlyFigure figure={figure} label="training and validation loss per epoch" className="plotly-figure loss-figure" config={NO_MODE_BAR} />}
        </div>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { routeColor } from '../charts/figure';
import { marginalsFigure, type MarginalsLayer } from '../charts/marginals-figure';
import { MOVING_POINTS_PER_PAIR, referenceLayout, referenceTraces } from '../charts/reference-figure';
import type { TaskInfo } from '../benchmarks/metadata/task-metadata';
import { committedCell } from '../store/committed-results';
import { observationKey, selectionKey } from '../store/lab-store';
import type { AmortizedDisplay, RoutePanelState } from '../store/posterior-store';
import type { FixedBetaDraws } from '../store/predictive-store';
import { referenceView } from '../store/reference-store';
import { formatBeta, observationValues, trueTheta, type ObservationChoice } from '../store/selection';
import { PANEL_TITLES, type PanelRoute } from '../store/shipped-models';
import { useLab } from './lab-context';
import { usePosteriorDisplay, usePosteriors, usePredictive, useRefinedDraws, useRefinement } from './posterior-context';
import { RefineControl } from './RefineControl';
import { useReference } from './reference-context';
import { PlotlyFigure } from './PlotlyFigure';

const STATUS_TEXT = {
  off: 'off',
  missing: 'no model for this task yet — train one in this browser below',
  loading: 'loading the model…',
  moving: 'following β',
  sampling: 'drawing…',
  done: 'done',
  error: 'error',
} as const;

/** What the panel says about its model: budget, estimator, where it came from, and its card. */
function ModelLine({ route }: { route: PanelRoute }) {
  const panel = usePosteriors((state) => state.panels[route]);
  const taskId = useLab((state) => state.taskId);
  const card = panel.card;
  if (!card) return null;
  const estimator = (card.extra.posterior as { kind?: string } | undefined)?.kind ?? 'unknown estimator';
  return (
    <p className="model-line">
      {card.budget.toLocaleString('en')} simulations · {estimator} · seed {card.seed} ·{' '}
      {panel.source === 'browser' ? 'trained in this browser' : `shipped (commit ${card.commit.slice(0, 7)})`} ·{' '}
      {panel.source === 'shipped' ? (
        <a href={`models/${taskId}/${route}/model.json`} target="_blank" rel="noreferrer">
          model card
        </a>
      ) : (
        <span>trained {new Date(card.createdAt).toLocaleString()}</span>
      )}
    </p>
  );
}

/** Styles of the fixed-β layers of the marginals (the paper's Figure 2: β = 0.1, 1, 2). */
const FIXED_BETA_STYLES = [
  { color: '#9ecae1', dash: 'dot' },
  { color: '#4a4a4a', dash: 'dash' },
  { color: '#e6550d', dash: 'dot' },
] as const;

/**
 * The marginals layers of a task without a reference (Hodgkin–Huxley): q's draws at β = 0.1,
 * 1, 2 for this observation (when the predictive store has them for this route), then the
 * slider's β, boldest.
 */
function marginalsLayers(task: TaskInfo, observation: ObservationChoice, route: PanelRoute, fixed: FixedBetaDraws | null, samples: Float64Array, beta: number | null): MarginalsLayer[] {
  const layers: MarginalsLayer[] = [];
  const prefix = `${task.id}|${observationValues(task, observation).join(',')}|${route}|`;
  if (fixed && fixed.route === route && fixed.key.startsWith(prefix)) {
    const size = fixed.numDraws * task.thetaDim;
    fixed.betas.forEach((fixedBeta, k) => {
      const style = FIXED_BETA_STYLES[k % FIXED_BETA_STYLES.length]!;
      layers.push({ name: `β = ${fixedBeta}`, color: style.color, dash: style.dash, width: 1.5, samples: fixed.draws.subarray(k * size, (k + 1) * size) });
    });
  }
  if (samples.length > 0) layers.push({ name: `β = ${beta ?? '…'} (slider)`, color: routeColor(route), width: 3, samples });
  return layers;
}

/** How a panel names what it shows while β moves or rests. */
function displayText(display: AmortizedDisplay, beta: number, panel: RoutePanelState, thinned: boolean): string {
  const n = display.samples.length > 0 ? display.samples.length : 0;
  const thin = thinned ? ' (thinned to 1 000 points per pair while β moves)' : '';
  if (display.kind === 'interpolated') return `β ≈ ${formatBeta(beta)} (between ladder steps: each draw morphs between its two neighbouring rungs)${thin}`;
  if (display.kind === 'nearest-rung') {
    const why = panel.continuous ? 'nearest ladder step so far' : "nearest ladder step: this model is a mixture density network, whose draws jump between β, so it shows its nearest rung";
    return `β = ${formatBeta(display.beta!)} (${why})${thin}`;
  }
  return n > 0 ? `exact draws at β = ${formatBeta(display.beta!)}${thin}` : '';
}

/**
 * One route's amortized posterior q(θ | x, β) beside the reference, on the same axes and with
 * the same exact contours. While β moves it follows the slider along its β ladder (computed once
 * per observation in the posterior worker): each draw morphs between its two neighbouring rungs,
 * a frame costs an interpolation and a chart update. When β rests it shows 4 000 exact draws at
 * β from the same base noise, so nothing jumps. Names its draws, its C2ST against the reference
 * where the committed results have that cell, and its status.
 */
export function AmortizedPanel({ route }: { route: PanelRoute }) {
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  const beta = useLab((state) => state.beta);
  const seed = useLab((state) => state.seed);
  const resting = useLab((state) => state.betaResting);
  const retry = useLab((state) => state.retry);
  const panel = usePosteriors((state) => state.panels[route]);
  const enabled = usePosteriors((state) => state.enabled[route]);
  const workerTensors = usePosteriors((state) => state.workerTensors);
  const toggle = usePosteriors((state) => state.toggleRoute);
  const useShipped = usePosteriors((state) => state.useShippedModel);
  const displayAt = usePosteriorDisplay();
  const task = getTaskInfo(taskId);
  const keys = useMemo(() => ({ observation: observationKey({ taskId, observation, seed }), selection: selectionKey({ taskId, observation, seed, beta }) }), [taskId, observation, seed, beta]);
  // The exact contours: the grid at the resting β, or the nearest rung's (the reference store computes them once per β).
  const view = useReference((_, buffers) => referenceView(buffers, keys.selection, keys.observation, beta));
  const fixedBeta = usePredictive((state) => state.fixedBeta);
  // Recomputed when β moves (an interpolation) or new draws land, never otherwise.
  const display = useMemo(() => displayAt(route, beta), [displayAt, route, beta, panel.version, keys.observation]);
  const thinned = !resting && task.thetaDim > 2 && display.samples.length / task.thetaDim > MOVING_POINTS_PER_PAIR;
  // With refine on and β at rest, the refined draws replace the exact ones once they land.
  const refinedVersion = useRefinement((state) => state.panels[route].version);
  const refinedDrawsOf = useRefinedDraws();
  const refined = useMemo(() => (resting ? refinedDrawsOf(route) : null), [refinedDrawsOf, route, resting, refinedVersion, keys.selection]);
  const samples = refined ?? display.samples;
  const layout = useMemo(() => (task.hasLikelihood ? referenceLayout(task, `${taskId}`) : null), [task, taskId, observation]);

  const figure = useMemo(
    () =>
      !task.hasLikelihood || !layout
        ? marginalsFigure({
            task,
            layers: marginalsLayers(task, observation, route, fixedBeta, samples, display.beta),
            trueTheta: trueTheta(task, observation),
            uiRevision: `${taskId}`,
          })
        : {
            layout,
            data: referenceTraces({
              task,
              samples,
              grid: view,
              trueTheta: trueTheta(task, observation),
              uiRevision: `${taskId}`,
              drawsName: `q(θ | x, β), ${route}${refined ? ', refined' : ''}`,
              color: routeColor(route),
              ...(thinned ? { maxPointsPerPair: MOVING_POINTS_PER_PAIR } : {}),
            }),
          },
    [display, samples, view, fixedBeta, layout, thinned, taskId, observation, route],
  );

  const cell =
    panel.card && panel.source === 'shipped' && observation.kind === 'fixed' && display.kind === 'exact' && display.beta !== null
      ? committedCell(taskId, refined ? `${route}/refined` : route, panel.card.budget, observation.index + 1, display.beta)
      : null;
  const ladderText = panel.ladderRungs > 0 && panel.ladderDone < panel.ladderRungs ? ` · β ladder ${panel.ladderDone}/${panel.ladderRungs}` : '';
  return (
    <section
      className={`panel amortized-panel route-${route}`}
      id={`panel-${route}`}
      data-route={route}
      data-status={panel.status}
      data-beta={panel.beta ?? ''}
      data-version={panel.version}
      data-num-draws={panel.numDraws}
      data-num-tensors={workerTensors ?? ''}
      data-display={display.kind}
      data-refined={refined ? 'yes' : 'no'}
      data-painted-beta={display.beta ?? ''}
      data-ladder-done={panel.ladderDone}
      data-ladder-rungs={panel.ladderRungs}
      data-ladder-seconds={panel.ladderSeconds ?? ''}
    >
      <header className="panel-header">
        <h2>
          <label className="route-toggle">
            <input type="checkbox" checked={enabled} onChange={() => toggle(route)} aria-label={`show ${route}`} /> {PANEL_TITLES[route]}
          </label>
        </h2>
        <span className={`status status-${panel.status}`} role="status">
          {STATUS_TEXT[panel.status]}
          {panel.status === 'done' && display.kind === 'exact' && !refined && ` · ${panel.numDraws.toLocaleString('en')} draws at β = ${panel.beta} in ${((panel.seconds ?? 0) * 1000).toFixed(0)} ms on ${panel.backend}`}
          {panel.status === 'done' && refined && ` · showing the refined draws (below) instead of q's ${panel.numDraws.toLocaleString('en')}`}
          {(panel.status === 'moving' || panel.status === 'sampling') && display.kind !== 'none' && ` · ${displayText(display, beta, panel, thinned)}`}
          {ladderText}
          {cell && ` · C2ST ${cell.c2st.toFixed(3)} vs reference (floor ${cell.floor.c2st.toFixed(3)}, results file)`}
        </span>
      </header>
      <ModelLine route={route} />
      {enabled && panel.status !== 'missing' && <RefineControl route={route} />}
      {panel.error && (
        <p className="error" role="alert">
          This panel failed: {panel.error}. Retry starts the workers afresh; a model that will not load can be retrained in this browser
          below{panel.source === 'browser' ? ', or you can go back to the shipped model.' : '.'}{' '}
          <button type="button" className="retry-panel" onClick={retry}>
            Retry
          </button>
        </p>
      )}
      {panel.source === 'browser' && (
        <button type="button" className="reset-model" onClick={() => useShipped(route)}>
          Reset to the shipped model
        </button>
      )}
      {enabled && panel.status !== 'missing' && <PlotlyFigure figure={figure} label={`draws of ${route}'s amortized posterior`} className="plotly-figure amortized-figure" paintKey={String(display.beta ?? '')} />}
    </section>
  );
}

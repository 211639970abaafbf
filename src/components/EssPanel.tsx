import { useMemo } from 'react';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import type { OracleEssCurve } from '../protocol/messages';
import { essFigure } from '../charts/ess-figure';
import { ESS_WARNING_FRACTION } from '../core/limits';
import { ORACLE_ESS_SIMULATIONS } from '../store/simulation-store';
import { cardEss, cardEssFractionAt, curveEssFractionAt, type PanelRoute } from '../store/shipped-models';
import { useLab, useSimulation } from './lab-context';
import { usePosteriors } from './posterior-context';
import { PlotlyFigure } from './PlotlyFigure';

/** The chart's config, one object for the page's life (a new one would make Plotly redraw the whole figure). */
const NO_MODE_BAR = { displayModeBar: false } as const;

const WEIGHTED: readonly PanelRoute[] = ['b-nle', 'b-nre'];

const formatPercent = (value: number) => `${(100 * value).toFixed(value < 0.01 ? 2 : 1)} %`;

const ORACLE_NAMES: Readonly<Record<OracleEssCurve['route'], string>> = {
  'b-oracle': 'exact p(x|θ) (oracle)',
  'b-oracle-nre': 'exact p(x|θ)/p(x) (oracle)',
};

/**
 * ESS(β)/N of each Route B variant's SNIS weights, from its model card, with the slider's β
 * marked and a warning when it falls below the documented threshold: how many simulations the
 * network effectively learned this β from. Dashed beside them, the same with exact scores
 * (computed in the lab worker on 10 000 simulations): where a learned curve falls below its
 * oracle, the score network is to blame; where both fall, the method is.
 */
export function EssPanel() {
  const taskId = useLab((state) => state.taskId);
  const beta = useLab((state) => state.beta);
  // The figure's marker moves when β rests: rebuilding the figure is not worth a frame of a drag.
  const restingBeta = useLab((state) => state.restingBeta);
  const index = usePosteriors((state) => state.index.models);
  const task = getTaskInfo(taskId);
  // Only the cards: the panels' draw counters change on every slider step and must not redraw this.
  const cardNle = usePosteriors((state) => state.panels['b-nle'].card);
  const cardNre = usePosteriors((state) => state.panels['b-nre'].card);
  const curves = useMemo(
    () =>
      WEIGHTED.flatMap((route) => {
        const card = (route === 'b-nle' ? cardNle : cardNre) ?? index.find((model) => model.task === taskId && model.route === route)?.card ?? null;
        const ess = cardEss(card);
        return ess ? [{ route, ...ess }] : [];
      }),
    [taskId, cardNle, cardNre, index],
  );
  const oracle = useSimulation((state) => state.oracleEss);
  const seed = useLab((state) => state.seed);
  const oracleCurves = useMemo(
    () => (oracle.status === 'done' && oracle.taskId === taskId ? oracle.curves.map(({ route, betas, essFraction }) => ({ route, curve: { betas, essFraction }, name: ORACLE_NAMES[route], dashed: true })) : []),
    [oracle, taskId],
  );
  const figure = useMemo(() => essFigure([...curves, ...oracleCurves], restingBeta, task.betaDomain, ESS_WARNING_FRACTION), [curves, oracleCurves, restingBeta, task]);
  const current = curves.map((ess) => ({ route: ess.route, value: cardEssFractionAt(ess, beta) }));
  const low = current.filter(({ value }) => value < ESS_WARNING_FRACTION);
  return (
    <section className="panel ess-panel" id="ess-panel" aria-label="effective sample size of the SNIS weights">
      <h2>
        ESS(β)/N of the SNIS weights <span className="subtle">— Route B</span>
      </h2>
      {curves.length === 0 ? (
        <p className="explain">No Route B model for this task yet.</p>
      ) : (
        <>
          <p className="ess-now" data-ess={current.map(({ route, value }) => `${route}:${value.toFixed(4)}`).join(' ')}>
            At β = {beta}: {current.map(({ route, value }) => `${route} ${formatPercent(value)}`).join(' · ')}
          </p>
          {low.length > 0 && (
            <p className="warn" role="alert">
              Below {100 * ESS_WARNING_FRACTION} % for {low.map(({ route }) => route).join(' and ')}: at this β the weights rest on a handful of simulations, so
              the network has little to learn from — trust its panel less.
            </p>
          )}
          {oracle.status === 'error' && oracle.taskId === taskId && <p className="error">Could not compute the oracle ESS curves: {oracle.error}</p>}
          {oracleCurves.length > 0 && (
            <p className="ess-oracle explain">
              Dashed: the same weights with exact scores ({ORACLE_ESS_SIMULATIONS.toLocaleString('en')} simulations, seed {seed}) — at β = {beta}{' '}
              {oracleCurves.map(({ name, curve }) => `${name} ${formatPercent(curveEssFractionAt(curve, beta))}`).join(' · ')}. A learned curve below its oracle is the score network&apos;s error; a drop
              both share is the method&apos;s limit.
            </p>
          )}
          <PlotlyFigure figure={figure} label="ESS/N against β" className="plotly-figure ess-figure" config={NO_MODE_BAR} />
        </>
      )}
    </section>
  );
}

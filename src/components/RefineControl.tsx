import { PARETO_K_LIMIT } from '../core/limits';
import { committedCell } from '../store/committed-results';
import type { RefinedPanelState } from '../store/refinement-store';
import type { PanelRoute } from '../store/shipped-models';
import { useLab } from './lab-context';
import { usePosteriors, useRefinement } from './posterior-context';

const STATUS_TEXT: Readonly<Record<RefinedPanelState['status'], string>> = {
  off: '',
  waiting: 'refines when β rests',
  refining: 'refining…',
  done: '',
  error: 'refinement failed',
};

/** "2,000 refined draws at β = 0.3 · ESS 1,234 of 10,000 proposals (12.3 %) · k̂ 0.41 · proposals from 0.8·q + 0.2·prior (as in the committed results) · …". */
function diagnosticsText(panel: RefinedPanelState): string {
  const ess = `ESS ${Math.round(panel.ess ?? 0).toLocaleString('en')} of ${panel.numProposals.toLocaleString('en')} proposals (${(100 * (panel.essFraction ?? 0)).toFixed(1)} %)`;
  const k = panel.paretoK === null ? 'k̂ not judged (too few proposals)' : `k̂ ${panel.paretoK.toFixed(2)}`;
  const share = panel.defensive > 0 ? `proposals from ${Number((1 - panel.defensive).toFixed(3))}·q + ${panel.defensive}·prior` : 'proposals from q';
  const whose = panel.defensiveFromResults ? ' (as in the committed results)' : '';
  return `${panel.numDraws.toLocaleString('en')} refined draws at β = ${panel.beta} · ${ess} · ${k} · ${share}${whose} · weighted by ${panel.scoreNetworks} · ${((panel.seconds ?? 0) * 1000).toFixed(0)} ms`;
}

/**
 * A panel's "refine" switch (issue 19) and what refinement says: the refined draws' ESS and
 * Pareto k̂, a warning when k̂ > 0.7 (the draws are shown, but are not to be trusted), and —
 * where the committed results have this cell refined — whether refinement made it worse.
 */
export function RefineControl({ route }: { route: PanelRoute }) {
  const panel = useRefinement((state) => state.panels[route]);
  const setRefine = useRefinement((state) => state.setRefine);
  const card = usePosteriors((state) => state.panels[route].card);
  const source = usePosteriors((state) => state.panels[route].source);
  const taskId = useLab((state) => state.taskId);
  const observation = useLab((state) => state.observation);
  // Route A borrows B-NRE's networks; the index says which shipped models have theirs.
  const shippedWithNetworks = usePosteriors((state) => state.index.models.some((model) => model.task === taskId && model.route === (route === 'a' ? 'b-nre' : route) && model.scoreNetworks === true));
  const unavailable =
    source === 'browser'
      ? 'a model trained in this browser keeps no score networks (reset to the shipped model to refine)'
      : !shippedWithNetworks
        ? `the shipped ${route === 'a' ? 'B-NRE model, whose score networks Route A borrows,' : 'model'} has no score networks beside it (npm run cli -- pretrain ships them)`
        : null;
  const committed =
    panel.status === 'done' && card && source === 'shipped' && observation.kind === 'fixed' && panel.beta !== null ? committedCell(taskId, `${route}/refined`, card.budget, observation.index + 1, panel.beta) : null;
  return (
    <div className="refine-control" data-refine-status={panel.status} data-pareto-k={panel.paretoK ?? ''} data-ess={panel.ess ?? ''}>
      <label>
        <input type="checkbox" className="refine-switch" checked={panel.on} disabled={unavailable !== null && !panel.on} onChange={(event) => setRefine(route, event.target.checked)} aria-label={`refine ${route}'s draws`} /> refine
        (sampling–importance–resampling with the route&apos;s learned likelihood, once β rests)
      </label>
      {unavailable && <span className="refine-unavailable"> · unavailable: {unavailable}</span>}
      {panel.on && panel.status !== 'done' && STATUS_TEXT[panel.status] && <span className="refine-status"> · {STATUS_TEXT[panel.status]}</span>}
      {panel.status === 'done' && <p className="refine-diagnostics">{diagnosticsText(panel)}</p>}
      {panel.status === 'done' && !panel.trustworthy && (
        <p className="refine-warning refine-untrusted" role="alert">
          Do not trust these refined draws: {panel.paretoK === null ? 'too few proposals to judge the weights’ tail' : `Pareto k̂ = ${panel.paretoK.toFixed(2)} > ${PARETO_K_LIMIT}, the weights’ tail is too heavy`} — a few
          proposals carry most of the weight. Compare with the unrefined draws (untick refine).
        </p>
      )}
      {committed?.refinement?.worseThanUnrefined && (
        <p className="refine-warning refine-worse">
          In the committed results refinement made this cell worse: C2ST {committed.c2st.toFixed(3)} refined against {committed.refinement.unrefined.c2st.toFixed(3)} unrefined.
        </p>
      )}
      {panel.status === 'error' && (
        <p className="error" role="alert">
          Refinement failed: {panel.error}
        </p>
      )}
    </div>
  );
}

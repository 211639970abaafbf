import { useMemo } from 'react';
import { evaluationFigure } from '../charts/evaluation-figure';
import { COMMITTED_RESULTS, committedSummary, REJECTED_RESULTS } from '../store/committed-results';
import { useLab } from './lab-context';
import { PlotlyFigure } from './PlotlyFigure';

/**
 * The evaluation view: mean C2ST against β per route and budget for the current task, from the
 * committed results files (with the command, commit and seeds that made them), the slider's β
 * marked, and a table of the same numbers with MMD² and ESS/N.
 */
export function EvaluationView() {
  const taskId = useLab((state) => state.taskId);
  // Follows β when it rests, not on every frame of a drag.
  const beta = useLab((state) => state.restingBeta);
  const rows = useMemo(() => committedSummary(taskId), [taskId]);
  const figure = useMemo(() => evaluationFigure(rows, beta), [rows, beta]);
  const files = COMMITTED_RESULTS.filter((file) => file.task === taskId);
  return (
    <section className="panel evaluation-view" id="evaluation-view">
      <h2>
        Evaluation <span className="subtle">— committed results for this task</span>
      </h2>
      {rows.length === 0 ? (
        <p className="explain">No evaluation results are committed for this task yet (run `npm run cli -- evaluate`).</p>
      ) : (
        <>
          <PlotlyFigure figure={figure} label="C2ST against β per route" className="plotly-figure evaluation-figure" />
          <details>
            <summary>The numbers ({rows.length} cells) and where they come from</summary>
            <table className="results-table">
              <thead>
                <tr>
                  <th>route</th>
                  <th>sims</th>
                  <th>β</th>
                  <th>C2ST</th>
                  <th>floor</th>
                  <th>MMD²</th>
                  <th>ESS/N</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.route}|${row.budget}|${row.beta}`} className={Math.abs(row.beta - beta) < 1e-9 ? 'current' : ''}>
                    <td>{row.route}</td>
                    <td>{row.budget}</td>
                    <td>{row.beta}</td>
                    <td>{row.c2stMean.toFixed(3)}</td>
                    <td>{row.floorC2stMean.toFixed(3)}</td>
                    <td>{row.mmdMean.toExponential(2)}</td>
                    <td>{row.essFractionMean === null ? '—' : row.essFractionMean.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ul className="provenance">
              {files.map((file) => (
                <li key={`${file.route}|${file.budget}`}>
                  {file.route}, {file.budget} sims: <code>{file.provenance.command}</code> at commit {file.provenance.commit.slice(0, 10)}, seeds{' '}
                  {Object.entries(file.provenance.seeds)
                    .map(([role, seed]) => `${role} ${seed}`)
                    .join(', ')}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
      {REJECTED_RESULTS.length > 0 && <p className="error">Left out (malformed): {REJECTED_RESULTS.join('; ')}</p>}
    </section>
  );
}

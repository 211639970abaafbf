import { isCalibrationJson } from '../protocol/calibration';
import { parseResultFile, type ResultCell, type ResultFile } from '../protocol/results';
import { type SummaryRow, summarizeResults } from '../protocol/results-summary';

/**
 * The evaluation results committed under results/ (issue 3's report files), bundled into the
 * page at build time; saved models kept beside them (results/models…/) are not results. A
 * malformed file is left out and named in `rejected`, never trusted.
 */
const modules = import.meta.glob(['../../results/**/*.json', '!../../results/models*/**', '!../../results/**/*-coverage-*.json'], { eager: true, import: 'default' }) as Record<string, unknown>;

// Calibration files (issue 20, `<route>-coverage-<simulator>.json`) live beside the results but are
// not bundled; one under another name is still recognised by its schema tag and left out here.
const parsed = Object.entries(modules).filter(([, json]) => !isCalibrationJson(json)).map(([path, json]) => {
  try {
    return { file: parseResultFile(json, path.replace('../../', '')), path, error: null };
  } catch (error) {
    return { file: null, path, error: (error as Error).message };
  }
});

export const COMMITTED_RESULTS: readonly ResultFile[] = parsed.flatMap((entry) => (entry.file ? [entry.file] : []));
export const REJECTED_RESULTS: readonly string[] = parsed.flatMap((entry) => (entry.error ? [entry.error] : []));

/**
 * The committed cell for a shipped model at (observation, β): the route label must be the plain
 * route id (the shipped estimator) and the budget the model's; null when that cell was not evaluated.
 * @param observation 1-based fixed observation number
 */
export function committedCell(task: string, route: string, budget: number, observation: number, beta: number): ResultCell | null {
  const file = COMMITTED_RESULTS.find((candidate) => candidate.task === task && candidate.route === route && candidate.budget === budget);
  return file?.cells.find((cell) => cell.observation === observation && Math.abs(cell.beta - beta) < 1e-9) ?? null;
}

/**
 * The prior share a of the defensive mixture (DESIGN.md §4) a shipped model's committed refined
 * results were drawn with (`<route>/refined` at the model's budget), so the page refines as the
 * committed numbers were made; null when that file is not committed or its cells disagree.
 */
export function committedRefinementShare(task: string, route: string, budget: number): number | null {
  const file = COMMITTED_RESULTS.find((candidate) => candidate.task === task && candidate.route === `${route}/refined` && candidate.budget === budget);
  const shares = new Set(file?.cells.map((cell) => cell.refinement?.defensive));
  return shares.size === 1 ? ([...shares][0] ?? null) : null;
}

/** The committed results of one task, summarised per route, budget and β (the evaluation view's rows). */
export function committedSummary(taskId: string): SummaryRow[] {
  return summarizeResults(COMMITTED_RESULTS.filter((file) => file.task === taskId));
}

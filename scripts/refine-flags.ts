import { dirname, join } from 'node:path';
import type { Task } from '../src/benchmarks/task';
import type { ModelCard } from '../src/nn/serialize';
import type { ScoreNetwork } from '../src/routes/route-b';
import { DEFAULT_PROPOSALS_PER_DRAW } from '../src/routes/refinement';
import { type CommandOptions, type FlagValues, integerFlag, UsageError } from './command';
import { loadScoreNetworks } from './model-files';

/** `--refine [--proposals k] [--defensive a]`, shared by sample and evaluate. */
export const REFINE_OPTIONS = { refine: { type: 'boolean' }, proposals: { type: 'string' }, defensive: { type: 'string' } } as const satisfies CommandOptions;
export const REFINE_USAGE = [
  "  --refine        refine the draws by sampling–importance–resampling with the route's own learned likelihood (DESIGN.md §4)",
  `  --proposals k   with --refine: k·n proposals for n draws, an integer in [1, 1000] (default ${DEFAULT_PROPOSALS_PER_DRAW})`,
  "  --defensive a   with --refine: the prior's share a of the proposals, in [0, 1) (default 0: q alone)",
].join('\n');

/** What --refine asks for, or null without it. */
export interface RefineChoice {
  readonly proposalsPerDraw: number;
  readonly defensive: number;
}

/** Reads --refine, --proposals and --defensive; the last two without --refine are a UsageError. */
export function refineFlags(values: FlagValues): RefineChoice | null {
  if (values.refine !== true) {
    for (const flag of ['proposals', 'defensive']) if (values[flag] !== undefined) throw new UsageError(`--${flag}: expected only with --refine, got "${String(values[flag])}" without it`);
    return null;
  }
  const proposalsPerDraw = integerFlag(values, 'proposals', DEFAULT_PROPOSALS_PER_DRAW, 1, 1000);
  const raw = values.defensive;
  const defensive = raw === undefined ? 0 : Number(raw);
  if (raw !== undefined && (typeof raw !== 'string' || raw.trim() === '' || !(defensive >= 0 && defensive < 1))) {
    throw new UsageError(`--defensive: expected the prior's share a in [0, 1), got "${String(raw)}"`);
  }
  return { proposalsPerDraw, defensive };
}

/**
 * The score networks that refine a saved model: its own two (Route B-NLE, B-NRE); Route A has
 * no learned likelihood and borrows the B-NRE model's beside it (`<task>/b-nre/`). Anything
 * else (the NPE, a model saved without them) is a UsageError saying what was expected.
 * @returns the networks and which model's they are
 */
export function scoreNetworksFor(modelDir: string, card: ModelCard, task: Task): { networks: ScoreNetwork[]; source: string } {
  if (card.route === 'a') {
    const borrowed = join(dirname(modelDir), 'b-nre');
    return { networks: loadScoreNetworks(borrowed, `--refine (Route A borrows the B-NRE model's score networks: ${task.id}/b-nre)`), source: `the B-NRE model's two cross-fitted classifiers (${borrowed})` };
  }
  if (card.route !== 'b-nle' && card.route !== 'b-nre') throw new UsageError(`--refine: expected a b-nle, b-nre or a model (they have a learned likelihood), got a ${card.route} model`);
  const kind = card.route === 'b-nle' ? 'neural likelihoods' : 'ratio classifiers';
  return { networks: loadScoreNetworks(modelDir, '--refine'), source: `the model's own two cross-fitted ${kind} (${modelDir}/score-1, score-2)` };
}

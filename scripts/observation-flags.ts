import type { Task } from '../src/benchmarks/task';
import { type FlagValues, integerFlag, UsageError } from './command';

export const OBSERVATION_OPTIONS = { obs: { type: 'string' }, x: { type: 'string' } } as const;
export const OBSERVATION_USAGE = [
  '  --obs K         one of the task\'s 10 fixed observations, 1–10',
  '  --x v1,v2,…     any observation instead (the task\'s xDim numbers)',
].join('\n');

/**
 * The observation named by `--obs K` (1–10) or given by `--x v1,v2,…` (DESIGN.md §7): exactly
 * one of the two. Returns the x values and a label for summaries.
 */
export function observationFlag(values: FlagValues, task: Task): { x: number[]; label: string } {
  const hasObs = values.obs !== undefined;
  const hasX = values.x !== undefined;
  if (hasObs === hasX) throw new UsageError(`expected exactly one of --obs K or --x v1,v2,…, got ${hasObs ? 'both' : 'neither'}`);
  if (hasObs) {
    const k = integerFlag(values, 'obs', 1, 1, task.observations.length);
    return { x: [...task.observations[k - 1]!.x], label: `obs ${k}` };
  }
  const raw = String(values.x);
  const parts = raw.split(',');
  const x = parts.map(Number);
  if (parts.length !== task.xDim || parts.some((part, k) => part.trim() === '' || !Number.isFinite(x[k]))) {
    throw new UsageError(`--x: expected ${task.xDim} comma-separated finite numbers for ${task.id}, got "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}"`);
  }
  return { x, label: 'custom x' };
}

/** A β flag in (0, max]. */
export function betaFlag(values: FlagValues, max: number): number {
  const raw = values.beta;
  const beta = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(beta > 0 && beta <= max)) {
    throw new UsageError(`--beta: expected a number in (0, ${max}], got "${raw === undefined ? '' : String(raw)}"`);
  }
  return beta;
}

import type { ParseArgsConfig } from 'node:util';
import { getTask, isTaskId, TASK_IDS } from '../src/benchmarks/registry';
import type { Task } from '../src/benchmarks/task';

/** The option table of one command, in `node:util` parseArgs form. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values: strings for string options, booleans for boolean options (arrays for `multiple`). */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One command of `npm run cli -- <command> [flags]` (DESIGN.md §7). `run` prints whatever it
 * likes, then returns the one-line JSON summary that the tool prints last.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines for the flags, shown on a bad flag. */
  readonly usage: string;
  readonly options: CommandOptions;
  run(values: FlagValues): Promise<Record<string, unknown>>;
}

/** An error in the user's flags: the tool prints it with the usage text and exits 2. */
export class UsageError extends Error {}

/** A required string flag. */
export function requireString(values: FlagValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name}: expected a value, got nothing`);
  return value;
}

/** An integer flag in [min, max], or `fallback` when absent. */
export function integerFlag(values: FlagValues, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name}: expected an integer in [${min}, ${max}], got "${String(raw)}"`);
  }
  return value;
}

/** The `--seed` flag every command takes (DESIGN.md §7). */
export const SEED_OPTION = { seed: { type: 'string' } } as const satisfies CommandOptions;
export const SEED_USAGE = '  --seed S        random seed, an integer (default 1)';

/** Reads `--seed` (default 1). */
export function seedFlag(values: FlagValues): number {
  return integerFlag(values, 'seed', 1, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

export const TASK_USAGE = `  --task T        one of ${TASK_IDS.join(', ')}`;

/** Reads the required `--task` flag. */
export function taskFlag(values: FlagValues): Task {
  const id = requireString(values, 'task');
  if (!isTaskId(id)) throw new UsageError(`--task: expected one of ${TASK_IDS.join(', ')}, got "${id}"`);
  return getTask(id);
}

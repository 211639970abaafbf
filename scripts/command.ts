import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { getTask } from '../src/benchmarks/registry';
import { isTaskId, TASK_IDS } from '../src/benchmarks/metadata/catalog';
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

/**
 * The flags as users type them: `--x -0.6,0.1` (a value that starts with a dash, which
 * `parseArgs` would take for a flag) becomes `--x=-0.6,0.1` for every string option.
 */
export function joinDashedValues(args: readonly string[], options: CommandOptions): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else joined.push(arg);
  }
  return joined;
}

/**
 * The `--out` file (or folder, `kind: 'dir'`), checked writable before any work: the folder is
 * made if missing, and a probe file is created and removed. Otherwise a UsageError naming the
 * path and why (a two-minute run must not end in "cannot write").
 */
export function writableOut(path: string, kind: 'file' | 'dir', flag = 'out'): string {
  const dir = kind === 'dir' ? path : dirname(path) || '.';
  try {
    if (kind === 'file' && existsSync(path) && statSync(path).isDirectory()) throw new Error('it is a folder');
    makeFolders(dir);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    if (kind === 'file' && existsSync(path)) accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reasons: Record<string, string> = { ENOENT: 'a folder on the path cannot be made', EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system', EEXIST: 'a file stands where a folder should be', ENOTDIR: 'a file stands where a folder should be' };
    const reason = reasons[code] ?? (error as Error).message;
    throw new UsageError(`--${flag}: expected a ${kind === 'dir' ? 'folder' : 'file'} path this user can write, got "${path}" (${reason})`);
  }
  return path;
}

/**
 * Makes `dir` and any missing parents one level at a time (Node 20's recursive mkdir loops
 * forever under /proc, so it is not used on a path a user typed).
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!statSync(current).isDirectory()) throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
  for (const folder of missing) mkdirSync(folder);
}

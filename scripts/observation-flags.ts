import { readFileSync } from 'node:fs';
import { recordedObservation } from '../src/benchmarks/traces';
import { type Task } from '../src/benchmarks/task';
import { betaDomainText } from '../src/benchmarks/metadata/task-metadata';
import { type FlagValues, integerFlag, UsageError } from './command';

export const OBSERVATION_OPTIONS = { obs: { type: 'string' }, x: { type: 'string' }, cell: { type: 'string' }, trace: { type: 'string' } } as const;
export const OBSERVATION_USAGE = [
  '  --obs K         one of the task\'s 10 fixed observations, 1–10',
  '  --x v1,v2,…     any observation instead (the task\'s xDim numbers)',
  '  --cell NAME     a named showcase cell (hodgkin_huxley: regular, sparse, quiet)',
  '  --trace F.csv   a recorded trace (time,voltage in ms,mV from t = 0), summarised like the simulator\'s (hodgkin_huxley)',
].join('\n');

/** What an observation flag names: x, a label, and the recorded trace when there is one. */
export interface ObservationChoice {
  readonly x: number[];
  readonly label: string;
  /** The observation's voltage trace (for `--trace`), sampled every `dt` ms. */
  readonly trace?: { readonly dt: number; readonly voltage: Float64Array };
}

/**
 * The observation named by `--obs K` (1–10), `--x v1,v2,…`, `--cell NAME` or `--trace F.csv`
 * (DESIGN.md §7, issue 10): exactly one of them. Returns the x values and a label for summaries.
 */
export function observationFlag(values: FlagValues, task: Task): ObservationChoice {
  const given = (['obs', 'x', 'cell', 'trace'] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(`expected exactly one of --obs K, --x v1,v2,…, --cell NAME or --trace F.csv, got ${given.length === 0 ? 'none' : given.map((name) => `--${name}`).join(' and ')}`);
  }
  switch (given[0]!) {
    case 'obs': {
      const k = integerFlag(values, 'obs', 1, 1, task.observations.length);
      return { x: [...task.observations[k - 1]!.x], label: `obs ${k}` };
    }
    case 'cell': {
      const name = String(values.cell);
      const cell = task.showcases.find((showcase) => showcase.id === name);
      if (!cell) throw new UsageError(`--cell: expected ${task.showcases.length > 0 ? `one of ${task.showcases.map((s) => s.id).join(', ')}` : `no --cell for ${task.id} (it has no showcase cells)`}, got "${name}"`);
      return { x: [...cell.x], label: `cell ${cell.id}` };
    }
    case 'trace': {
      const path = String(values.trace);
      if (!task.traces) throw new UsageError(`--trace: expected a task whose data are traces (hodgkin_huxley), got ${task.id}`);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new UsageError(`--trace: expected a readable CSV file, got ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      }
      try {
        const { x, trace } = recordedObservation(task, text, path);
        return { x: Array.from(x), label: `trace ${path}`, trace };
      } catch (error) {
        throw new UsageError(`--trace: ${(error as Error).message}`);
      }
    }
    case 'x': {
      const raw = String(values.x);
      const parts = raw.split(',');
      const x = parts.map(Number);
      if (parts.length !== task.xDim || parts.some((part, k) => part.trim() === '' || !Number.isFinite(x[k]))) {
        throw new UsageError(`--x: expected ${task.xDim} comma-separated finite numbers for ${task.id}, got "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}"`);
      }
      return { x, label: 'custom x' };
    }
  }
}

/** A β flag inside the task's (the model's) β domain: (0, high] first, then ≥ low. */
export function domainBetaFlag(values: FlagValues, task: Task): number {
  const beta = betaFlag(values, task.betaDomain[1], betaDomainText(task));
  const low = task.betaDomain[0];
  if (beta < low) throw new UsageError(`--beta: expected a number in ${betaDomainText(task)}, got ${beta}`);
  return beta;
}

/** A β flag in (0, max]. */
export function betaFlag(values: FlagValues, max: number, range = `(0, ${max}]`): number {
  const raw = values.beta;
  const beta = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(beta > 0 && beta <= max)) {
    throw new UsageError(`--beta: expected a number in ${range}, got ${raw === undefined ? 'nothing' : `"${String(raw)}"`}`);
  }
  return beta;
}

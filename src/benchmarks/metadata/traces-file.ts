import type { TaskId } from './task-metadata';

/** The layout of `observations/<task>.traces.json` (Hodgkin–Huxley's recorded traces). */
export const TRACES_FILE_FORMAT = 'tempered-sbi-lab/traces@1';

/** Stored traces keep every 4th sample (0.04 ms apart), rounded to 0.01 mV. */
export const TRACE_STORAGE_STRIDE = 4;

/**
 * The voltage traces of a task's fixed observations and showcase cells, for drawing. The
 * statistics in the observation file come from the full-resolution traces, which
 * `traces.simulate` reproduces from the file's seed (a test checks this).
 */
export interface TracesFile {
  readonly format: string;
  readonly task: string;
  readonly command: string;
  readonly seed: number;
  /** Sampling interval of the stored rows (ms). */
  readonly dt: number;
  /** [10][length] one trace per fixed observation */
  readonly observations: readonly (readonly number[])[];
  /** [3][length] one trace per showcase cell, in the observation file's order */
  readonly showcases: readonly (readonly number[])[];
}

/** Checks a parsed traces file; anything else is an Error naming what was expected. */
export function checkTracesFile(file: unknown, where: string): TracesFile {
  const f = file as Partial<TracesFile> | null;
  if (!f || f.format !== TRACES_FILE_FORMAT) throw new Error(`${where}: expected format ${TRACES_FILE_FORMAT}, got ${JSON.stringify(f?.format)}`);
  if (!(typeof f.dt === 'number' && f.dt > 0)) throw new Error(`${where} dt: expected a positive number, got ${JSON.stringify(f.dt)}`);
  for (const key of ['observations', 'showcases'] as const) {
    const rows = f[key];
    if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.length > 0 && row.every(Number.isFinite))) {
      throw new Error(`${where} ${key}: expected rows of finite numbers`);
    }
  }
  return f as TracesFile;
}

/**
 * The traces file of every task whose x summarises a trace (`TaskMetadata.traces`), loaded on
 * demand: a chunk of its own, fetched only when such a task is shown. The task suite checks that
 * every task with traces has one.
 */
export const TRACES_FILES: Partial<Record<TaskId, () => Promise<{ default: unknown }>>> = {
  hodgkin_huxley: () => import('../observations/hodgkin_huxley.traces.json'),
};

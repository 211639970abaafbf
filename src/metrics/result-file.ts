/**
 * Evaluation result files (`results/<task>/<route>-<budget>.json`): one file per (task,
 * route, simulation budget) with, per β and observation, the C2ST and MMD² of the route's
 * samples against the reference sampler, ESS where the route has weights, the seconds it
 * took, and a reference-vs-reference floor. Every file carries its provenance — the command,
 * the commit, the seeds and the sample sizes — or the report refuses it.
 */

/** The schema tag every result file starts with. */
export const RESULT_SCHEMA = 'tempered-sbi-lab/result@1';

/** How a result file was made. */
export interface Provenance {
  /** The exact command line that wrote the file. */
  readonly command: string;
  /** The git commit of the code that ran (40 hex digits, with "-dirty" if the tree had changes). */
  readonly commit: string;
  /** ISO 8601 time the file was written. */
  readonly createdAt: string;
  /** Every seed used, by role (e.g. training, sampling, reference, c2st). */
  readonly seeds: Readonly<Record<string, number>>;
  /** Samples per side of each metric. */
  readonly sampleSizes: { readonly reference: number; readonly candidate: number };
}

/** The scores of one (β, observation) cell. */
export interface ResultCell {
  readonly beta: number;
  /** The task's fixed observation number, 1–10. */
  readonly observation: number;
  readonly c2st: number;
  readonly mmd: number;
  /** ESS/N of the route's SNIS weights at this β; null where the route has no weights. */
  readonly essFraction: number | null;
  /** Seconds to draw the route's samples for this cell. */
  readonly seconds: number;
  /** The same metrics between two independent reference runs: the best any method can score. */
  readonly floor: { readonly c2st: number; readonly mmd: number };
}

export interface ResultFile {
  readonly schema: typeof RESULT_SCHEMA;
  readonly task: string;
  readonly route: string;
  /** Number of simulations the route was trained on (0 for reference-only files). */
  readonly budget: number;
  readonly provenance: Provenance;
  readonly cells: readonly ResultCell[];
}

/**
 * Checks parsed JSON as a result file and returns it typed; anything missing or malformed —
 * above all, missing provenance — is an Error naming the file, the field, what was expected
 * and what arrived.
 * @param source the file's path, for messages
 */
export function parseResultFile(json: unknown, source: string): ResultFile {
  const file = expectRecord(json, source, 'the file');
  if (file.schema !== RESULT_SCHEMA) {
    throw new Error(`${source}: expected schema "${RESULT_SCHEMA}", got ${show(file.schema)}`);
  }
  expectString(file.task, source, 'task');
  expectString(file.route, source, 'route');
  expectNumber(file.budget, source, 'budget', 0);

  if (file.provenance === undefined) {
    throw new Error(`${source}: expected a "provenance" record (command, commit, createdAt, seeds, sampleSizes), got none`);
  }
  const provenance = expectRecord(file.provenance, source, 'provenance');
  expectString(provenance.command, source, 'provenance.command');
  if (typeof provenance.commit !== 'string' || !/^[0-9a-f]{40}(-dirty)?$/.test(provenance.commit)) {
    throw new Error(`${source}: expected provenance.commit to be a 40-hex-digit git commit, got ${show(provenance.commit)}`);
  }
  expectString(provenance.createdAt, source, 'provenance.createdAt');
  const seeds = expectRecord(provenance.seeds, source, 'provenance.seeds');
  if (Object.keys(seeds).length === 0) throw new Error(`${source}: expected at least one seed in provenance.seeds, got none`);
  for (const [role, seed] of Object.entries(seeds)) {
    if (!Number.isSafeInteger(seed)) throw new Error(`${source}: expected provenance.seeds.${role} to be an integer, got ${show(seed)}`);
  }
  const sizes = expectRecord(provenance.sampleSizes, source, 'provenance.sampleSizes');
  expectNumber(sizes.reference, source, 'provenance.sampleSizes.reference', 1);
  expectNumber(sizes.candidate, source, 'provenance.sampleSizes.candidate', 1);

  if (!Array.isArray(file.cells) || file.cells.length === 0) {
    throw new Error(`${source}: expected a non-empty "cells" array, got ${show(file.cells)}`);
  }
  file.cells.forEach((raw: unknown, i: number) => {
    const where = `cells[${i}]`;
    const cell = expectRecord(raw, source, where);
    expectNumber(cell.beta, source, `${where}.beta`, Number.MIN_VALUE);
    if (!Number.isInteger(cell.observation) || (cell.observation as number) < 1 || (cell.observation as number) > 10) {
      throw new Error(`${source}: expected ${where}.observation to be an integer 1–10, got ${show(cell.observation)}`);
    }
    expectNumber(cell.c2st, source, `${where}.c2st`, 0);
    expectNumber(cell.mmd, source, `${where}.mmd`, Number.NEGATIVE_INFINITY);
    if (cell.essFraction !== null) expectNumber(cell.essFraction, source, `${where}.essFraction`, 0);
    expectNumber(cell.seconds, source, `${where}.seconds`, 0);
    const floor = expectRecord(cell.floor, source, `${where}.floor`);
    expectNumber(floor.c2st, source, `${where}.floor.c2st`, 0);
    expectNumber(floor.mmd, source, `${where}.floor.mmd`, Number.NEGATIVE_INFINITY);
  });
  return file as unknown as ResultFile;
}

function expectRecord(value: unknown, source: string, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source}: expected ${field} to be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function expectString(value: unknown, source: string, field: string): void {
  if (typeof value !== 'string' || value === '') throw new Error(`${source}: expected ${field} to be a non-empty string, got ${show(value)}`);
}

function expectNumber(value: unknown, source: string, field: string, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new Error(`${source}: expected ${field} to be a finite number ≥ ${min}, got ${show(value)}`);
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

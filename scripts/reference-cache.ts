import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getTask } from '../src/benchmarks/registry';
import type { TaskId } from '../src/benchmarks/metadata/task-metadata';
import type { Matrix } from '../src/core/matrix';
import { createReferenceSampler } from '../src/reference/create-reference-sampler';
import { runToEnd } from '../src/reference/sampler';
import { importClosure } from './import-closure';

const CACHE_DIR = join('node_modules', '.cache', 'tempered-sbi-lab', 'reference');

/** The module that defines each task's simulator and likelihood. */
const TASK_SOURCES: Readonly<Record<TaskId, string>> = {
  two_moons: 'src/benchmarks/two-moons.ts',
  gaussian_mixture: 'src/benchmarks/gaussian-mixture.ts',
  gaussian_mixture_wide: 'src/benchmarks/gaussian-mixture.ts',
  slcp: 'src/benchmarks/slcp.ts',
  lorenz96: 'src/benchmarks/lorenz96.ts',
  hodgkin_huxley: 'src/benchmarks/hodgkin-huxley.ts',
};

const codeDigests = new Map<TaskId, string>();
/**
 * A digest of the code one task's reference run depends on — the task's module and the
 * reference sampler factory, with everything they import — so an edit there misses the cache
 * and an edit to another task's code does not.
 */
export function referenceCodeDigest(taskId: TaskId): string {
  let digest = codeDigests.get(taskId);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const path of importClosure([TASK_SOURCES[taskId], 'src/reference/create-reference-sampler.ts'])) hash.update(path).update(readFileSync(path));
    digest = hash.digest('hex').slice(0, 16);
    codeDigests.set(taskId, digest);
  }
  return digest;
}

/**
 * n reference draws of p_β(θ | x) for a task, seeded — read from a local cache when the same
 * (task, x, β, n, seed) was run before by the same reference code. Evaluating several routes
 * on the same cells then runs each reference sampler once (SLCP's parallel tempering is the
 * slow one). The cache lives under node_modules/.cache and is never committed.
 */
export function cachedReferenceDraws(taskId: string, x: readonly number[], beta: number, n: number, seed: number): Matrix {
  const task = getTask(taskId);
  const key = createHash('sha256').update(JSON.stringify({ taskId, x, beta, n, seed, code: referenceCodeDigest(task.id) })).digest('hex').slice(0, 24);
  const path = join(CACHE_DIR, taskId, `${key}.f64`);
  try {
    const bytes = readFileSync(path);
    if (bytes.byteLength === n * task.thetaDim * 8) {
      const data = new Float64Array(n * task.thetaDim);
      new Uint8Array(data.buffer).set(bytes);
      return { data, numRows: n, numCols: task.thetaDim };
    }
  } catch {
    // not cached yet
  }
  const draws = runToEnd(createReferenceSampler(task, x, beta, n, seed)).samples;
  mkdirSync(dirname(path), { recursive: true });
  writeAtomically(path, new Uint8Array(draws.data.buffer, draws.data.byteOffset, draws.data.byteLength));
  return draws;
}

let metricsDigest: string | null = null;
/** A digest of the metric code (C2ST, its threads, MMD²): an edit there misses the floor cache. */
function metricsCodeDigest(): string {
  if (metricsDigest === null) {
    const hash = createHash('sha256');
    for (const path of importClosure(['src/metrics/c2st.ts', 'src/metrics/mmd.ts', 'scripts/c2st-threads.ts'])) hash.update(path).update(readFileSync(path));
    metricsDigest = hash.digest('hex').slice(0, 16);
  }
  return metricsDigest;
}

/**
 * A cell's reference-vs-reference floor (C2ST and MMD² of two seeded reference runs), read from
 * the local cache when the same runs were scored before with the same seeds and metric code:
 * every route evaluated against the same reference seeds shares its floor, so it is computed once.
 */
export async function cachedFloor(
  taskId: string,
  cell: { x: readonly number[]; beta: number; n: number; referenceSeed: number; floorSeed: number; metricSeed: number },
  compute: () => Promise<{ c2st: number; mmd: number }>,
): Promise<{ c2st: number; mmd: number }> {
  const task = getTask(taskId);
  const key = createHash('sha256').update(JSON.stringify({ taskId, ...cell, code: referenceCodeDigest(task.id), metrics: metricsCodeDigest() })).digest('hex').slice(0, 24);
  const path = join(CACHE_DIR, taskId, `${key}.floor.json`);
  try {
    const floor = JSON.parse(readFileSync(path, 'utf8')) as { c2st?: unknown; mmd?: unknown };
    if (typeof floor.c2st === 'number' && typeof floor.mmd === 'number') return { c2st: floor.c2st, mmd: floor.mmd };
  } catch {
    // not cached yet
  }
  const floor = await compute();
  mkdirSync(dirname(path), { recursive: true });
  writeAtomically(path, JSON.stringify(floor));
  return floor;
}

/**
 * Writes beside `path` and renames into place, so a reader never sees half a file; the part file
 * is named by process, so two runs filling the same cell at once (the suite's parallel test files,
 * two evaluations) each rename a whole file of the same deterministic content.
 */
function writeAtomically(path: string, content: string | Uint8Array): void {
  const part = `${path}.${process.pid}.part`;
  writeFileSync(part, content);
  renameSync(part, path);
}

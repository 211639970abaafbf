import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getTask } from '../src/benchmarks/registry';
import type { Matrix } from '../src/core/matrix';
import { createReferenceSampler } from '../src/reference/create-reference-sampler';
import { runToEnd } from '../src/reference/sampler';

const CACHE_DIR = join('node_modules', '.cache', 'tempered-sbi-lab', 'reference');

/** Every source file below `dir`, sorted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : [path];
    });
}

let codeDigest: string | null = null;
/** A digest of the code a reference run depends on (benchmarks, reference samplers, core), so an edit there misses the cache. */
function referenceCodeDigest(): string {
  if (codeDigest === null) {
    const hash = createHash('sha256');
    for (const path of ['src/benchmarks', 'src/reference', 'src/core'].flatMap(sourceFiles)) hash.update(path).update(readFileSync(path));
    codeDigest = hash.digest('hex').slice(0, 16);
  }
  return codeDigest;
}

/**
 * n reference draws of p_β(θ | x) for a task, seeded — read from a local cache when the same
 * (task, x, β, n, seed) was run before by the same reference code. Evaluating several routes
 * on the same cells then runs each reference sampler once (SLCP's parallel tempering is the
 * slow one). The cache lives under node_modules/.cache and is never committed.
 */
export function cachedReferenceDraws(taskId: string, x: readonly number[], beta: number, n: number, seed: number): Matrix {
  const task = getTask(taskId);
  const key = createHash('sha256').update(JSON.stringify({ taskId, x, beta, n, seed, code: referenceCodeDigest() })).digest('hex').slice(0, 24);
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
  writeFileSync(`${path}.part`, new Uint8Array(draws.data.buffer, draws.data.byteOffset, draws.data.byteLength));
  renameSync(`${path}.part`, path);
  return draws;
}

import { execFileSync } from 'node:child_process';
import type { Provenance } from '../src/metrics/result-file';

/** The git commit of the working tree, with "-dirty" when it has uncommitted changes. */
export function currentCommit(): string {
  const run = (args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    const commit = run(['rev-parse', 'HEAD']);
    const dirty = run(['status', '--porcelain', '--untracked-files=no']) !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch (error) {
    throw new Error(`provenance: expected a git checkout to read the commit from, got: ${(error as Error).message}`);
  }
}

/** The provenance record of a result file written by this process now. */
export function makeProvenance(
  seeds: Record<string, number>,
  sampleSizes: Provenance['sampleSizes'],
  argv: readonly string[] = process.argv.slice(2),
): Provenance {
  return {
    command: `npm run cli -- ${argv.join(' ')}`,
    commit: currentCommit(),
    createdAt: new Date().toISOString(),
    seeds,
    sampleSizes,
  };
}

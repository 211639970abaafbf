import { execFileSync } from 'node:child_process';
import type { Provenance } from '../src/protocol/results';

/**
 * The git commit of the working tree, with "-dirty" when it has uncommitted changes, read once
 * when first asked (at the start of a command): a long run records the code it started with,
 * even if the tree moves on while it runs.
 */
let commitAtStart: string | null = null;

export function currentCommit(): string {
  commitAtStart ??= readCommit();
  return commitAtStart;
}

function readCommit(): string {
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

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITTED_RESULTS, committedCell, committedRefinementShare, REJECTED_RESULTS } from '../../src/store/committed-results';

/** The result files under results/, leaving out saved-model folders (results/models…/) and calibration files (…-coverage-….json). */
function resultPaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith('models') ? [] : resultPaths(path);
    return name.endsWith('.json') && !name.includes('-coverage-') ? [path] : [];
  });
}

describe('committed results in the page', () => {
  it('should bundle every result file under results/ and nothing else (no saved models, no calibration files), all valid', () => {
    expect(REJECTED_RESULTS).toEqual([]);
    expect(COMMITTED_RESULTS).toHaveLength(resultPaths('results').length);
    expect(COMMITTED_RESULTS.length).toBeGreaterThan(0);
  });

  it('should find a shipped model’s cell by task, route, budget, observation and β', () => {
    const cell = committedCell('two_moons', 'b-nre', 10_000, 1, 1);
    expect(cell).toMatchObject({ observation: 1, beta: 1 });
    expect(cell!.c2st).toBeGreaterThan(0.5);
    expect(committedCell('two_moons', 'b-nre', 10_000, 1, 0.42)).toBeNull();
  });

  it('should give the prior share a committed refined file used, and null where none is committed', () => {
    // Untagged refined files only (`<route>/refined`): a tagged one (`<route>/<tag>/refined`) is not a shipped model's.
    for (const file of COMMITTED_RESULTS.filter((candidate) => /^[^/]+\/refined$/.test(candidate.route))) {
      const [route] = file.route.split('/');
      expect(committedRefinementShare(file.task, route!, file.budget)).toBe(file.cells[0]!.refinement!.defensive);
    }
    expect(committedRefinementShare('two_moons', 'b-nle', 10_000)).toBe(0);
    expect(committedRefinementShare('two_moons', 'a', 10_000)).toBeNull();
    expect(committedRefinementShare('two_moons', 'b-nle', 123)).toBeNull();
  });
});

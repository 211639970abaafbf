import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSampleCsv } from '../../src/core/csv';
import { parseResultFile } from '../../src/protocol/results';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

/** Issue 19: Route B saves its score networks, and `sample` / `evaluate` refine with them. */
describe('npm run cli -- sample --refine / evaluate --refine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-refine-'));
  const model = join(dir, 'b-nre');

  it('should save a Route B model with its two cross-fitted score networks and refine draws with them', () => {
    const trained = runCli(['train', '--task', 'two_moons', '--route', 'b-nre', '--sims', '600', '--epochs', '3', '--seed', '5', '--out', model]);
    expect(trained.status, trained.stderr).toBe(0);
    for (const k of [1, 2]) {
      const manifest = JSON.parse(readFileSync(join(model, `score-${k}`, 'model.json'), 'utf8'));
      expect(manifest.model.kind).toBe('ratio-classifier');
      expect(manifest.card).toMatchObject({ task: 'two_moons', route: 'b-nre', seed: 5, extra: { role: 'score network', fold: `${k} of 2` } });
    }
    const out = join(dir, 'refined.csv');
    const run = runCli(['sample', '--model', model, '--obs', '1', '--beta', '0.7', '--n', '400', '--out', out, '--refine', '--proposals', '5', '--defensive', '0.1']);
    expect(run.status, run.stderr).toBe(0);
    const summary = lastJsonLine(run.stdout) as { refinement: { scoreNetworks: string; ess: number; paretoK: number } };
    expect(summary).toMatchObject({ command: 'sample', route: 'b-nre/refined', n: 400, refinement: { proposalsPerDraw: 5, defensive: 0.1, numProposals: 2000 } });
    expect(summary.refinement.scoreNetworks).toMatch(/the model's own two cross-fitted ratio classifiers/);
    expect(summary.refinement.ess).toBeGreaterThan(1);
    expect(summary.refinement.ess).toBeLessThanOrEqual(2000);
    expect(typeof summary.refinement.paretoK).toBe('number');
    const { theta } = parseSampleCsv(readFileSync(out, 'utf8'));
    expect(theta.numRows).toBe(400);
    expect(theta.data.every((v) => v >= -1 && v <= 1)).toBe(true);
  }, 120_000);

  it('should write a refined result file: each cell with its ESS, k̂, the unrefined scores and whether refinement made it worse', () => {
    expect(existsSync(join(model, 'score-1', 'model.json'))).toBe(true); // trained by the first test
    const results = join(dir, 'results');
    const run = runCli(['evaluate', '--model', model, '--refine', '--proposals', '3', '--obs-count', '1', '--betas', '1', '--n', '200', '--results', results]);
    expect(run.status, run.stderr).toBe(0);
    expect(lastJsonLine(run.stdout)).toMatchObject({ command: 'evaluate', route: 'b-nre/refined', refinedWith: { proposalsPerDraw: 3, defensive: 0 } });
    const path = join(results, 'two_moons', 'b-nre-refined-600.json');
    const file = parseResultFile(JSON.parse(readFileSync(path, 'utf8')), path);
    expect(file.route).toBe('b-nre/refined');
    expect(file.provenance.seeds).toMatchObject({ refinement: 10 });
    const cell = file.cells[0]!;
    expect(cell.refinement).toMatchObject({ numProposals: 600, defensive: 0 });
    expect(cell.refinement!.worseThanUnrefined).toBe(cell.c2st > cell.refinement!.unrefined.c2st + 1e-9);
    // The unrefined draws' file is written alongside, with the same unrefined scores and no refinement seed.
    const plainPath = join(results, 'two_moons', 'b-nre-600.json');
    const plain = parseResultFile(JSON.parse(readFileSync(plainPath, 'utf8')), plainPath);
    expect(plain.route).toBe('b-nre');
    expect(plain.cells[0]).toMatchObject({ c2st: cell.refinement!.unrefined.c2st, mmd: cell.refinement!.unrefined.mmd, floor: cell.floor });
    expect(plain.cells[0]!.refinement).toBeUndefined();
    expect(plain.provenance.seeds).not.toHaveProperty('refinement');
  }, 120_000);

  it("should refine Route A's draws with the B-NRE model's score networks, and say so", () => {
    const run = runCli(['sample', '--model', 'public/models/two_moons/a', '--obs', '1', '--beta', '1', '--n', '200', '--out', join(dir, 'a.csv'), '--refine', '--proposals', '5']);
    expect(run.status, run.stderr).toBe(0);
    const summary = lastJsonLine(run.stdout) as { route: string; refinement: { scoreNetworks: string; numProposals: number } };
    expect(summary.route).toBe('a/refined');
    expect(summary.refinement.numProposals).toBe(1000);
    expect(summary.refinement.scoreNetworks).toBe("the B-NRE model's two cross-fitted classifiers (public/models/two_moons/b-nre)");
  }, 60_000);

  it.each([
    [['--refine', '--proposals', '0'], /sample: --proposals: expected an integer in \[1, 1000\], got "0"/],
    [['--refine', '--defensive', '1'], /sample: --defensive: expected the prior's share a in \[0, 1\), got "1"/],
    [['--refine', '--defensive', 'half'], /sample: --defensive: expected the prior's share a in \[0, 1\), got "half"/],
    [['--proposals', '4'], /sample: --proposals: expected only with --refine, got "4" without it/],
  ])('should refuse sample %j with one line naming the flag', async (extra, message) => {
    const { status, stderr } = await runCliInProcess(['sample', '--model', model, '--obs', '1', '--beta', '1', '--out', join(dir, 'x.csv'), ...extra]);
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(message);
  });

  it('should refuse --refine on a model without score networks, saying what was expected', async () => {
    const oracle = join(dir, 'oracle');
    expect(runCli(['train', '--task', 'two_moons', '--route', 'b-oracle', '--sims', '300', '--epochs', '1', '--out', oracle]).status).toBe(0);
    const run = await runCliInProcess(['sample', '--model', oracle, '--obs', '1', '--beta', '1', '--n', '10', '--out', join(dir, 'o.csv'), '--refine']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('sample: --refine: expected a b-nle, b-nre or a model (they have a learned likelihood), got a b-oracle model');
  }, 120_000);
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSampleCsv } from '../../src/core/csv';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

describe('npm run cli -- train / sample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-train-'));
  const model = join(dir, 'model');

  it('should train a small model, save it with its card, and draw from it inside the box', () => {
    const trained = runCli(['train', '--task', 'gaussian_mixture', '--route', 'b-oracle', '--sims', '600', '--epochs', '2', '--seed', '3', '--out', model]);
    expect(trained.status, trained.stderr).toBe(0);
    expect(lastJsonLine(trained.stdout)).toMatchObject({ command: 'train', task: 'gaussian_mixture', route: 'b-oracle', sims: 600, epochs: 2 });
    const weightsLine = trained.stdout.split('\n').find((line) => line.includes('"weights ready"'));
    expect(JSON.parse(weightsLine!).ess.betas).toEqual([0.1, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.3, 1.5]);
    const manifest = JSON.parse(readFileSync(join(model, 'model.json'), 'utf8'));
    expect(manifest.card).toMatchObject({ task: 'gaussian_mixture', route: 'b-oracle', budget: 600, seed: 3 });
    expect(manifest.card.extra.essCurve.betas.length).toBeGreaterThan(10);
    expect(existsSync(join(model, 'weights.bin'))).toBe(true);

    const out = join(dir, 'q.csv');
    const sampled = runCli(['sample', '--model', model, '--obs', '2', '--beta', '0.7', '--n', '300', '--out', out]);
    expect(sampled.status, sampled.stderr).toBe(0);
    const { theta } = parseSampleCsv(readFileSync(out, 'utf8'));
    expect(theta.numRows).toBe(300);
    expect(theta.data.every((v) => v > -1 && v < 1)).toBe(true);
  }, 120_000);

  it.each([
    [['train', '--task', 'two_moons', '--route', 'c', '--out', 'x'], /--route: expected one of a, b-nle, b-nre, b-oracle, b-oracle-nre, npe, got "c"/],
    [['train', '--task', 'slcp', '--route', 'b-oracle-nre', '--out', 'x'], /--route b-oracle-nre: expected a task with an exact evidence p\(x\) \(two_moons, gaussian_mixture, gaussian_mixture_wide\), got slcp/],
    [['train', '--task', 'two_moons', '--route', 'b-nre', '--beta-draws', 'uniform', '--out', 'x'], /--beta-draws: expected one of log-uniform, grid, got "uniform"/],
    [['train', '--task', 'two_moons', '--route', 'a', '--beta-draws', 'grid', '--out', 'x'], /--beta-draws: expected only with a Route B route .*, got --route a/],
    [['train', '--task', 'two_moons', '--route', 'b-nle', '--validation', 'best', '--out', 'x'], /--validation: expected one of drawn-beta, trusted-grid, got "best"/],
    [['train', '--task', 'two_moons', '--route', 'npe', '--validation', 'trusted-grid', '--out', 'x'], /--validation: expected only with a weighted Route B route .*, got --route npe/],
    [['train', '--task', 'hodgkin_huxley', '--route', 'b-oracle', '--out', 'x'], /--route b-oracle: expected a task with an exact likelihood, got hodgkin_huxley/],
    [['train', '--task', 'two_moons', '--route', 'b-nre', '--sims', '10', '--out', 'x'], /--sims: expected an integer in \[100, 1000000\], got "10"/],
    [['sample', '--model', '/nonexistent', '--obs', '1', '--beta', '1', '--out', 'x'], /--model: \/nonexistent\/model\.json: expected a model file, got ENOENT/],
  ])('should exit 2 with a usage message for %j', async (args, message) => {
    const { status, stderr } = await runCliInProcess(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('should train Route A end to end (score network, Langevin synthesis, NPE) and report its phases in the card', () => {
    const routeA = join(dir, 'route-a');
    const trained = runCli(['train', '--task', 'gaussian_mixture', '--route', 'a', '--sims', '300', '--epochs', '2', '--seed', '4', '--out', routeA]);
    expect(trained.status, trained.stderr).toBe(0);
    const { card } = JSON.parse(readFileSync(join(routeA, 'model.json'), 'utf8'));
    expect(card).toMatchObject({ task: 'gaussian_mixture', route: 'a', budget: 300, seed: 4 });
    expect(card.extra.synthesis).toMatchObject({ numTriples: 300, numDropped: 0, sigmaStar: expect.closeTo(0.1, 9), schedule: { steps: 200 } });
    expect(card.extra.scoreNetwork).toMatchObject({ width: 128, numBlocks: 3, epochs: 2 });
    // γ_min from the data: the Gaussian mixture's neighbourhoods are round, so σ_min keeps DESIGN.md's 0.1.
    expect(card.extra.scoreNetwork.noise).toMatchObject({ levels: 10, gammaMin: expect.closeTo(0.01, 9), gammaMax: 1, estimate: { sigmaMin: 0.1, neighbours: 16, queries: 300 } });
    expect(Object.keys(card.extra.phaseSeconds)).toEqual(['simulate', 'score', 'synthesis', 'posterior']);
  }, 120_000);

  it('should score a saved model with evaluate --model and write a result file with ESS from its card', () => {
    const results = join(dir, 'results');
    const run = runCli(['evaluate', '--model', model, '--obs-count', '1', '--betas', '0.5,1', '--n', '200', '--results', results]);
    expect(run.status, run.stderr).toBe(0);
    expect(lastJsonLine(run.stdout)).toMatchObject({ command: 'evaluate', task: 'gaussian_mixture', route: 'b-oracle', sims: 600, seed: 3, cells: 2 });
    const file = JSON.parse(readFileSync(join(results, 'gaussian_mixture', 'b-oracle-600.json'), 'utf8'));
    expect(file.provenance.seeds).toEqual({ training: 3, sampling: 4, reference: 5, referenceFloor: 6, c2st: 7 });
    expect(file.cells.map((cell: { beta: number }) => cell.beta)).toEqual([0.5, 1]);
    for (const cell of file.cells) {
      expect(cell.c2st).toBeGreaterThan(0.3);
      expect(cell.c2st).toBeLessThanOrEqual(1);
      expect(cell.essFraction).toBeGreaterThan(0);
      expect(cell.essFraction).toBeLessThanOrEqual(1);
    }
    expect(file.cells[1].essFraction).toBeCloseTo(1, 2);
    // Another route's reference draws: --reference-seed R scores against seeds R and R + 1.
    // --tag names the file and the route label (another training seed's model beside the shipped one).
    const shared = runCli(['evaluate', '--model', model, '--obs-count', '1', '--betas', '1', '--n', '200', '--results', join(dir, 'shared'), '--reference-seed', '40', '--tag', 'seed-3']);
    expect(shared.status, shared.stderr).toBe(0);
    const sharedFile = JSON.parse(readFileSync(join(dir, 'shared', 'gaussian_mixture', 'b-oracle-seed-3-600.json'), 'utf8'));
    expect(sharedFile.route).toBe('b-oracle/seed-3');
    expect(sharedFile.provenance.seeds).toEqual({ training: 3, sampling: 4, reference: 40, referenceFloor: 41, c2st: 7 });
  }, 120_000);

  it.each([
    [['--task', 'two_moons'], /--task: expected nothing with --model \(the model's card fixes it\), got "two_moons"/],
    [['--betas', '0.5,3'], /--betas: expected numbers in \[0.1, 1.5\] \(.*'s β range\) separated by commas, got "3"/],
    [['--reference-seed', '1.5'], /--reference-seed: expected an integer in \[-1000000000, 1000000000\], got "1.5"/],
    [['--tag', 'Seed 2'], /--tag: expected lower-case letters, digits and dashes \(at most 40, e.g. seed-101\), got "Seed 2"/],
  ])('should refuse evaluate --model with %j', async (extra, message) => {
    const { status, stderr } = await runCliInProcess(['evaluate', '--model', model, ...extra]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('should refuse β outside the model’s domain', async () => {
    expect(existsSync(join(model, 'model.json'))).toBe(true); // trained by the first test
    const { status, stderr } = await runCliInProcess(['sample', '--model', model, '--obs', '1', '--beta', '0.05', '--out', join(dir, 'y.csv')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--beta: expected a number in \[0.1, 1.5\] \(.*'s β range\), got 0.05/);
  });
});

describe('result labels', () => {
  it('name the estimator and the β draws only where they are not the defaults', async () => {
    const { routeLabel, POSTERIORS } = await import('../../scripts/commands/train');
    expect(routeLabel('b-nre', POSTERIORS['spline-flow']!)).toBe('b-nre');
    expect(routeLabel('b-nre', POSTERIORS['spline-flow']!, 'grid')).toBe('b-nre/grid-beta');
    expect(routeLabel('b-nle', POSTERIORS.mdn!, 'grid')).toBe('b-nle/mdn/grid-beta');
    expect(routeLabel('b-nle', POSTERIORS.mdn!, 'log-uniform')).toBe('b-nle/mdn');
  });
});

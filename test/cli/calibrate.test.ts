import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalibrationFile } from '../../src/protocol/calibration';
import { calibrateCommand } from '../../scripts/commands/calibrate';
import { lastJsonLine, runCli } from '../helpers/cli';

/** Issue 20: `calibrate` on a shipped model, small K and M (the committed files use 200 × 500). */
describe('npm run cli -- calibrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-calibrate-'));
  const model = 'public/models/two_moons/b-nle';

  it('should write coverage at every β for the nominal and the misspecified simulator, with the chosen β, and check it against reference draws', () => {
    const nominal = runCli(['calibrate', '--model', model, '--datasets', '30', '--draws', '60', '--betas', '0.3,1', '--out', join(dir, 'nominal.json')]);
    expect(nominal.status, nominal.stderr).toBe(0);
    const summary = lastJsonLine(nominal.stdout);
    expect(summary).toMatchObject({ command: 'calibrate', task: 'two_moons', route: 'b-nle', simulator: 'nominal' });
    const file = parseCalibrationFile(JSON.parse(readFileSync(join(dir, 'nominal.json'), 'utf8')), 'nominal.json');
    expect(file).toMatchObject({ numDataSets: 30, drawsPerDataSet: 60, level: 0.9, simulator: { kind: 'nominal' } });
    expect(file.perBeta.map((row) => row.beta)).toEqual([0.3, 1]);
    for (const row of file.perBeta) {
      expect(row.curve).toHaveLength(19);
      expect(row.atLevel.low).toBeLessThanOrEqual(row.atLevel.coverage);
      expect(row.atLevel.high).toBeGreaterThanOrEqual(row.atLevel.coverage);
      expect(row.sbcHistogram).toHaveLength(2);
      expect(row.sbcHistogram[0]!.reduce((a, b) => a + b, 0)).toBe(30);
    }
    expect(file.referenceCheck).toBeNull();
    expect(file.provenance.seeds).toEqual({ dataSets: 1, draws: 2 });
    expect(file.provenance.command).toContain('calibrate --model public/models/two_moons/b-nle');
    const misspecified = runCli(['calibrate', '--model', model, '--misspecified', '--epsilon', '0.9', '--datasets', '30', '--draws', '60', '--betas', '1', '--out', join(dir, 'misspecified.json')]);
    expect(misspecified.status, misspecified.stderr).toBe(0);
    const contaminated = parseCalibrationFile(JSON.parse(readFileSync(join(dir, 'misspecified.json'), 'utf8')), 'misspecified.json');
    expect(contaminated.simulator).toMatchObject({ kind: 'misspecified', name: 'radial noise ×3', epsilon: 0.9 });
    // Nine data sets in ten from a crescent three times thicker than the model's: β = 1 under-covers.
    expect(contaminated.perBeta[0]!.atLevel.coverage).toBeLessThan(file.perBeta[1]!.atLevel.coverage);
  }, 120_000);

  // The reference check on the Gaussian mixture, whose exact sampler takes milliseconds (Two Moons' takes ~0.3 s a data set).
  it('should check the coverage against reference draws: under gross errors the exact posterior under-covers at β = 1 too', () => {
    const run = runCli(['calibrate', '--model', 'public/models/gaussian_mixture/b-nle', '--misspecified', '--epsilon', '0.9', '--datasets', '30', '--draws', '60', '--betas', '0.1,1', '--reference-check', '--out', join(dir, 'checked.json')]);
    expect(run.status, run.stderr).toBe(0);
    const file = parseCalibrationFile(JSON.parse(readFileSync(join(dir, 'checked.json'), 'utf8')), 'checked.json');
    expect(file.provenance.seeds).toEqual({ dataSets: 1, draws: 2, reference: 3 });
    const check = file.referenceCheck!;
    expect(check).toMatchObject({ numDataSets: 30, drawsPerDataSet: 60 });
    expect(check.perBeta[0]!.beta).toBe(1);
    expect(check.perBeta.map((row) => row.beta)).toEqual([...new Set([1, file.choice.beta ?? 0.1])]);
    // Data nine times in ten from N(θ, 9 I) where the model says N(θ, I) or N(θ, 0.01 I): the exact 90 % regions miss θ* often.
    expect(check.perBeta[0]!.atLevel.coverage).toBeLessThan(0.75);
    expect(file.perBeta[1]!.atLevel.coverage).toBeLessThan(0.75);
  }, 120_000);

  // The refusals run in this process (the command's own run, before any model work): a CLI start each costs seconds.
  it.each([
    [{ epsilon: '0.2' }, /--epsilon: expected it only with --misspecified, got "0.2" without/],
    [{ misspecified: true, epsilon: '1' }, /--epsilon: expected a contamination probability in \[0, 1\), got "1"/],
    [{ datasets: '5' }, /--datasets: expected an integer in \[20, 100000\], got "5"/],
    [{ draws: '10' }, /--draws: expected an integer in \[50, 100000\], got "10"/],
    [{ level: '1' }, /--level: expected a credible level in \(0, 1\), got "1"/],
    [{ betas: '0.5,3' }, /--betas: expected numbers in \[0.1, 1.5\] .* separated by commas, got "3"/],
    [{ model: 'public/models/hodgkin_huxley/b-nre', 'reference-check': true }, /--reference-check: expected a model of a task with a reference sampler, got hodgkin_huxley/],
  ])('should refuse %j', async (extra, message) => {
    await expect(calibrateCommand.run({ model, out: join(dir, 'x.json'), ...extra })).rejects.toThrow(message);
  });

  it('should refuse bad flags on the command line too, with exit status 2', () => {
    const { status, stderr } = runCli(['calibrate', '--model', model, '--datasets', '5', '--out', join(dir, 'x.json')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--datasets: expected an integer in \[20, 100000\], got "5"/);
  });
});

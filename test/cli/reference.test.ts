import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSampleCsv } from '../../src/core/csv';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

describe('npm run cli -- reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-reference-'));

  it('should write reference draws inside the box with diagnostics in the summary', () => {
    const out = join(dir, 'gm.csv');
    const { status, stdout } = runCli(['reference', '--task', 'gaussian_mixture', '--obs', '3', '--beta', '0.5', '--n', '500', '--out', out]);
    expect(status).toBe(0);
    const summary = lastJsonLine(stdout);
    expect(summary).toMatchObject({ command: 'reference', task: 'gaussian_mixture', observation: 'obs 3', beta: 0.5, n: 500 });
    expect((summary.diagnostics as { method: string }).method).toBe('exact rejection');
    const { theta, x } = parseSampleCsv(readFileSync(out, 'utf8'));
    expect(theta.numRows).toBe(500);
    expect(x).toBeNull();
    expect(theta.data.every((v) => v >= -1 && v <= 1)).toBe(true);
  });

  it('should take any observation with --x', () => {
    const out = join(dir, 'tm.csv');
    const { status } = runCli(['reference', '--task', 'two_moons', '--x', '0.1,0.2', '--beta', '1', '--n', '200', '--out', out]);
    expect(status).toBe(0);
    expect(parseSampleCsv(readFileSync(out, 'utf8')).theta.numRows).toBe(200);
  });

  it.each([
    [['--obs', '1', '--x', '0,0'], /exactly one of --obs K, --x v1,v2,…, --cell NAME or --trace F\.csv, got --obs and --x/],
    [['--beta', '1'], /exactly one of --obs K, --x v1,v2,…, --cell NAME or --trace F\.csv, got none/],
    [['--obs', '11'], /--obs: expected an integer in \[1, 10\], got "11"/],
    [['--x', '0,abc'], /--x: expected 2 comma-separated finite numbers for two_moons, got "0,abc"/],
    [['--obs', '1', '--beta=-1'], /--beta: expected a number in \(0, 10\], got "-1"/],
    [['--obs', '1', '--beta', 'NaN'], /--beta: expected a number in \(0, 10\], got "NaN"/],
  ])('should exit 2 with a usage message for %j', async (flags, message) => {
    const args = ['reference', '--task', 'two_moons', '--out', join(dir, 'x.csv'), ...flags];
    if (!flags.some((flag) => flag.startsWith('--beta'))) args.push('--beta', '1');
    const { status, stderr } = await runCliInProcess(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: npm run cli -- reference/);
  });
});

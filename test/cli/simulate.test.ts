import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatePriorPredictive } from '../../src/benchmarks/prior-predictive';
import { getTask } from '../../src/benchmarks/registry';
import { parseSampleCsv } from '../../src/core/csv';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

describe('npm run cli -- simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-cli-'));

  it('should write a sample file with the right header, rows and values, and a JSON summary', () => {
    const out = join(dir, 'slcp.csv');
    const { status, stdout } = runCli(['simulate', '--task', 'slcp', '--n', '200', '--seed', '7', '--out', out]);
    expect(status).toBe(0);
    expect(lastJsonLine(stdout)).toMatchObject({ command: 'simulate', task: 'slcp', n: 200, seed: 7, out });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('theta_1,theta_2,theta_3,theta_4,theta_5,x_1,x_2,x_3,x_4,x_5,x_6,x_7,x_8');
    const { theta, x } = parseSampleCsv(text, out);
    expect(theta.numRows).toBe(200);
    expect(theta.data.every((v) => v >= -3 && v <= 3)).toBe(true);
    const expected = simulatePriorPredictive(getTask('slcp'), 200, 7);
    expect(theta.data).toEqual(expected.theta.data);
    expect(x?.data).toEqual(expected.x.data);
  });

  it.each([
    [['simulate', '--task', 'moons', '--n', '5', '--out', 'f.csv'], /--task: expected one of two_moons.*got "moons"/],
    [['simulate', '--task', 'slcp', '--n', '0', '--out', 'f.csv'], /--n: expected an integer in \[1, 10000000\], got "0"/],
    [['simulate', '--task', 'slcp', '--n', '2.5', '--out', 'f.csv'], /--n: expected an integer/],
    [['simulate', '--task', 'slcp', '--n', '5'], /--out: expected a value/],
    [['simulate', '--task', 'slcp', '--n', '5', '--out', 'f.csv', '--seed', 'x'], /--seed: expected an integer/],
    [['simulate', '--bogus'], /^simulate: --bogus: expected one of --task, .*, --verbose, got an unknown flag$/m],
    [['nonsense'], /unknown command "nonsense"/],
  ])('should exit non-zero with a usage message for %j', async (args, message) => {
    const { status, stderr } = await runCliInProcess(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: npm run cli --/);
  });
});

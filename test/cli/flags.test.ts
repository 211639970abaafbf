import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinDashedValues } from '../../scripts/command';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-flags-'));

describe('the command line under bad flags and failures', () => {
  it.each([
    // Node 20's recursive mkdir loops forever under /proc: this once hung the tool.
    [['reference', '--task', 'two_moons', '--obs', '1', '--beta', '1', '--n', '10', '--out', '/proc/no/r.csv'], 'reference: --out: expected a file path this user can write, got "/proc/no/r.csv" (a folder on the path cannot be made)'],
    [['reference', '--task', 'two_moons', '--obs', '1', '--beta', 'hot', '--out', join(dir, 'r.csv')], 'reference: --beta: expected a number in (0, 10], got "hot"'],
    [['reference', '--task', 'two_moons', '--x', '-0.6', '--beta', '1', '--out', join(dir, 'r.csv')], 'reference: --x: expected 2 comma-separated finite numbers for two_moons, got "-0.6"'],
    [['reference', '--task', 'two_moons', '--obs', '1', '--beta', '1', '--n', '10', '--out', 'package.json/r.csv'], 'reference: --out: expected a file path this user can write, got "package.json/r.csv" (a file stands where a folder should be)'],
    [['simulate', '--task', 'slcp', '--n', '5', '--out'], 'simulate: --out: expected a value, got nothing'],
    [['simulate', '--task', 'slcp', '--n', '5', '--out', join(dir, 's.csv'), '--colour', 'red'], /^simulate: --colour: expected one of --task, --n, --out, .*--verbose, got an unknown flag$/],
    [['sample', '--model', 'public/models/two_moons/a', '--obs', '1', '--beta', '3', '--out', join(dir, 's.csv')], "sample: --beta: expected a number in [0.1, 1.5] (Two Moons's β range), got \"3\""],
  ])('should exit 2 on %j with one line naming the flag, what was expected and what arrived, then the usage', async (args, line) => {
    const { status, stderr } = await runCliInProcess(args);
    expect(status).toBe(2);
    const [first, blank, usage] = stderr.split('\n');
    expect(first).toMatch(typeof line === 'string' ? new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : line);
    expect(blank).toBe('');
    expect(usage).toMatch(/^usage: npm run cli -- \w+ \[flags\]$/);
  }, 60_000);

  it('should print the usage and exit 0 on --help, for the tool and for a command', () => {
    const tool = runCli(['--help']);
    expect(tool.status).toBe(0);
    expect(tool.stdout).toMatch(/^usage: npm run cli -- <command> \[flags\]/);
    expect(tool.stdout).toMatch(/\n {2}evaluate {6}/);
    const command = runCli(['sample', '--model', 'x', '--help']);
    expect(command.status).toBe(0);
    expect(command.stdout).toMatch(/^usage: npm run cli -- sample \[flags\]\n {2}--model DIR/);
    expect(command.stderr).toBe('');
  }, 60_000);

  it('should check --out before the work: nothing is run or written', () => {
    const out = join(dir, 'missing', 'sub', 'x.csv');
    writeFileSync(join(dir, 'missing'), 'a file where a folder should be');
    const { status, stderr } = runCli(['reference', '--task', 'slcp', '--obs', '1', '--beta', '1', '--n', '100000', '--out', out]);
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/--out: expected a file path this user can write, got ".*x\.csv" \(a file stands where a folder should be\)/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('should refuse in a process of its own as it does in-process (the refusal tests run in-process): exit 2, the same lines, no tfjs banner', async () => {
    const args = ['sample', '--model', 'public/models/two_moons/a', '--obs', '1', '--beta', '3', '--out', join(dir, 's.csv')];
    const [spawned, inProcess] = [runCli(args), await runCliInProcess(args)];
    expect(spawned.status).toBe(2);
    expect(inProcess.status).toBe(2);
    expect(spawned.stderr).toBe(inProcess.stderr);
    expect(spawned.stdout).not.toMatch(/TensorFlow\.js in Node/);
  }, 60_000);

  it('should accept a value that starts with a dash, as users type it', () => {
    const { status, stdout } = runCli(['reference', '--task', 'two_moons', '--x', '-0.6,0.1', '--beta', '1', '--n', '20', '--out', join(dir, 'dash.csv')]);
    expect(status).toBe(0);
    expect(lastJsonLine(stdout)).toMatchObject({ command: 'reference', observation: 'custom x', n: 20 });
    expect(joinDashedValues(['--x', '-0.6,0.1', '--seed', '-3', '--out', 'f.csv'], { x: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } })).toEqual(['--x=-0.6,0.1', '--seed=-3', '--out', 'f.csv']);
    expect(joinDashedValues(['--verbose', '-1'], { verbose: { type: 'boolean' } })).toEqual(['--verbose', '-1']);
  }, 60_000);

  it('should print one line and exit 1 on a failure at run time, with the stack only under --verbose', () => {
    const results = mkdtempSync(join(tmpdir(), 'sbi-lab-broken-results-'));
    writeFileSync(join(results, 'a-10000.json'), JSON.stringify({ schema: 'tempered-sbi-lab/result@1', task: 'two_moons' }));
    const plain = runCli(['report', '--results', results, '--out', results]);
    expect(plain.status).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^report failed: \S*a-10000\.json: route: expected a value, got nothing \(--verbose for the stack trace\)$/)]);
    const verbose = runCli(['report', '--results', results, '--out', results, '--verbose']);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/^report failed: BoundaryError: \S*a-10000\.json: route: expected a value, got nothing\n\s+at /);
  }, 60_000);
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateTraces } from '../../src/benchmarks/hodgkin-huxley';
import { getTask } from '../../src/benchmarks/registry';
import tracesJson from '../../src/benchmarks/observations/hodgkin_huxley.traces.json';
import { matrixFromRows } from '../../src/core/matrix';
import { parseSampleCsv } from '../../src/core/csv';
import { Rng } from '../../src/core/rng';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

/** Issue 10's command line: train / sample / predictive on Hodgkin–Huxley, --cell and --trace. */
describe('npm run cli -- predictive (Hodgkin–Huxley)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-hh-'));
  const model = join(dir, 'model');
  const task = getTask('hodgkin_huxley');
  const regular = task.showcases[0]!;

  beforeAll(() => {
    const trained = runCli(['train', '--task', 'hodgkin_huxley', '--route', 'b-nle', '--likelihood', 'spline-flow', '--sims', '400', '--epochs', '2', '--seed', '5', '--out', model]);
    expect(trained.status, trained.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(model, 'model.json'), 'utf8')).card.extra.likelihood).toMatchObject({ kind: 'spline-flow' });
  }, 120_000);

  it('should simulate traces from q at β and write them with the draws and their statistics', () => {
    const out = join(dir, 'traces.csv');
    const run = runCli(['predictive', '--model', model, '--cell', 'regular', '--beta', '2', '--n', '4', '--seed', '3', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(lastJsonLine(run.stdout)).toMatchObject({ command: 'predictive', task: 'hodgkin_huxley', observation: 'cell regular', observedSpikeCount: regular.x[0], beta: 2, n: 4, thetaOut: join(dir, 'traces.theta.csv') });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,v_1,v_2,v_3,v_4');
    expect(lines).toHaveLength(1 + 1201);
    expect(lines[1]!.split(',').map(Number)).toEqual([0, -70, -70, -70, -70]);
    expect(Number(lines[1201]!.split(',')[0])).toBeCloseTo(120, 6);
    const { theta, x } = parseSampleCsv(readFileSync(join(dir, 'traces.theta.csv'), 'utf8'));
    expect(theta.numRows).toBe(4);
    expect(x!.numCols).toBe(7);
    for (let k = 0; k < theta.data.length; k++) {
      expect(theta.data[k]!).toBeGreaterThanOrEqual(task.thetaLow[k % 8]!);
      expect(theta.data[k]!).toBeLessThanOrEqual(task.thetaHigh[k % 8]!);
    }
    const again = runCli(['predictive', '--model', model, '--cell', 'regular', '--beta', '2', '--n', '4', '--seed', '3', '--out', join(dir, 'again.csv')]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  }, 120_000);

  it('should summarise a recorded trace (--trace) with the simulator\'s statistics', () => {
    // The regular cell's trace at full resolution, written as a recording would be.
    const trace = simulateTraces(matrixFromRows([regular.theta]), Rng.fromSeed(tracesJson.seed, 2000));
    const csv = ['time_ms,voltage_mV', ...Array.from(trace.data, (v, k) => `${(k * 0.01).toFixed(2)},${v}`)].join('\n');
    const file = join(dir, 'recording.csv');
    writeFileSync(file, csv);
    const run = runCli(['predictive', '--model', model, '--trace', file, '--beta', '1', '--n', '2', '--out', join(dir, 'from-trace.csv')]);
    expect(run.status, run.stderr).toBe(0);
    expect(lastJsonLine(run.stdout)).toMatchObject({ observation: `trace ${file}`, observedSpikeCount: regular.x[0], traceSamples: 12001, traceDt: expect.closeTo(0.01, 9) });
    const sampled = runCli(['sample', '--model', model, '--trace', file, '--beta', '0.5', '--n', '50', '--out', join(dir, 'q.csv')]);
    expect(sampled.status, sampled.stderr).toBe(0);
  }, 120_000);

  it('should write prior-predictive traces whose statistics are the simulated x (simulate --traces)', () => {
    const out = join(dir, 'prior.csv');
    const traces = join(dir, 'prior-traces.csv');
    const run = runCli(['simulate', '--task', 'hodgkin_huxley', '--n', '3', '--seed', '9', '--out', out, '--traces', traces]);
    expect(run.status, run.stderr).toBe(0);
    const plain = runCli(['simulate', '--task', 'hodgkin_huxley', '--n', '3', '--seed', '9', '--out', join(dir, 'plain.csv')]);
    expect(plain.status, plain.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'plain.csv'), 'utf8'));
    const lines = readFileSync(traces, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,v_1,v_2,v_3');
    expect(lines).toHaveLength(1202);
    const moons = runCli(['simulate', '--task', 'two_moons', '--n', '3', '--out', join(dir, 'm.csv'), '--traces', join(dir, 'm-traces.csv')]);
    expect(moons.status).toBe(2);
    expect(moons.stderr).toMatch(/--traces: expected a task whose data are traces \(hodgkin_huxley\), got two_moons/);
  }, 60_000);

  it.each([
    [['--cell', 'bursting', '--beta', '1'], /--cell: expected one of regular, sparse, quiet, got "bursting"/],
    [['--cell', 'regular', '--obs', '2', '--beta', '1'], /expected exactly one of --obs K, --x v1,v2,…, --cell NAME or --trace F\.csv, got --obs and --cell/],
    [['--cell', 'regular', '--beta', '3'], /--beta: expected a number in \[0.1, 2\] \(Hodgkin–Huxley neuron's β range\), got "3"/],
    [['--trace', '/nonexistent.csv', '--beta', '1'], /--trace: expected a readable CSV file, got \/nonexistent\.csv \(ENOENT\)/],
  ])('should exit 2 with a usage message for %j', async (args, message) => {
    const { status, stderr } = await runCliInProcess(['predictive', '--model', model, ...args, '--out', join(dir, 'bad.csv')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('should name the line of a malformed trace, and refuse traces, cells and evaluate where they do not apply', async () => {
    const uneven = join(dir, 'uneven.csv');
    writeFileSync(uneven, 'time,voltage\n0,-70\n0.01,-70\n0.03,-70\n');
    const bad = await runCliInProcess(['predictive', '--model', model, '--trace', uneven, '--beta', '1', '--out', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/line 4: expected evenly spaced times \(0\.02 ms at dt = 0\.01 ms\), got 0\.03/);
    const moons = await runCliInProcess(['reference', '--task', 'two_moons', '--cell', 'regular', '--beta', '1', '--out', join(dir, 'r.csv')]);
    expect(moons.status).toBe(2);
    expect(moons.stderr).toMatch(/--cell: expected no --cell for two_moons \(it has no showcase cells\)/);
    const nre = await runCliInProcess(['train', '--task', 'hodgkin_huxley', '--route', 'b-nre', '--likelihood', 'mdn', '--out', join(dir, 'nre')]);
    expect(nre.status).toBe(2);
    expect(nre.stderr).toMatch(/--likelihood: expected only with --route b-nle \(it sets the neural likelihood\), got --route b-nre/);
    const evaluate = await runCliInProcess(['evaluate', '--task', 'hodgkin_huxley', '--route', 'b-nle', '--sims', '100']);
    expect(evaluate.status).toBe(2);
    expect(evaluate.stderr).toMatch(/expected a task with a reference sampler, got hodgkin_huxley/);
    const reference = await runCliInProcess(['reference', '--task', 'hodgkin_huxley', '--obs', '1', '--beta', '1', '--out', join(dir, 'r.csv')]);
    expect(reference.status).not.toBe(0);
    expect(reference.stderr).toMatch(/its likelihood is intractable/);
  }, 120_000);
});

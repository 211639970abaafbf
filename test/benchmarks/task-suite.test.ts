import { describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { simulatePriorPredictive } from '../../src/benchmarks/prior-predictive';
import { getTaskInfo, TASK_IDS } from '../../src/benchmarks/metadata/catalog';
import { TRACES_FILES } from '../../src/benchmarks/metadata/traces-file';
import { getTask, TASK_MODELS, TASKS } from '../../src/benchmarks/registry';
import { requireLikelihood } from '../../src/benchmarks/task';
import { matrixFrom, matrixFromRows, type Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';

/** The contract every task in the registry must keep (src/benchmarks/task.ts). */
describe.each([...TASKS.values()])('task $id', (task) => {
  // Tasks without a tractable likelihood (Hodgkin–Huxley) must say so clearly instead.
  const logLikelihood = task.logLikelihood ? requireLikelihood(task) : () => expect.unreachable('no likelihood');
  const itWithLikelihood = it.skipIf(!task.logLikelihood);
  const midpoint = matrixFrom(
    Float64Array.from({ length: task.thetaDim }, (_, j) => (task.thetaLow[j]! + task.thetaHigh[j]!) / 2),
    1,
    task.thetaDim,
  );

  it('should declare consistent shapes, names and β domain', () => {
    expect(task.thetaNames).toHaveLength(task.thetaDim);
    expect(task.xNames).toHaveLength(task.xDim);
    expect(task.thetaLow).toHaveLength(task.thetaDim);
    expect(task.thetaHigh).toHaveLength(task.thetaDim);
    for (let j = 0; j < task.thetaDim; j++) expect(task.thetaHigh[j]).toBeGreaterThan(task.thetaLow[j]!);
    expect(task.betaDomain[0]).toBeGreaterThan(0);
    expect(task.betaDomain[1]).toBeGreaterThan(task.betaDomain[0]);
    for (const column of task.constantXColumns) expect(column).toBeLessThan(task.xDim);
    const view = task.dataView;
    const viewSize = view.kind === 'points' ? 2 * view.numPoints : view.kind === 'series' ? view.numSteps * view.numSeries : task.xNames.length;
    expect(viewSize).toBe(task.xDim);
    for (const column of task.integerXColumns) expect(column).toBeLessThan(task.xDim);
  });

  it('should own its facts: metadata the page can read without the model, a reference recipe exactly when it has a likelihood, its misspecified variant and preset', () => {
    const info = getTaskInfo(task.id);
    for (const key of Object.keys(info) as (keyof typeof info)[]) {
      if (key === 'traces' || key === 'misspecified') continue; // the model's extend the metadata's with code
      expect(task[key], key).toEqual(info[key]);
    }
    expect(task.hasLikelihood).toBe(task.logLikelihood !== undefined);
    expect(task.reference !== undefined).toBe(task.hasLikelihood);
    expect({ name: task.misspecified.name, description: task.misspecified.description }).toEqual({ name: info.misspecified.name, description: info.misspecified.description });
    expect(task.misspecified.simulate).toBeTypeOf('function');
    expect(info.misspecifiedPreset.theta).toEqual(task.observations[0]!.theta);
    if (task.traces) expect({ dt: task.traces.dt, label: task.traces.label }).toEqual(info.traces);
    expect(TRACES_FILES[task.id] !== undefined, 'a traces file exactly when the task has traces').toBe(task.traces !== undefined);
    expect(task.showcases.map((showcase) => showcase.id)).toEqual((task.showcaseCells ?? []).map((cell) => cell.id));
  });

  it('should simulate [n, xDim] finite values, reproducibly from the seed', () => {
    const a = simulatePriorPredictive(task, 50, 11);
    const b = simulatePriorPredictive(task, 50, 11);
    const c = simulatePriorPredictive(task, 50, 12);
    expect(a.x.numRows).toBe(50);
    expect(a.x.numCols).toBe(task.xDim);
    expect(a.x.data.every(Number.isFinite)).toBe(true);
    expect(a.x.data).toEqual(b.x.data);
    expect(a.theta.data).toEqual(b.theta.data);
    expect(a.x.data).not.toEqual(c.x.data);
  });

  it('should keep constant columns constant', () => {
    const { x } = simulatePriorPredictive(task, 20, 3);
    for (const column of task.constantXColumns) {
      const first = x.data[column];
      for (let i = 1; i < x.numRows; i++) expect(x.data[i * task.xDim + column]).toBe(first);
    }
  });

  it('should have a uniform log prior inside the closed box and −∞ outside', () => {
    const inside = sampleBoxPrior(task, 100, Rng.fromSeed(5));
    const logPrior = task.logPrior(inside);
    const volume = task.thetaHigh.reduce((acc, high, j) => acc * (high - task.thetaLow[j]!), 1);
    for (const value of logPrior) expect(value).toBeCloseTo(-Math.log(volume), 12);
    const corners = matrixFrom(Float64Array.from([...task.thetaLow, ...task.thetaHigh]), 2, task.thetaDim);
    expect([...task.logPrior(corners)].every(Number.isFinite)).toBe(true);
    const outside = matrixFrom(Float64Array.from(midpoint.data), 1, task.thetaDim);
    outside.data[0] = task.thetaHigh[0]! + 1e-9;
    expect(task.logPrior(outside)[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('should ship 10 observations inside the box with a finite likelihood (where known) at their true θ', () => {
    expect(task.observations).toHaveLength(10);
    for (const observation of task.observations) {
      expect(observation.theta).toHaveLength(task.thetaDim);
      expect(observation.x).toHaveLength(task.xDim);
      const theta = matrixFromRows([observation.theta]);
      expect(Number.isFinite(task.logPrior(theta)[0])).toBe(true);
      if (task.logLikelihood) expect(Number.isFinite(logLikelihood(theta, matrixFromRows([observation.x]))[0])).toBe(true);
      else expect(() => requireLikelihood(task)).toThrow(new RegExp(`${task.id}: expected a task with a tractable likelihood`));
    }
  });

  it('should ship a data range that brackets most simulated data', () => {
    const { low, high, levels } = task.dataRange;
    expect(low).toHaveLength(task.xDim);
    expect(high).toHaveLength(task.xDim);
    low.forEach((value, j) => expect(value).toBeLessThanOrEqual(high[j]!));
    // Fresh draws: each column falls outside its [0.5 %, 99.5 %] range 1 % of the time.
    const { x } = simulatePriorPredictive(task, 4000, 99);
    let outside = 0;
    for (let i = 0; i < x.numRows; i++) {
      for (let j = 0; j < task.xDim; j++) {
        const v = x.data[i * task.xDim + j]!;
        if (v < low[j]! || v > high[j]!) outside++;
      }
    }
    const rate = outside / (x.numRows * task.xDim);
    const nominal = 1 - (levels[1]! - levels[0]!);
    // Constant columns have zero width and never fall outside, so only an upper bound is exact.
    expect(rate).toBeLessThan(nominal + 0.01);
  });

  itWithLikelihood('should score one x against many θ the same as row by row', () => {
    const theta = sampleBoxPrior(task, 8, Rng.fromSeed(6));
    const xObs = matrixFromRows([task.observations[0]!.x]);
    const broadcast = logLikelihood(theta, xObs);
    const repeated = matrixFrom(new Float64Array(8 * task.xDim), 8, task.xDim);
    for (let i = 0; i < 8; i++) repeated.data.set(xObs.data, i * task.xDim);
    expect(logLikelihood(theta, repeated)).toEqual(broadcast);
  });

  itWithLikelihood('should score any finite θ, also outside the box, never with NaN', () => {
    const far: Matrix = matrixFrom(
      Float64Array.from({ length: 3 * task.thetaDim }, (_, k) => [0, 50, -1e6][Math.floor(k / task.thetaDim)]!),
      3,
      task.thetaDim,
    );
    const values = logLikelihood(far, matrixFromRows([task.observations[0]!.x]));
    for (const value of values) expect(Number.isNaN(value)).toBe(false);
  });

  it('should reject bad input with an error naming the argument, the expectation and what arrived', () => {
    const rng = Rng.fromSeed(1);
    const wide = matrixFrom(new Float64Array(task.thetaDim + 1), 1, task.thetaDim + 1);
    expect(() => task.simulate(wide, rng)).toThrow(new RegExp(`theta: expected ${task.thetaDim} columns, got ${task.thetaDim + 1}`));
    const withNaN = matrixFrom(Float64Array.from(midpoint.data), 1, task.thetaDim);
    withNaN.data[0] = Number.NaN;
    expect(() => task.simulate(withNaN, rng)).toThrow(/theta: expected finite numbers, got NaN at row 0, column 1/);
    const outside = matrixFrom(Float64Array.from(midpoint.data), 1, task.thetaDim);
    outside.data[task.thetaDim - 1] = task.thetaHigh[task.thetaDim - 1]! + 0.5;
    expect(() => task.simulate(outside, rng)).toThrow(/expected every value of column \d+ in \[.*\] \(the prior box\), got/);
    expect(() => task.simulate(matrixFrom(new Float64Array(0), 0, task.thetaDim), rng)).toThrow(/at least one row, got 0/);
    if (task.logLikelihood) {
      const shortX = matrixFrom(new Float64Array(task.xDim - 1), 1, task.xDim - 1);
      expect(() => logLikelihood(midpoint, shortX)).toThrow(/x: expected \d+ columns/);
      const twoX = matrixFrom(new Float64Array(2 * task.xDim), 2, task.xDim);
      expect(() => logLikelihood(midpoint, twoX)).toThrow(/x: expected 1 row or 1 rows/);
    }
    expect(() => simulatePriorPredictive(task, 0, 1)).toThrow(/n: expected a positive integer, got 0/);
    expect(() => simulatePriorPredictive(task, 2.5, 1)).toThrow(/n: expected a positive integer, got 2.5/);
  });
});

describe('task registry', () => {
  it('should list the DESIGN.md task ids, a model for each in the catalog’s order, and reject unknown ones', () => {
    expect(TASK_IDS).toEqual(['two_moons', 'gaussian_mixture', 'gaussian_mixture_wide', 'slcp', 'lorenz96', 'hodgkin_huxley']);
    expect(TASK_MODELS.map((model) => model.id)).toEqual(TASK_IDS);
    expect(() => getTaskInfo('moons')).toThrow(/expected one of two_moons, .*got "moons"/);
    expect(() => getTask('moons')).toThrow(/expected one of two_moons, .*got "moons"/);
  });
});

describe('observation files', () => {
  it('should reject a file that does not fit the task, naming the field', async () => {
    const { checkObservationFile } = await import('../../src/benchmarks/metadata/observation-file');
    const task = getTask('slcp');
    const good = { task: 'slcp', command: '', seed: 1, observations: task.observations, dataRange: task.dataRange, misspecifiedPreset: task.misspecifiedPreset };
    expect(checkObservationFile(task, good)).toBe(good);
    expect(() => checkObservationFile(task, { ...good, misspecifiedPreset: { ...task.misspecifiedPreset, x: [1] } })).toThrow(/slcp\.json misspecifiedPreset\.x: expected 8 finite numbers, got 1 values/);
    expect(() => checkObservationFile(task, { ...good, misspecifiedPreset: { ...task.misspecifiedPreset, seed: 3 } })).toThrow(/misspecifiedPreset: expected ε = 0.25 and seed 1 \(the task's misspecified variant\), got ε = 0.25 and seed 3/);
    const shortX = { ...good, observations: [{ theta: [0, 0, 0, 0, 0], x: [1, 2] }, ...task.observations.slice(1)] };
    expect(() => checkObservationFile(task, shortX)).toThrow(/slcp\.json observations\[0\]\.x: expected 8 finite numbers, got 2 values/);
    expect(() => checkObservationFile(task, { ...good, observations: task.observations.slice(0, 3) })).toThrow(/expected 10 observations, got 3/);
  });
});

import { describe, expect, it } from 'vitest';
import { sampleBoxPrior } from '../../src/benchmarks/box-prior';
import { hodgkinHuxley, simulateTraces } from '../../src/benchmarks/hodgkin-huxley';
import { integrateNeuron, neuronParameters, TRACE_LENGTH } from '../../src/benchmarks/hodgkin-huxley/neuron';
import { hodgkinHuxleyMetadata } from '../../src/benchmarks/metadata/hodgkin-huxley';

const SHOWCASE_CELLS = hodgkinHuxleyMetadata.showcaseCells;
import { spikeTimes, summaryStatistics } from '../../src/benchmarks/hodgkin-huxley/statistics';
import tracesJson from '../../src/benchmarks/observations/hodgkin_huxley.traces.json';
import { getTask } from '../../src/benchmarks/registry';
import { networkObservation } from '../../src/benchmarks/task';
import { checkTracesFile, TRACE_STORAGE_STRIDE } from '../../src/benchmarks/metadata/traces-file';
import { formatTracesCsv, recordedObservation, traceForDrawing } from '../../src/benchmarks/traces';
import { matrixFrom, matrixFromRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { createReferenceSampler } from '../../src/reference/create-reference-sampler';
import { trainingProblemFor } from '../../src/routes/training-problem';

const REGULAR = SHOWCASE_CELLS[0]!.theta;
const task = getTask('hodgkin_huxley');

function trace(theta: readonly number[], seed = 3): Float64Array {
  const out = new Float64Array(TRACE_LENGTH);
  integrateNeuron(neuronParameters(theta), Rng.fromSeed(seed), out);
  return out;
}

describe('Hodgkin–Huxley simulator', () => {
  it('should spike repeatedly during the stimulus for the tutorial cell, and not before it', () => {
    const v = trace(REGULAR);
    const spikes = spikeTimes(v);
    expect(spikes.length).toBeGreaterThanOrEqual(4);
    for (const t of spikes) expect(t >= 10 && t < 110).toBe(true);
    // Rest before the stimulus: near E_leak = −70 mV, never above −60 mV.
    expect(Math.max(...v.subarray(0, 1000))).toBeLessThan(-60);
    // Action potentials overshoot 0 mV.
    expect(Math.max(...v)).toBeGreaterThan(20);
  });

  it('should not spike when ḡNa sits at its lower bound', () => {
    const quiet: number[] = [...REGULAR];
    quiet[0] = hodgkinHuxley.thetaLow[0]!;
    expect(spikeTimes(trace(quiet))).toHaveLength(0);
    expect(hodgkinHuxley.simulate(matrixFromRows([quiet]), Rng.fromSeed(1)).data[0]).toBe(0);
  });

  it('should be deterministic given the seed, and differ between seeds', () => {
    const theta = sampleBoxPrior(hodgkinHuxley, 5, Rng.fromSeed(2));
    const a = hodgkinHuxley.simulate(theta, Rng.fromSeed(7));
    expect(hodgkinHuxley.simulate(theta, Rng.fromSeed(7)).data).toEqual(a.data);
    expect(hodgkinHuxley.simulate(theta, Rng.fromSeed(8)).data).not.toEqual(a.data);
    // The trace simulator uses the rng exactly as `simulate` does.
    const traces = simulateTraces(theta, Rng.fromSeed(7));
    for (let i = 0; i < 5; i++) {
      expect(Array.from(summaryStatistics(traces.data.subarray(i * TRACE_LENGTH, (i + 1) * TRACE_LENGTH)))).toEqual(Array.from(a.data.subarray(7 * i, 7 * i + 7)));
    }
  });

  it('should give finite statistics at every corner of the prior box', () => {
    const corners = matrixFrom(new Float64Array(256 * 8), 256, 8);
    for (let c = 0; c < 256; c++) {
      for (let j = 0; j < 8; j++) corners.data[c * 8 + j] = (c >> j) & 1 ? hodgkinHuxley.thetaHigh[j]! : hodgkinHuxley.thetaLow[j]!;
    }
    const x = hodgkinHuxley.simulate(corners, Rng.fromSeed(4));
    const bad = x.data.findIndex((v) => !Number.isFinite(v));
    expect(bad).toBe(-1);
  });
});

describe('Hodgkin–Huxley summary statistics', () => {
  /**
   * A hand-made trace at dt = 0.1 ms: −70 mV at rest except −71 and −69 at 9.5 and 9.6 ms; −60 mV
   * during the stimulus with four one-sample spikes at +20 mV; one more spike after it (not counted).
   */
  function handMade(): Float64Array {
    const v = new Float64Array(1201).fill(-70);
    v[95] = -71;
    v[96] = -69;
    v.fill(-60, 100, 1100);
    for (const k of [200, 400, 600, 800, 1150]) v[k] = 20;
    return v;
  }

  it('should equal the values computed by hand', () => {
    const x = summaryStatistics(handMade(), 0.1);
    // Stimulus window: 1000 samples, 4 at +20 and 996 at −60: a two-point distribution with
    // p = 0.004 and gap d = 80: mean −60 + 80p, variance p(1−p)d², skewness (1−2p)/√(p(1−p)),
    // kurtosis (1 − 3p + 3p²)/(p(1−p)).
    const p = 0.004;
    const d = 80;
    expect(x[0]).toBe(4);
    expect(x[1]).toBeCloseTo(-70, 12);
    expect(x[2]).toBeCloseTo(Math.sqrt(0.2), 12);
    expect(x[3]).toBeCloseTo(-60 + d * p, 10);
    expect(x[4]).toBeCloseTo(p * (1 - p) * d * d, 9);
    expect(x[5]).toBeCloseTo((1 - 2 * p) / Math.sqrt(p * (1 - p)), 9);
    expect(x[6]).toBeCloseTo((1 - 3 * p + 3 * p * p) / (p * (1 - p)), 8);
  });

  it('should merge peaks closer than 0.5 ms and count each crossing at its peak', () => {
    const v = handMade();
    v[401] = -20; // dips below −10 mV for 0.1 ms …
    v[402] = 30; // … and rises again 0.2 ms after the first peak: one spike
    v[601] = 10;
    v[602] = 25; // a broad spike: its peak is at 60.2 ms
    expect(spikeTimes(v, 0.1).map((t) => Number(t.toFixed(6)))).toEqual([20, 40, 60.2, 80]);
    v[410] = 5; // a crossing 0.8 ms after the peak at 40.2 ms: a second spike
    expect(spikeTimes(v, 0.1)).toHaveLength(5);
  });

  it('should give skewness 0 and kurtosis 3 for a flat stimulus window instead of NaN', () => {
    const x = summaryStatistics(new Float64Array(1201).fill(-65), 0.1);
    expect([x[4], x[5], x[6]]).toEqual([0, 0, 3]);
  });

  it('should reject a trace shorter than the stimulus window', () => {
    expect(() => summaryStatistics(new Float64Array(500), 0.1)).toThrow(/expected at least 1100 samples/);
  });
});

describe('Hodgkin–Huxley recorded traces', () => {
  it('should summarise a recorded CSV trace exactly as the simulator does, and thin it only for drawing', () => {
    const recorded = trace(REGULAR, 11);
    const csv = formatTracesCsv({ data: recorded, numRows: 1, numCols: recorded.length }, 0.01, 1).replace('v_1', 'voltage');
    const { x, trace: parsed } = recordedObservation(task, csv, 'cell.csv');
    // The CSV keeps 3 decimals (1 µV): the statistics agree to that precision.
    const exact = summaryStatistics(recorded);
    expect(x[0]).toBe(exact[0]);
    x.slice(1).forEach((value, k) => expect(value).toBeCloseTo(exact[k + 1]!, 2));
    const drawn = traceForDrawing(parsed);
    expect(drawn.voltage.length).toBeLessThanOrEqual(3001);
    expect(drawn.dt).toBeCloseTo(0.04, 12);
    expect(drawn.voltage[250]).toBe(parsed.voltage[1000]);
    expect(() => recordedObservation(getTask('slcp'), csv, 'cell.csv')).toThrow(/cell\.csv: expected a task whose data are traces \(hodgkin_huxley\), got slcp/);
    expect(() => recordedObservation(task, 'time,voltage\n0,-70\n0.1,-70\n', 'short.csv')).toThrow(/expected at least 1100 samples/);
  });
});

describe('Hodgkin–Huxley task data', () => {
  it('should reproduce the stored observations and showcase cells from their seeds', () => {
    const file = checkTracesFile(tracesJson, 'hodgkin_huxley.traces.json');
    const rng = Rng.fromSeed(file.seed, 5);
    const theta = sampleBoxPrior(hodgkinHuxley, 10, rng);
    expect(Array.from(theta.data)).toEqual(task.observations.flatMap((o) => o.theta));
    const traces = simulateTraces(theta, rng);
    task.observations.forEach((observation, i) => {
      const row = traces.data.subarray(i * TRACE_LENGTH, (i + 1) * TRACE_LENGTH);
      expect(Array.from(summaryStatistics(row))).toEqual(observation.x);
      const stored = file.observations[i]!;
      expect(stored).toHaveLength(Math.ceil(TRACE_LENGTH / TRACE_STORAGE_STRIDE));
      expect(stored[100]).toBeCloseTo(row[100 * TRACE_STORAGE_STRIDE]!, 2);
    });
    expect(task.showcases.map((s) => s.id)).toEqual(['regular', 'sparse', 'quiet']);
    task.showcases.forEach((showcase, j) => {
      const x = hodgkinHuxley.simulate(matrixFromRows([showcase.theta]), Rng.fromSeed(file.seed, 2000 + j));
      expect(Array.from(x.data)).toEqual(showcase.x);
    });
    expect(task.showcases.map((s) => s.x[0])).toEqual([expect.any(Number), expect.any(Number), 0]);
    expect(task.showcases[0]!.x[0]).toBeGreaterThan(task.showcases[1]!.x[0]!);
  });

  it('should dequantise the spike count (+ U(0, 1) in training data, + ½ for an observation) and log the heavy-tailed columns', () => {
    const problem = trainingProblemFor(task);
    const { x } = problem.simulateJoint(40, Rng.fromSeed(9));
    const rng = Rng.fromSeed(9);
    const raw = hodgkinHuxley.simulate(sampleBoxPrior(hodgkinHuxley, 40, rng), rng);
    for (let i = 0; i < 40; i++) {
      expect(x[7 * i]! - raw.data[7 * i]!).toBeGreaterThan(0);
      expect(x[7 * i]! - raw.data[7 * i]!).toBeLessThan(1);
      for (const j of [1, 3, 5]) expect(x[7 * i + j]).toBe(raw.data[7 * i + j]);
      for (const j of [2, 4, 6]) expect(x[7 * i + j]).toBe(Math.log(raw.data[7 * i + j]!));
    }
    expect(Array.from(networkObservation(task, [3, -70, 1, -60, 100, 2, 9]))).toEqual([3.5, -70, 0, -60, Math.log(100), 2, Math.log(9)]);
    // A perfectly flat trace has variance 0: floored, never −∞.
    expect(networkObservation(task, [0, -70, 0, -70, 0, 0, 3])[4]).toBeCloseTo(Math.log(1e-12), 12);
    expect(problem.logLikelihood).toBeUndefined();
  });

  it('should refuse a reference sampler, saying the likelihood is intractable', () => {
    expect(() => createReferenceSampler(task, task.observations[0]!.x, 1, 100, 1)).toThrow(/hodgkin_huxley \(its likelihood is intractable/);
  });
});

import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { dataFigure } from '../../src/charts/data-figure';
import { densityHistogram, marginalsFigure } from '../../src/charts/marginals-figure';
import { predictiveFigure } from '../../src/charts/predictive-figure';
import { referenceFigure } from '../../src/charts/reference-figure';
import { matrixFromRows } from '../../src/core/matrix';
import { LikelihoodGrid } from '../../src/reference/grid-posterior';
import { densityImages, gridView } from '../../src/reference/grid-view';
import { contourSegments, highestDensityLevels } from '../../src/reference/contour-lines';

type Trace = Record<string, unknown>;

describe('reference figure', () => {
  const task = getTask('two_moons');
  const grid = new LikelihoodGrid(task, matrixFromRows([task.observations[0]!.x]), 256);

  it('should draw draws, exact contours, both marginals and the true θ for 2-D θ', () => {
    const samples = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    const { data, layout } = referenceFigure({ task, samples, grid: gridView(grid, grid.temper(0.5)), trueTheta: [0.5, 0.6], uiRevision: 'r' });
    const traces = data as Trace[];
    const types = traces.map((trace) => trace.type);
    expect(types).toEqual(['scatter', 'scatter', 'scatter', 'bar', 'scatter', 'bar', 'scatter']);
    expect(Array.from(traces[0]!.x as Float64Array)).toEqual([0.1, 0.3]);
    expect(traces[1]!.name).toBe('exact p_β (grid): 50/80/95 % regions');
    expect((traces[1]!.x as Float64Array).length).toBeGreaterThan(30);
    expect(traces[2]).toMatchObject({ name: 'true θ', x: [0.5], y: [0.6] });
    expect((layout.xaxis as { range?: number[] }).range).toEqual([-1, 1]);
    // The histograms are binned densities: they integrate to 1 over the box.
    const bars = traces[3]!;
    expect(Array.from(bars.y as Float64Array).reduce((a, b) => a + b, 0) * (bars.width as number)).toBeCloseTo(1, 12);
  });

  it('should change the contour lines when β changes: the regions shrink as β grows', () => {
    const linesAt = (beta: number) => (referenceFigure({ task, samples: new Float64Array(0), grid: gridView(grid, grid.temper(beta)), trueTheta: null, uiRevision: 'r' }).data as Trace[])[1]!;
    const spread = (beta: number) => {
      const xs = Array.from(linesAt(beta).x as Float64Array).filter(Number.isFinite);
      return Math.max(...xs) - Math.min(...xs);
    };
    expect(spread(0.3)).toBeGreaterThan(spread(1.5));
  });

  it('should draw a corner plot for 5 parameters: 10 pairs and 5 marginals, thinned', () => {
    const slcp = getTask('slcp');
    const samples = Float64Array.from({ length: 5 * 5000 }, (_, k) => (k % 7) / 7);
    const { data, layout } = referenceFigure({ task: slcp, samples, grid: null, trueTheta: slcp.observations[0]!.theta, uiRevision: 'r', maxPointsPerPair: 1000 });
    const traces = data as Trace[];
    const draws = traces.filter((trace) => trace.type === 'scatter' && trace.name !== 'true θ');
    expect(draws).toHaveLength(10);
    expect(traces.filter((trace) => trace.type === 'bar')).toHaveLength(5);
    expect(traces.filter((trace) => trace.name === 'true θ')).toHaveLength(10);
    expect((draws[0]!.x as Float64Array).length).toBe(1000);
    expect(Object.keys(layout).filter((key) => key.startsWith('xaxis'))).toHaveLength(15);
  });
});

describe('data figure', () => {
  it('should draw the prior predictive, the observation and one draggable circle per 2-D point', () => {
    const slcp = getTask('slcp');
    const priorX = Float64Array.from({ length: 8 * 20 }, (_, k) => k / 10);
    const observation = slcp.observations[0]!.x;
    const figure = dataFigure({ task: slcp, priorX, observation, draggable: true, uiRevision: 'u' });
    const traces = figure.data as Trace[];
    expect(traces.filter((trace) => trace.meta === 'prior-predictive')).toHaveLength(4);
    const observed = traces.find((trace) => trace.meta === 'observation')!;
    expect(observed.x).toEqual([observation[0], observation[2], observation[4], observation[6]]);
    const shapes = (figure.layout as { shapes: { x0: number; x1: number; y0: number; y1: number }[] }).shapes;
    expect(shapes).toHaveLength(4);
    expect((shapes[1]!.x0 + shapes[1]!.x1) / 2).toBeCloseTo(observation[2]!, 12);
    expect((shapes[1]!.y0 + shapes[1]!.y1) / 2).toBeCloseTo(observation[3]!, 12);
  });

  it('should overlay the observed first series on time-series prior draws', () => {
    const lorenz = getTask('lorenz96');
    const figure = dataFigure({ task: lorenz, priorX: new Float64Array(3 * 168), observation: lorenz.observations[0]!.x, draggable: false, uiRevision: 'u' });
    const traces = figure.data as Trace[];
    expect(traces.filter((trace) => trace.meta === 'prior-predictive')).toHaveLength(3);
    const observed = traces.find((trace) => trace.meta === 'observation')!;
    expect(Array.from(observed.y as Float64Array)).toEqual(Array.from({ length: 21 }, (_, t) => lorenz.observations[0]!.x[8 * t]));
  });
});

describe('grid view', () => {
  it('should keep all the mass when summing 1 024² cells into a 256² image, and normalise the marginals', () => {
    const task = getTask('gaussian_mixture');
    const grid = new LikelihoodGrid(task, matrixFromRows([task.observations[0]!.x]));
    const view = gridView(grid, grid.temper(1));
    const image = densityImages(grid, grid.temper(1))[0]!;
    expect(image.xs.length).toBe(256);
    const cellArea = (image.xs[1]! - image.xs[0]!) * (image.ys[1]! - image.ys[0]!);
    expect(image.density.reduce((a, b) => a + b, 0) * cellArea).toBeCloseTo(1, 9);
    for (const marginal of view.marginals) {
      expect(marginal.density.reduce((a, b) => a + b, 0) * (marginal.xs[1]! - marginal.xs[0]!)).toBeCloseTo(1, 9);
    }
  });

  it('should give three pair images for 3-D θ', () => {
    const task = getTask('lorenz96');
    const grid = new LikelihoodGrid(task, matrixFromRows([task.observations[0]!.x]), 21);
    expect(densityImages(grid, grid.temper(1)).map((image) => image.params)).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(gridView(grid, grid.temper(1)).contours.map((lines) => lines.params)).toEqual([[0, 1], [0, 2], [1, 2]]);
  });
});

describe('Hodgkin–Huxley figures', () => {
  const task = getTask('hodgkin_huxley');

  it('should draw one box per summary statistic, rescaled to the data range, with the observation on top', () => {
    const priorX = new Float64Array(3 * 7);
    priorX.set(task.dataRange.low, 0);
    priorX.set(task.dataRange.high, 7);
    priorX.set(task.observations[2]!.x, 14);
    const { data } = dataFigure({ task, priorX, observation: task.observations[2]!.x, draggable: false, uiRevision: 'r' });
    const traces = data as Trace[];
    expect(traces.filter((trace) => trace.type === 'box')).toHaveLength(7);
    expect((traces[0]!.y as number[]).slice(0, 2)).toEqual([0, 1]);
    const observation = traces.find((trace) => trace.meta === 'observation')!;
    expect(observation.x).toEqual(task.xNames);
    expect((observation.text as string[])[0]).toBe(`spike count: ${task.observations[2]!.x[0]!.toPrecision(4)}`);
  });

  it('should draw density staircases that integrate to 1 over the prior range', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 0.5 + (79.5 * i) / 999);
    const { x, y } = densityHistogram(values, 0.5, 80);
    let integral = 0;
    for (let k = 0; k < x.length; k += 2) integral += (x[k + 1]! - x[k]!) * y[k]!;
    expect(integral).toBeCloseTo(1, 10);
  });

  it('should overlay one line per layer in each of the 8 marginals, with the true θ', () => {
    const samples = new Float64Array(10 * 8);
    for (let i = 0; i < 10; i++) samples.set(task.observations[0]!.theta, i * 8);
    const layers = [
      { name: 'β = 0.1', color: 'a', width: 1, samples },
      { name: 'β = 1 (slider)', color: 'b', width: 3, samples },
    ];
    const { data, layout } = marginalsFigure({ task, layers, trueTheta: task.observations[0]!.theta, uiRevision: 'r' });
    expect(data).toHaveLength(16);
    expect((data as Trace[]).filter((trace) => trace.showlegend).map((trace) => trace.name)).toEqual(['β = 0.1', 'β = 1 (slider)']);
    expect((layout as unknown as Record<string, { range?: number[] }>).xaxis8!.range).toEqual([35, 100]);
    expect(layout.shapes).toHaveLength(8);
  });

  it('should draw the predictive traces against time and the observed trace on top', () => {
    const traces = new Float32Array(2 * 1201).fill(-70);
    const observed = Array.from({ length: 3001 }, () => -65);
    const { data } = predictiveFigure({ traces, numTraces: 2, dt: 0.1, observed, observedDt: 0.04, color: 'c', name: 'q', uiRevision: 'r' });
    const all = data as Trace[];
    expect(all.map((trace) => trace.meta)).toEqual(['predictive', 'predictive', 'observed']);
    expect((all[0]!.x as number[])[1200]).toBeCloseTo(120, 9);
    expect((all[2]!.x as number[])[3000]).toBeCloseTo(120, 9);
    expect(predictiveFigure({ traces: null, numTraces: 0, dt: 0.1, observed: null, observedDt: 0, color: 'c', name: 'q', uiRevision: 'r' }).data).toEqual([]);
  });
});

describe('contour lines', () => {
  it('should trace a circle of the right radius for a radial density, and find highest-density levels by mass', () => {
    const n = 101;
    const xs = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const density = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) density[i * n + j] = Math.exp(-(xs[j]! ** 2 + xs[i]! ** 2) / (2 * 0.3 ** 2));
    const { x, y } = contourSegments(xs, xs, density, [Math.exp(-0.5 * (0.5 / 0.3) ** 2)]);
    const radii = Array.from(x).flatMap((value, k) => (Number.isFinite(value) ? [Math.hypot(value, y[k]!)] : []));
    expect(radii.length).toBeGreaterThan(100);
    // Linear interpolation on a 0.02 grid: within 0.005 of the exact radius 0.5.
    for (const r of radii) expect(Math.abs(r - 0.5)).toBeLessThan(0.005);
    // The 50 % highest-density region of a normal holds radius σ√(2 ln 2).
    const [level] = highestDensityLevels(density, [0.5]);
    expect(Math.sqrt(-2 * 0.3 ** 2 * Math.log(level!))).toBeCloseTo(0.3 * Math.sqrt(2 * Math.LN2), 2);
  });
});

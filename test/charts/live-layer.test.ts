import type { Data } from 'plotly.js';
import { describe, expect, it } from 'vitest';
import { type AxisPixels, drawLiveTraces, LIVE_TRACE, liveAxisRanges } from '../../src/charts/live-layer';

/** The few canvas calls the live layer makes, recorded; images are real pixel arrays (`width` pixels a row). */
function fakeContext(width: number) {
  let put: { data: Uint8ClampedArray } | null = null;
  const calls: string[] = [];
  const context = {
    createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }),
    putImageData: (image: { data: Uint8ClampedArray }) => {
      put = image;
    },
    save: () => calls.push('save'),
    restore: () => calls.push('restore'),
    beginPath: () => undefined,
    rect: () => undefined,
    clip: () => undefined,
    fillRect: (...args: number[]) => calls.push(`fillRect ${args.map((v) => v.toFixed(1)).join(' ')}`),
    moveTo: () => undefined,
    lineTo: () => calls.push('lineTo'),
    stroke: () => calls.push('stroke'),
    setLineDash: () => undefined,
    set fillStyle(_: string) {},
    set strokeStyle(_: string) {},
    set globalAlpha(_: number) {},
    set lineWidth(_: number) {},
  };
  return { context: context as unknown as CanvasRenderingContext2D, pixel: (x: number, y: number) => (put ? Array.from(put.data.subarray(4 * (y * width + x), 4 * (y * width + x) + 4)) : null), calls };
}

const AXES: Record<string, AxisPixels> = {
  xaxis: { offset: 10, length: 100, range: [0, 1] },
  yaxis: { offset: 10, length: 100, range: [0, 1] },
  yaxis2: { offset: 0, length: 10, range: null },
};

describe('the live layer', () => {
  it('should fit a density axis to the largest value the live traces put on it, and keep fixed ranges', () => {
    const traces = [{ type: 'bar', x: [0.5], y: [4], xaxis: 'x', yaxis: 'y2', meta: LIVE_TRACE }] as Data[];
    expect(liveAxisRanges(traces, AXES)).toEqual({ x: [0, 1], y2: [0, 4.2] });
  });

  it('should blend markers into the image at their pixel, with their opacity, and clip them to the subplot', () => {
    const { context, pixel } = fakeContext(120);
    const traces = [{ type: 'scattergl', mode: 'markers', x: [0.5, 0.5, 2], y: [0.5, 0.5, 0.5], marker: { size: 1, color: '#ff0000', opacity: 0.5 }, meta: LIVE_TRACE }] as Data[];
    drawLiveTraces(context, traces, AXES, { width: 120, height: 120, ratio: 1 });
    // Two markers at (60, 60): alpha 0.5 then 0.75, colour red throughout.
    expect(pixel(60, 60)!.slice(0, 3)).toEqual([255, 0, 0]);
    expect(Math.abs(pixel(60, 60)![3]! - 0.75 * 255)).toBeLessThanOrEqual(1); // bytes round each blend
    expect(pixel(61, 60)![3]).toBe(0);
    // The one at x = 2 is outside the subplot's box (x ≤ 110): nothing drawn there or at the edge.
    expect(pixel(119, 60)![3]).toBe(0);
  });

  it('should draw bars from 0 and lines broken at NaN', () => {
    const { context, calls } = fakeContext(120);
    const traces = [
      { type: 'bar', x: [0.25], y: [0.5], width: 0.5, marker: { color: '#000000' }, meta: LIVE_TRACE },
      { type: 'scatter', mode: 'lines', x: [0, 1, Number.NaN, 0, 1], y: [0, 1, Number.NaN, 1, 0], meta: LIVE_TRACE },
    ] as Data[];
    drawLiveTraces(context, traces, AXES, { width: 120, height: 120, ratio: 1 });
    // The bar spans x 0–0.5 (pixels 10–60) and y 0–0.5 (pixels 110 down to 60).
    expect(calls).toContain('fillRect 10.0 60.0 50.0 50.0');
    // Two segments: one lineTo each after its moveTo.
    expect(calls.filter((call) => call === 'lineTo')).toHaveLength(2);
  });
});

import type { Data } from 'plotly.js';

/**
 * The per-frame layer of the posterior panels: the traces that change while β moves (draws,
 * histograms, exact marginals, contour lines) are drawn on a 2-D canvas over the chart, which
 * keeps only the frame (axes, legend, the true θ). A chart library redraws its whole figure
 * for any data change (with software WebGL, a readback of every canvas on every frame: seconds
 * per slider sweep); a canvas of a few thousand points and lines costs a millisecond or two.
 */

/** Marks a trace as drawn by the live layer (its `meta`). */
export const LIVE_TRACE = 'live';

/** Where an axis sits on the chart, in CSS pixels from the chart's top left, and what it shows. */
export interface AxisPixels {
  readonly offset: number;
  readonly length: number;
  /** The data range shown; null for a density axis the layer fits to its own data from 0. */
  readonly range: readonly [number, number] | null;
}

/** A trace the live layer understands: the Plotly fields of a marker scatter, a line, or a bar. */
interface LiveTrace {
  readonly type?: string;
  readonly mode?: string;
  readonly x?: ArrayLike<number>;
  readonly y?: ArrayLike<number>;
  readonly xaxis?: string;
  readonly yaxis?: string;
  readonly orientation?: 'h' | 'v';
  readonly width?: number;
  readonly marker?: { readonly size?: number; readonly color?: string; readonly opacity?: number };
  readonly line?: { readonly color?: string; readonly width?: number; readonly dash?: string };
}

/** The layout key of an axis reference: 'x' → 'xaxis', 'y3' → 'yaxis3'. */
export function axisKey(ref: string): string {
  return `${ref[0]}axis${ref.slice(1)}`;
}

/** Whether a trace belongs to the live layer. */
export function isLiveTrace(trace: Data): boolean {
  return (trace as { meta?: unknown }).meta === LIVE_TRACE;
}

/** The largest finite value of `values` (0 if none). */
function maxOf(values: ArrayLike<number> | undefined): number {
  let max = 0;
  if (!values) return max;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

/**
 * The range of every axis the traces use: the chart's range where it has a fixed one, else
 * [0, 1.05 × the largest value the live traces put on it] (the density axes of the marginals).
 */
export function liveAxisRanges(traces: readonly Data[], axes: Readonly<Record<string, AxisPixels>>): Record<string, readonly [number, number]> {
  const ranges: Record<string, readonly [number, number]> = {};
  const fitted = new Map<string, number>();
  for (const raw of traces) {
    const trace = raw as LiveTrace;
    for (const [ref, values] of [
      [trace.xaxis ?? 'x', trace.x],
      [trace.yaxis ?? 'y', trace.y],
    ] as const) {
      const axis = axes[axisKey(ref)];
      if (!axis) continue;
      if (axis.range) ranges[ref] = axis.range;
      else fitted.set(ref, Math.max(fitted.get(ref) ?? 0, maxOf(values)));
    }
  }
  for (const [ref, max] of fitted) ranges[ref] = [0, max > 0 ? 1.05 * max : 1];
  return ranges;
}

/** '#rrggbb' as [r, g, b], or null for any other colour syntax. */
function hexColor(color: string | undefined): [number, number, number] | null {
  const match = /^#([0-9a-f]{6})$/i.exec(color ?? '');
  if (!match) return null;
  const value = Number.parseInt(match[1]!, 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * Blends every marker of hex colour into one image, pixel by pixel ("source over", each marker
 * adding its own opacity as a chart's markers do), and puts it on the canvas: tens of thousands
 * of small squares (SLCP's corner plots) cost a few milliseconds this way, where one canvas call
 * per marker costs tens. Returns the traces it did not draw.
 */
function blendMarkers(context: CanvasRenderingContext2D, traces: readonly LiveTrace[], axes: Readonly<Record<string, AxisPixels>>, ranges: Record<string, readonly [number, number]>, size: { width: number; height: number; ratio: number }): LiveTrace[] {
  const width = Math.round(size.width * size.ratio);
  const height = Math.round(size.height * size.ratio);
  const rest: LiveTrace[] = [];
  let image: ImageData | null = null;
  for (const trace of traces) {
    const rgb = trace.type !== 'bar' && trace.mode === 'markers' ? hexColor(trace.marker?.color) : null;
    const xAxis = axes[axisKey(trace.xaxis ?? 'x')];
    const yAxis = axes[axisKey(trace.yaxis ?? 'y')];
    const xRange = ranges[trace.xaxis ?? 'x'];
    const yRange = ranges[trace.yaxis ?? 'y'];
    if (!rgb || !xAxis || !yAxis || !xRange || !yRange || !trace.x || !trace.y) {
      rest.push(trace);
      continue;
    }
    image ??= context.createImageData(width, height);
    const data = image.data;
    const ratio = size.ratio;
    const side = Math.max(1, Math.round((trace.marker?.size ?? 3) * ratio));
    const alpha = trace.marker?.opacity ?? 1;
    const xScale = (xAxis.length * ratio) / (xRange[1] - xRange[0]);
    const yScale = (yAxis.length * ratio) / (yRange[1] - yRange[0]);
    const [left, right] = [Math.max(0, Math.floor(xAxis.offset * ratio)), Math.min(width, Math.ceil((xAxis.offset + xAxis.length) * ratio))];
    const [top, bottom] = [Math.max(0, Math.floor(yAxis.offset * ratio)), Math.min(height, Math.ceil((yAxis.offset + yAxis.length) * ratio))];
    const n = Math.min(trace.x.length, trace.y.length);
    for (let i = 0; i < n; i++) {
      const x = trace.x[i]!;
      const y = trace.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const x0 = Math.round(xAxis.offset * ratio + (x - xRange[0]) * xScale - side / 2);
      const y0 = Math.round((yAxis.offset + yAxis.length) * ratio - (y - yRange[0]) * yScale - side / 2);
      for (let py = Math.max(y0, top); py < Math.min(y0 + side, bottom); py++) {
        for (let px = Math.max(x0, left); px < Math.min(x0 + side, right); px++) {
          const k = 4 * (py * width + px);
          const below = data[k + 3]! / 255;
          const out = alpha + below * (1 - alpha);
          data[k] = (rgb[0] * alpha + data[k]! * below * (1 - alpha)) / out;
          data[k + 1] = (rgb[1] * alpha + data[k + 1]! * below * (1 - alpha)) / out;
          data[k + 2] = (rgb[2] * alpha + data[k + 2]! * below * (1 - alpha)) / out;
          data[k + 3] = out * 255;
        }
      }
    }
  }
  if (image) context.putImageData(image, 0, 0);
  return rest;
}

/**
 * Draws the live traces on `context` (scaled to CSS pixels by `size.ratio`, and clear), each
 * clipped to its subplot: markers are squares of the marker size (blended into one image first),
 * lines are polylines broken at NaN, bars are rectangles from 0 (vertical, or horizontal with
 * `orientation: 'h'`), drawn over the markers.
 */
export function drawLiveTraces(context: CanvasRenderingContext2D, traces: readonly Data[], axes: Readonly<Record<string, AxisPixels>>, size: { width: number; height: number; ratio: number }): void {
  const ranges = liveAxisRanges(traces, axes);
  for (const trace of blendMarkers(context, traces as readonly LiveTrace[], axes, ranges, size)) {
    const xRef = trace.xaxis ?? 'x';
    const yRef = trace.yaxis ?? 'y';
    const xAxis = axes[axisKey(xRef)];
    const yAxis = axes[axisKey(yRef)];
    const xRange = ranges[xRef];
    const yRange = ranges[yRef];
    const xs = trace.x;
    const ys = trace.y;
    if (!xAxis || !yAxis || !xRange || !yRange || !xs || !ys) continue;
    const xScale = xAxis.length / (xRange[1] - xRange[0]);
    const yScale = yAxis.length / (yRange[1] - yRange[0]);
    const px = (v: number) => xAxis.offset + (v - xRange[0]) * xScale;
    // Screen y grows downwards: the axis's top is offset, its bottom offset + length.
    const py = (v: number) => yAxis.offset + yAxis.length - (v - yRange[0]) * yScale;
    context.save();
    context.beginPath();
    context.rect(xAxis.offset, yAxis.offset, xAxis.length, yAxis.length);
    context.clip();
    const n = Math.min(xs.length, ys.length);
    if (trace.type === 'bar') {
      context.globalAlpha = trace.marker?.opacity ?? 1;
      context.fillStyle = trace.marker?.color ?? '#444';
      const horizontal = trace.orientation === 'h';
      const half = (trace.width ?? 0) / 2;
      for (let i = 0; i < n; i++) {
        const value = horizontal ? xs[i]! : ys[i]!;
        const centre = horizontal ? ys[i]! : xs[i]!;
        if (!(value > 0)) continue;
        if (horizontal) context.fillRect(px(0), py(centre + half), px(value) - px(0), py(centre - half) - py(centre + half));
        else context.fillRect(px(centre - half), py(value), px(centre + half) - px(centre - half), py(0) - py(value));
      }
    } else if (trace.mode === 'markers') {
      context.globalAlpha = trace.marker?.opacity ?? 1;
      context.fillStyle = trace.marker?.color ?? '#444';
      const size = trace.marker?.size ?? 3;
      const half = size / 2;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        const y = ys[i]!;
        if (Number.isFinite(x) && Number.isFinite(y)) context.fillRect(px(x) - half, py(y) - half, size, size);
      }
    } else {
      context.globalAlpha = 1;
      context.strokeStyle = trace.line?.color ?? '#444';
      context.lineWidth = trace.line?.width ?? 1;
      if (trace.line?.dash === 'dash') context.setLineDash([6, 4]);
      else if (trace.line?.dash === 'dot') context.setLineDash([2, 3]);
      context.beginPath();
      let pen = false;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        const y = ys[i]!;
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          pen = false;
          continue;
        }
        if (pen) context.lineTo(px(x), py(y));
        else context.moveTo(px(x), py(y));
        pen = true;
      }
      context.stroke();
    }
    context.restore();
  }
}

import type { Config, Data, Layout, PlotlyHTMLElement, PlotRelayoutEvent } from 'plotly.js';
import { useEffect, useMemo, useRef } from 'react';
import type { Figure } from '../charts/figure';
import { type AxisPixels, drawLiveTraces, isLiveTrace } from '../charts/live-layer';
import Plotly from './plotly-bundle';

interface PlotlyFigureProps {
  readonly figure: Figure;
  /** What the figure shows, for screen readers. */
  readonly label: string;
  readonly config?: Partial<Config>;
  /** Called with Plotly's relayout events (zoom, dragged shapes). */
  readonly onRelayout?: (event: PlotRelayoutEvent) => void;
  readonly className?: string;
  /** What this figure stands for (e.g. the β of its draws), written to `data-painted` once it is on screen. */
  readonly paintKey?: string;
}

const BASE_CONFIG: Partial<Config> = { responsive: true, displaylogo: false };
const EMPTY: number[] = [];

/** A Plotly graph div with what Plotly keeps on it (its computed axes) and what the lab adds (the full data, for tests). */
type GraphDiv = HTMLDivElement & { _fullLayout?: Record<string, { _offset?: number; _length?: number; range?: number[]; autorange?: unknown } | undefined>; liveData?: Data[] };

/** Every axis of the drawn chart, in pixels: the live layer's coordinates. */
function readAxes(div: GraphDiv): Record<string, AxisPixels> {
  const axes: Record<string, AxisPixels> = {};
  for (const [key, axis] of Object.entries(div._fullLayout ?? {})) {
    if (!/^[xy]axis\d*$/.test(key) || !axis || axis._offset === undefined || axis._length === undefined) continue;
    axes[key] = { offset: axis._offset, length: axis._length, range: axis.autorange || !axis.range ? null : [axis.range[0]!, axis.range[1]!] };
  }
  return axes;
}

/**
 * The page's one Plotly wrapper. Traces marked live (`LIVE_TRACE`: a panel's draws, histograms,
 * exact marginals and contour lines) are drawn by the live layer on a canvas over the chart;
 * Plotly draws the rest (axes, legend, fixed marks) and is called again only when that part, the
 * layout or the config changes — so a frame of a slider drag costs a canvas redraw, not a chart
 * update. Redraws happen at most once per animation frame, the latest figure winning. Each
 * finished redraw bumps `data-paints` on the element (and each chart update `data-chart-updates`) and writes `paintKey` to `data-painted`
 * (what tests and `npm run bench:ui` read); the full data, live arrays included, stay on the
 * graph div as `liveData` for tests. Purges on unmount.
 */
export function PlotlyFigure({ figure, label, config, onRelayout, className, paintKey }: PlotlyFigureProps) {
  const outerRef = useRef<HTMLDivElement>(null);
  const divRef = useRef<GraphDiv>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const relayoutRef = useRef(onRelayout);
  relayoutRef.current = onRelayout;
  const layout = useMemo(() => ({ autosize: true, ...figure.layout }) as Partial<Layout>, [figure.layout]);
  const fullConfig = useMemo(() => ({ ...BASE_CONFIG, ...config }), [config]);
  /** The latest figure not yet drawn; what Plotly drew last; the live traces on the canvas. */
  const pending = useRef<{ data: Data[]; layout: Partial<Layout>; config: Partial<Config>; paintKey: string | undefined } | null>(null);
  const drawn = useRef<{ signature: string; layout: Partial<Layout> | null; config: Partial<Config> | null; axes: Record<string, AxisPixels> }>({ signature: '', layout: null, config: null, axes: {} });
  const live = useRef<Data[]>([]);
  const busy = useRef(false);
  const alive = useRef(true);

  /** The chart's size in CSS pixels, read when Plotly lays it out (reading it every frame would force a layout). */
  const size = useRef({ width: 0, height: 0 });
  const measure = (div: GraphDiv) => {
    size.current = { width: div.clientWidth, height: div.clientHeight };
    drawn.current = { ...drawn.current, axes: readAxes(div) };
  };

  /** Redraws the live layer on the canvas with the current axes. */
  const paintCanvas = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = size.current;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    drawLiveTraces(context, live.current, drawn.current.axes, { width, height, ratio });
  };

  useEffect(() => {
    // The figure's full data, for tests, as soon as it is handed over (it is drawn on the next frame).
    if (divRef.current) divRef.current.liveData = figure.data;
    pending.current = { data: figure.data, layout, config: fullConfig, paintKey };
    if (busy.current) return;
    busy.current = true;
    const finish = (next: NonNullable<typeof pending.current>) => {
      const outer = outerRef.current;
      if (outer) {
        outer.dataset.paints = String(Number(outer.dataset.paints ?? 0) + 1);
        if (next.paintKey !== undefined) outer.dataset.painted = next.paintKey;
      }
      // Another figure arrived meanwhile: draw it on the next frame.
      if (pending.current && alive.current) requestAnimationFrame(draw);
      else busy.current = false;
    };
    const draw = () => {
      const div = divRef.current;
      const next = pending.current;
      pending.current = null;
      if (!div || !next || !alive.current) {
        busy.current = false;
        return;
      }
      live.current = next.data.filter(isLiveTrace);
      // Plotly gets the live traces empty (their legend entries stay), as SVG: no WebGL context.
      const frame = next.data.map((trace) => (isLiveTrace(trace) ? ({ ...trace, x: EMPTY, y: EMPTY } as Data) : trace));
      const signature = JSON.stringify(frame);
      const previous = drawn.current;
      if (signature === previous.signature && next.layout === previous.layout && next.config === previous.config) {
        paintCanvas();
        finish(next);
        return;
      }
      if (outerRef.current) outerRef.current.dataset.chartUpdates = String(Number(outerRef.current.dataset.chartUpdates ?? 0) + 1);
      void Plotly.react(div, frame, next.layout, next.config)
        .then((plot: PlotlyHTMLElement) => {
          if (previous.layout === null) {
            // Zoom, pan and resizes move the axes: read them again and redraw the live layer.
            plot.on('plotly_relayout', (event: PlotRelayoutEvent) => relayoutRef.current?.(event));
            plot.on('plotly_afterplot', () => {
              measure(div);
              paintCanvas();
            });
          }
          drawn.current = { signature, layout: next.layout, config: next.config, axes: {} };
          measure(div);
          paintCanvas();
        })
        .catch((error: Error) => {
          // A figure Plotly refuses leaves the last one on screen, and says why on the element.
          if (outerRef.current) outerRef.current.dataset.plotError = error.message;
        })
        .finally(() => finish(next));
    };
    requestAnimationFrame(draw);
  }, [figure.data, layout, fullConfig, paintKey]);

  useEffect(() => {
    const div = divRef.current;
    alive.current = true;
    return () => {
      alive.current = false;
      if (div) Plotly.purge(div);
      drawn.current = { signature: '', layout: null, config: null, axes: {} };
    };
  }, []);

  return (
    <div ref={outerRef} className={className ?? 'plotly-figure'} style={{ position: 'relative' }}>
      <div ref={divRef} style={{ width: '100%', height: '100%' }} role="img" aria-label={label} />
      <canvas ref={canvasRef} className="live-layer" style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }} aria-hidden="true" />
    </div>
  );
}

import type { Page } from 'playwright-core';

/** One Plotly trace as a test reads it: names and numbers copied out of the page. */
export interface PlottedTrace {
  name: string;
  type: string;
  meta: string;
  x: number[];
  y: number[];
  /** A contour's or heatmap's values, rows of columns; null for other traces. */
  z: number[][] | null;
}

/** A panel's Plotly figure as data (never pixels), with the panel's `data-*` attributes. */
export interface PlottedFigure {
  dataset: Record<string, string>;
  traces: PlottedTrace[];
  /** Subplot columns × rows: the number of `xaxis…` keys in the layout. */
  numXAxes: number;
}

/**
 * Reads the Plotly figure inside the element `panelSelector` names. A panel without a drawn
 * figure yet reads as no traces; a missing panel is an Error naming the selector.
 */
export async function readPlotted(page: Page, panelSelector: string): Promise<PlottedFigure> {
  const figure = await page.evaluate((selector) => {
    type RawTrace = { name?: string; type?: string; meta?: unknown; x?: ArrayLike<number>; y?: ArrayLike<number>; z?: ArrayLike<ArrayLike<number>> };
    const panel = document.querySelector<HTMLElement>(selector);
    if (!panel) return null;
    // The lab's figures keep their full data (the live layer's arrays included) as `liveData`.
    const plot = panel.querySelector('.js-plotly-plot') as unknown as { data?: RawTrace[]; liveData?: RawTrace[]; layout?: Record<string, unknown> } | null;
    return {
      dataset: { ...panel.dataset } as Record<string, string>,
      traces: (plot?.liveData ?? plot?.data ?? []).map((trace) => ({
        name: trace.name ?? '',
        type: trace.type ?? '',
        meta: String(trace.meta ?? ''),
        x: Array.from(trace.x ?? []),
        y: Array.from(trace.y ?? []),
        z: trace.z ? Array.from(trace.z, (row) => Array.from(row)) : null,
      })),
      numXAxes: Object.keys(plot?.layout ?? {}).filter((key) => /^xaxis\d*$/.test(key)).length,
    };
  }, panelSelector);
  if (!figure) throw new Error(`readPlotted: expected an element matching "${panelSelector}" in the page, found none`);
  return figure;
}

/** The (x, y) pairs of a trace, as rows. */
export function tracePoints(trace: PlottedTrace): number[][] {
  return trace.x.map((x, i) => [x, trace.y[i]!]);
}

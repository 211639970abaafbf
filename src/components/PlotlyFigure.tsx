import type { Config, PlotlyHTMLElement, PlotRelayoutEvent } from 'plotly.js';
import { useEffect, useRef } from 'react';
import type { Figure } from '../charts/figure';
import Plotly from './plotly-bundle';

interface PlotlyFigureProps {
  readonly figure: Figure;
  /** What the figure shows, for screen readers. */
  readonly label: string;
  readonly config?: Partial<Config>;
  /** Called with Plotly's relayout events (zoom, dragged shapes). */
  readonly onRelayout?: (event: PlotRelayoutEvent) => void;
  readonly className?: string;
}

/** The page's one Plotly wrapper: redraws with `Plotly.react` when `figure` changes, purges on unmount. */
export function PlotlyFigure({ figure, label, config, onRelayout, className }: PlotlyFigureProps) {
  const divRef = useRef<HTMLDivElement>(null);
  const relayoutRef = useRef(onRelayout);
  relayoutRef.current = onRelayout;
  const listening = useRef(false);

  useEffect(() => {
    const div = divRef.current;
    if (!div) return;
    let alive = true;
    void Plotly.react(div, figure.data, { autosize: true, ...figure.layout }, { responsive: true, displaylogo: false, ...config }).then(
      (plot: PlotlyHTMLElement) => {
        if (!alive || listening.current) return;
        listening.current = true;
        plot.on('plotly_relayout', (event: PlotRelayoutEvent) => relayoutRef.current?.(event));
      },
    );
    return () => {
      alive = false;
    };
  }, [figure, config]);

  useEffect(() => {
    const div = divRef.current;
    return () => {
      if (div) Plotly.purge(div);
      listening.current = false;
    };
  }, []);

  return <div ref={divRef} className={className ?? 'plotly-figure'} role="img" aria-label={label} />;
}

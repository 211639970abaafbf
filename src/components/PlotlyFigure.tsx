import Plotly from './plotly-bundle';
import { useEffect, useRef } from 'react';
import type { Figure } from '../charts/figure';

/** The page's one Plotly wrapper: redraws with `Plotly.react` when `figure` changes, purges on unmount. */
export function PlotlyFigure({ figure, label }: { figure: Figure; label: string }) {
  const divRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const div = divRef.current;
    if (!div) return;
    void Plotly.react(div, figure.data, { autosize: true, ...figure.layout }, { responsive: true, displaylogo: false });
  }, [figure]);

  useEffect(() => {
    const div = divRef.current;
    return () => {
      if (div) Plotly.purge(div);
    };
  }, []);

  return <div ref={divRef} className="plotly-figure" role="img" aria-label={label} />;
}

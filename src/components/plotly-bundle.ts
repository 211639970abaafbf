/**
 * The page's Plotly: the core plus only the trace types the lab draws (scatter, bar, histogram,
 * contour, heatmap, box), so the page ships far less than the full bundle. Not scattergl: its
 * regl compiles draw calls with `Function`, which the page's Content-Security-Policy forbids
 * (no eval); large point clouds go to the live canvas layer (src/charts/live-layer.ts) instead.
 */
// The per-trace modules ship no types; their shape is Plotly's own.
import Bar from 'plotly.js/lib/bar';
import Box from 'plotly.js/lib/box';
import Core from 'plotly.js/lib/core';
import Contour from 'plotly.js/lib/contour';
import Heatmap from 'plotly.js/lib/heatmap';
import Histogram from 'plotly.js/lib/histogram';

type PlotlyCore = typeof import('plotly.js') & { register(modules: unknown[]): void };

const Plotly = Core as unknown as PlotlyCore;
Plotly.register([Bar, Histogram, Contour, Heatmap, Box]);

export default Plotly;

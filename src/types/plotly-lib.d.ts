// plotly.js's per-trace modules (plotly.js/lib/*) ship no types; plotly-bundle.ts types the whole.
declare module 'plotly.js/lib/core';
declare module 'plotly.js/lib/contour';
declare module 'plotly.js/lib/heatmap';
declare module 'plotly.js/lib/histogram';
declare module 'plotly.js/lib/scattergl';
declare module 'plotly.js/lib/box';

import type { TaskMetadata, TraceInfo } from './task-metadata';

/** The 7 summary statistics of a voltage trace, in x's column order (DESIGN.md §2). */
export const STATISTIC_NAMES = [
  'spike count',
  'resting mean (mV)',
  'resting std (mV)',
  'stimulus mean (mV)',
  'stimulus variance (mV²)',
  'stimulus skewness',
  'stimulus kurtosis',
] as const;

/** The neuron's integration step and the traces' sampling interval (ms). */
export const TRACE_DT = 0.01;

/** What a simulated trace is, for axes. */
export const HODGKIN_HUXLEY_TRACES: TraceInfo = { dt: TRACE_DT, label: 'membrane voltage (mV)' };

/**
 * Hodgkin–Huxley (DESIGN.md §2): 8 parameters, x the 7 statistics of a simulated voltage trace;
 * no tractable likelihood. The model is `src/benchmarks/hodgkin-huxley.ts`.
 */
export const hodgkinHuxleyMetadata = {
  id: 'hodgkin_huxley',
  title: 'Hodgkin–Huxley neuron',
  summary: 'An 8-parameter spiking neuron seen through 7 statistics of its voltage trace; its likelihood is intractable.',
  thetaNames: ['ḡNa', 'ḡK', 'g_leak', 'ḡM', 'τ_max', '−V_T', 'σ_noise', '−E_leak'],
  xNames: [...STATISTIC_NAMES],
  thetaDim: 8,
  xDim: 7,
  thetaLow: Float64Array.of(0.5, 1e-4, 1e-4, 1e-4, 50, 40, 1e-4, 35),
  thetaHigh: Float64Array.of(80, 15, 0.6, 0.6, 3000, 90, 0.15, 100),
  betaDomain: [0.1, 2.0],
  hasLikelihood: false,
  constantXColumns: [],
  integerXColumns: [0],
  // Resting std, stimulus variance and kurtosis span orders of magnitude (quiet to bursting cells).
  logXColumns: [2, 4, 6],
  dataView: { kind: 'statistics' },
  traces: HODGKIN_HUXLEY_TRACES,
  misspecified: {
    name: 'electrode offset',
    description: 'with probability ε the recording is 10 mV too high, an uncompensated electrode offset',
    defaultEpsilon: 0.3,
    presetSeed: 1,
  },
  /**
   * The three named showcase cells (issue 10), θ in prior order. The regular spiker is the common
   * SBI tutorial's cell; the sparse spiker adds a strong, slow M current (adaptation: two spikes);
   * the quiet cell has almost no sodium conductance (no spike).
   */
  showcaseCells: [
    { id: 'regular', name: 'Regular spiker', theta: [50, 5, 0.1, 0.07, 600, 60, 0.1, 70] },
    { id: 'sparse', name: 'Sparse spiker', theta: [50, 5, 0.1, 0.3, 2500, 55, 0.1, 70] },
    { id: 'quiet', name: 'Quiet cell', theta: [2, 5, 0.1, 0.07, 600, 60, 0.1, 70] },
  ],
} satisfies TaskMetadata;

/**
 * Hodgkin–Huxley's three named showcase cells (issue 10): parameter sets in prior order
 * (ḡNa, ḡK, g_leak, ḡM, τ_max, −V_T, σ_noise, −E_leak). The regular spiker is the common SBI
 * tutorial's cell; the sparse spiker adds a strong, slow M current (adaptation: two spikes);
 * the quiet cell has almost no sodium conductance (no spike). `npm run cli -- observations`
 * simulates them with fixed seeds into the task's observation file.
 */
export const SHOWCASE_CELLS = [
  { id: 'regular', name: 'Regular spiker', theta: [50, 5, 0.1, 0.07, 600, 60, 0.1, 70] },
  { id: 'sparse', name: 'Sparse spiker', theta: [50, 5, 0.1, 0.3, 2500, 55, 0.1, 70] },
  { id: 'quiet', name: 'Quiet cell', theta: [2, 5, 0.1, 0.07, 600, 60, 0.1, 70] },
] as const;

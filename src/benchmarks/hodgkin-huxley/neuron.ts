import type { Rng } from '../../core/rng';
import { TRACE_DT } from '../metadata/hodgkin-huxley';

/**
 * The Hodgkin–Huxley neuron of DESIGN.md §2: one compartment with Pospischil et al. (2008)
 * kinetics (Na, K delayed rectifier, slow M-type K, leak), a step current and white current
 * noise, integrated by exponential Euler.
 */
export const NEURON = {
  /** Membrane capacitance C (µF/cm²). */
  capacitance: 1,
  /** Sodium reversal E_Na (mV). */
  eNa: 53,
  /** Potassium reversal E_K (mV), also the M current's. */
  eK: -107,
  /** Initial voltage V(0) (mV); the gates start at their steady states there. */
  v0: -70,
  /** Integration step (ms). */
  dt: TRACE_DT,
  /** Trace length (ms): the trace holds t = 0, dt, …, 120 ms. */
  duration: 120,
  /** The stimulus is on for t ∈ [10, 110) ms. */
  stimulusOn: 10,
  stimulusOff: 110,
  /** Stimulus current density (µA/cm²): 5·10⁻⁴ µA over A = π (70 µm)². */
  stimulusCurrent: 5e-4 / (Math.PI * (70e-4) ** 2),
} as const;

/** Number of integration steps (12 000) and trace samples (12 001). */
export const NUM_STEPS = Math.round(NEURON.duration / NEURON.dt);
export const TRACE_LENGTH = NUM_STEPS + 1;
/** First and one-past-last step index of the stimulus (t = k·dt ∈ [10, 110) ms). */
export const STIMULUS_START = Math.round(NEURON.stimulusOn / NEURON.dt);
export const STIMULUS_END = Math.round(NEURON.stimulusOff / NEURON.dt);

/** The 8 parameters in prior order: (ḡNa, ḡK, g_leak, ḡM, τ_max, −V_T, σ_noise, −E_leak). */
export interface NeuronParameters {
  readonly gNa: number;
  readonly gK: number;
  readonly gLeak: number;
  readonly gM: number;
  readonly tauMax: number;
  readonly vT: number;
  readonly noise: number;
  readonly eLeak: number;
}

/** θ (prior order, as the task stores it) → named parameters; V_T = −θ₆, E_leak = −θ₈. */
export function neuronParameters(theta: ArrayLike<number>, offset = 0): NeuronParameters {
  return {
    gNa: theta[offset] as number,
    gK: theta[offset + 1] as number,
    gLeak: theta[offset + 2] as number,
    gM: theta[offset + 3] as number,
    tauMax: theta[offset + 4] as number,
    vT: -(theta[offset + 5] as number),
    noise: theta[offset + 6] as number,
    eLeak: -(theta[offset + 7] as number),
  };
}

/** z / (eᶻ − 1), continuous at 0 (1 − z/2 for |z| < 1e−4). */
function efun(z: number): number {
  return Math.abs(z) < 1e-4 ? 1 - z / 2 : z / (Math.exp(z) - 1);
}

/** The gates' opening and closing rates at voltage v (1/ms), written into `rates` as (αm, βm, αh, βh, αn, βn). */
function gateRates(v: number, vT: number, rates: Float64Array): void {
  const u = v - vT;
  rates[0] = (0.32 * efun(-0.25 * (u - 13))) / 0.25;
  rates[1] = (0.28 * efun(0.2 * (u - 40))) / 0.2;
  rates[2] = 0.128 * Math.exp(-(u - 17) / 18);
  rates[3] = 4 / (1 + Math.exp(-0.2 * (u - 40)));
  rates[4] = (0.032 * efun(-0.2 * (u - 15))) / 0.2;
  rates[5] = 0.5 * Math.exp(-(u - 10) / 40);
}

/** p_∞(v) of the M current. */
function mSteadyState(v: number): number {
  return 1 / (1 + Math.exp(-0.1 * (v + 35)));
}

/** τ_p(v) of the M current (ms). */
function mTimeConstant(v: number, tauMax: number): number {
  const e = Math.exp(0.05 * (v + 35));
  return tauMax / (3.3 * e + 1 / e);
}

/**
 * Integrates one cell for 120 ms and writes its voltage trace (mV) into `trace`.
 * Exponential Euler (DESIGN.md §2): with g = m³ḡNa h + n⁴ḡK + g_leak + ḡM p and
 * V_∞ = (m³ḡNa h E_Na + n⁴ḡK E_K + g_leak E_leak + ḡM p E_K + I + σ ξ/√dt)/g,
 * V ← V_∞ + (V − V_∞) e^{−dt g/C}; then each gate relaxes to its y_∞(V) with rate α + β
 * (p with 1/τ_p). One standard normal ξ per step from `rng`, so a seeded rng gives the same trace.
 * @param trace [TRACE_LENGTH] output; trace[k] is V at t = k·dt
 */
export function integrateNeuron(params: NeuronParameters, rng: Rng, trace: Float64Array): void {
  const { gNa, gK, gLeak, gM, tauMax, vT, noise, eLeak } = params;
  const { dt, capacitance, eNa, eK, stimulusCurrent } = NEURON;
  const noiseScale = noise / Math.sqrt(dt);
  const rates = new Float64Array(6);
  let v: number = NEURON.v0;
  gateRates(v, vT, rates);
  let m = rates[0]! / (rates[0]! + rates[1]!);
  let h = rates[2]! / (rates[2]! + rates[3]!);
  let n = rates[4]! / (rates[4]! + rates[5]!);
  let p = mSteadyState(v);
  trace[0] = v;
  for (let k = 0; k < NUM_STEPS; k++) {
    const current = k >= STIMULUS_START && k < STIMULUS_END ? stimulusCurrent : 0;
    const gNaNow = m * m * m * gNa * h;
    const n2 = n * n;
    const gKNow = n2 * n2 * gK;
    const gMNow = gM * p;
    const g = gNaNow + gKNow + gLeak + gMNow;
    const vInf = (gNaNow * eNa + gKNow * eK + gLeak * eLeak + gMNow * eK + current + noiseScale * rng.normal()) / g;
    v = vInf + (v - vInf) * Math.exp((-dt * g) / capacitance);
    gateRates(v, vT, rates);
    const mRate = rates[0]! + rates[1]!;
    const hRate = rates[2]! + rates[3]!;
    const nRate = rates[4]! + rates[5]!;
    m = rates[0]! / mRate + (m - rates[0]! / mRate) * Math.exp(-dt * mRate);
    h = rates[2]! / hRate + (h - rates[2]! / hRate) * Math.exp(-dt * hRate);
    n = rates[4]! / nRate + (n - rates[4]! / nRate) * Math.exp(-dt * nRate);
    const pInf = mSteadyState(v);
    p = pInf + (p - pInf) * Math.exp(-dt / mTimeConstant(v, tauMax));
    trace[k + 1] = v;
  }
}

import { NEURON } from './neuron';

/** Upward crossings of this voltage mark spikes (mV). */
export const SPIKE_THRESHOLD = -10;
/** Peaks closer than this are one spike (ms). */
export const SPIKE_MERGE_MS = 0.5;

/**
 * Times (ms) of the spikes in a trace sampled every `dt` ms: each upward crossing of −10 mV
 * is one candidate, placed at the maximum of V before V falls below −10 mV again; a candidate
 * whose peak is less than 0.5 ms after the previous counted peak is merged into it. Only peaks
 * in the stimulus window [10, 110) ms are returned.
 * @param trace [T] voltages (mV)
 */
export function spikeTimes(trace: ArrayLike<number>, dt: number = NEURON.dt): number[] {
  const mergeSteps = SPIKE_MERGE_MS / dt;
  const start = Math.round(NEURON.stimulusOn / dt);
  const end = Math.round(NEURON.stimulusOff / dt);
  const peaks: number[] = [];
  let k = 1;
  while (k < trace.length) {
    if ((trace[k - 1] as number) < SPIKE_THRESHOLD && (trace[k] as number) >= SPIKE_THRESHOLD) {
      let peak = k;
      while (k < trace.length && (trace[k] as number) >= SPIKE_THRESHOLD) {
        if ((trace[k] as number) > (trace[peak] as number)) peak = k;
        k++;
      }
      const previous = peaks[peaks.length - 1];
      if (previous === undefined || peak - previous >= mergeSteps) peaks.push(peak);
    } else {
      k++;
    }
  }
  return peaks.filter((peak) => peak >= start && peak < end).map((peak) => peak * dt);
}

/**
 * The 7 summary statistics of a voltage trace sampled every `dt` ms from t = 0 (DESIGN.md §2):
 * spike count in the stimulus window; mean of V over t < 10 ms; standard deviation over
 * [9, 10) ms; mean, variance, skewness m₃/m₂^{3/2} and kurtosis m₄/m₂² (not excess) over
 * [10, 110) ms. Moments are population moments (divide by n). A flat window (m₂ = 0) has
 * skewness 0 and kurtosis 3 by convention, so no NaN arises.
 * @param trace [T] voltages (mV), T > 110/dt
 * @param out [7] receives the statistics (a new array when omitted)
 */
export function summaryStatistics(trace: ArrayLike<number>, dt: number = NEURON.dt, out: Float64Array = new Float64Array(7)): Float64Array {
  const restEnd = Math.round(NEURON.stimulusOn / dt);
  const restStdStart = Math.round((NEURON.stimulusOn - 1) / dt);
  const start = restEnd;
  const end = Math.round(NEURON.stimulusOff / dt);
  if (trace.length < end) throw new Error(`summaryStatistics trace: expected at least ${end} samples (${NEURON.stimulusOff} ms at dt = ${dt} ms), got ${trace.length}`);
  out[0] = spikeTimes(trace, dt).length;
  out[1] = mean(trace, 0, restEnd);
  out[2] = Math.sqrt(centralMoments(trace, restStdStart, restEnd)[1]);
  const [stimulusMean, m2, m3, m4] = centralMoments(trace, start, end);
  out[3] = stimulusMean;
  out[4] = m2;
  out[5] = m2 > 0 ? m3 / m2 ** 1.5 : 0;
  out[6] = m2 > 0 ? m4 / (m2 * m2) : 3;
  return out;
}

function mean(values: ArrayLike<number>, start: number, end: number): number {
  let sum = 0;
  for (let k = start; k < end; k++) sum += values[k] as number;
  return sum / (end - start);
}

/** The mean and the population central moments (m₂, m₃, m₄) of values[start, end). */
function centralMoments(values: ArrayLike<number>, start: number, end: number): [number, number, number, number] {
  const center = mean(values, start, end);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let k = start; k < end; k++) {
    const d = (values[k] as number) - center;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const count = end - start;
  return [center, m2 / count, m3 / count, m4 / count];
}

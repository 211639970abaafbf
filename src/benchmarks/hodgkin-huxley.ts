import { zerosMatrix, type Matrix } from '../core/matrix';
import type { Rng } from '../core/rng';
import { logBoxPrior } from './box-prior';
import { integrateNeuron, NEURON, neuronParameters, TRACE_LENGTH } from './hodgkin-huxley/neuron';
import { summaryStatistics } from './hodgkin-huxley/statistics';
import { HODGKIN_HUXLEY_TRACES, hodgkinHuxleyMetadata } from './metadata/hodgkin-huxley';
import type { MisspecifiedSimulator, TaskModel } from './task';
import { checkEpsilon, checkSimulateInput } from './task-checks';

/**
 * Voltage traces of the Hodgkin–Huxley cell, one row per θ (DESIGN.md §2).
 * @param theta [n, 8] inside the prior box @returns [n, 12 001] V in mV at t = 0, 0.01, …, 120 ms
 */
export function simulateTraces(theta: Matrix, rng: Rng): Matrix {
  checkSimulateInput(hodgkinHuxley, theta);
  const traces = zerosMatrix(theta.numRows, TRACE_LENGTH);
  for (let i = 0; i < theta.numRows; i++) {
    integrateNeuron(neuronParameters(theta.data, 8 * i), rng, traces.data.subarray(i * TRACE_LENGTH, (i + 1) * TRACE_LENGTH));
  }
  return traces;
}

/** The electrode offset of a contaminated recording (the misspecified variant), mV. */
const ELECTRODE_OFFSET_MV = 10;

/**
 * Hodgkin–Huxley's misspecified variant: with probability ε a recording carries an uncompensated
 * electrode offset — the whole trace 10 mV higher, as a liquid-junction potential left in by the
 * experimenter. The model's cells have no such offset, so it explains the raised resting
 * potential with a shifted E_leak and leak conductance: β = 1 under-covers. (The page's
 * "misspecified observation" preset is one such recording, with a larger offset on the resting
 * part only.) No tractable likelihood: the posterior is the networks' alone, defined for any x.
 */
export const hodgkinHuxleyMisspecified: MisspecifiedSimulator = {
  ...hodgkinHuxleyMetadata.misspecified,
  simulate(theta: Matrix, epsilon: number, rng: Rng): Matrix {
    checkSimulateInput(hodgkinHuxley, theta);
    checkEpsilon(epsilon);
    const x = zerosMatrix(theta.numRows, 7);
    const trace = new Float64Array(TRACE_LENGTH);
    for (let i = 0; i < theta.numRows; i++) {
      const offset = rng.uniform() < epsilon ? ELECTRODE_OFFSET_MV : 0;
      integrateNeuron(neuronParameters(theta.data, 8 * i), rng, trace);
      if (offset !== 0) for (let t = 0; t < TRACE_LENGTH; t++) trace[t] = trace[t]! + offset;
      summaryStatistics(trace, NEURON.dt, x.data.subarray(7 * i, 7 * i + 7));
    }
    return x;
  },
};

/**
 * Hodgkin–Huxley (DESIGN.md §2, the paper's §5.2): a single-compartment neuron with
 * Pospischil et al. (2008) kinetics under a 100 ms step current; θ = (ḡNa, ḡK, g_leak, ḡM,
 * τ_max, −V_T, σ_noise, −E_leak); x = 7 summary statistics of the 120 ms voltage trace, the
 * first an integer spike count (networks see it dequantised, and the resting std, variance and
 * kurtosis on a log scale). No tractable likelihood, so no
 * `logLikelihood` and no reference sampler; β domain [0.1, 2.0].
 */
export const hodgkinHuxley: TaskModel = {
  ...hodgkinHuxleyMetadata,
  misspecified: hodgkinHuxleyMisspecified,
  traces: {
    ...HODGKIN_HUXLEY_TRACES,
    simulate: simulateTraces,
    statistics: (trace, dt) => summaryStatistics(trace, dt),
  },

  simulate(theta: Matrix, rng: Rng): Matrix {
    checkSimulateInput(hodgkinHuxley, theta);
    const x = zerosMatrix(theta.numRows, 7);
    const trace = new Float64Array(TRACE_LENGTH);
    for (let i = 0; i < theta.numRows; i++) {
      integrateNeuron(neuronParameters(theta.data, 8 * i), rng, trace);
      summaryStatistics(trace, NEURON.dt, x.data.subarray(7 * i, 7 * i + 7));
    }
    return x;
  },

  logPrior(theta: Matrix): Float64Array {
    return logBoxPrior(hodgkinHuxley, theta);
  },
};

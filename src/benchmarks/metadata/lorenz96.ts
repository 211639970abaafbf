import { DEFAULT_BETA_DOMAIN, type TaskMetadata } from './task-metadata';

/** Fixed constants of the Lorenz-96 task (DESIGN.md §2). */
export const LORENZ96 = {
  /** Number of state variables K. */
  numStates: 8,
  /** Forcing F. */
  forcing: 10,
  /** Time step Δt. */
  dt: 3 / 40,
  /** Number of steps T; the observation holds x₀ … x_T. */
  numSteps: 20,
  /** The fixed initial state value (x₀ = 1·𝟙). */
  initialValue: 1,
} as const;

const K = LORENZ96.numStates;

/** Lorenz-96 (DESIGN.md §2): θ = (b₀, b₁, σₑ), x the 21 states of 8 variables; the model is `src/benchmarks/lorenz96.ts`. */
export const lorenz96Metadata = {
  id: 'lorenz96',
  title: 'Lorenz-96',
  summary: 'A chaotic 8-variable weather toy with a linear closure term and noisy RK4 steps.',
  thetaNames: ['b₀', 'b₁', 'σₑ'],
  xNames: Array.from({ length: (LORENZ96.numSteps + 1) * K }, (_, i) => `x[t=${Math.floor(i / K)}, k=${(i % K) + 1}]`),
  thetaDim: 3,
  xDim: (LORENZ96.numSteps + 1) * K,
  thetaLow: Float64Array.of(1.4, 0.1, 1.5),
  thetaHigh: Float64Array.of(2.2, 1.0, 2.5),
  betaDomain: DEFAULT_BETA_DOMAIN,
  hasLikelihood: true,
  constantXColumns: Array.from({ length: K }, (_, k) => k),
  integerXColumns: [],
  dataView: { kind: 'series', numSteps: LORENZ96.numSteps + 1, numSeries: K, dt: LORENZ96.dt },
  // A Markov chain: the networks pool a shared network over the 20 transitions (x_t, x_t+1).
  dataStructure: { kind: 'trajectory', numStates: LORENZ96.numSteps + 1, stateDim: K },
  misspecified: {
    name: 'gusts',
    description: 'each step is, with probability ε, a gust whose noise is three times wider',
    defaultEpsilon: 0.15,
    presetSeed: 1,
  },
} satisfies TaskMetadata;

import { DEFAULT_BETA_DOMAIN, type TaskMetadata } from './task-metadata';

/** The number of i.i.d. 2-D draws in one SLCP data set. */
export const SLCP_NUM_DRAWS = 4;

/** SLCP (DESIGN.md §2): θ ∈ [−3, 3]⁵, x ∈ ℝ⁸, four draws of a 2-D Gaussian; the model is `src/benchmarks/slcp.ts`. */
export const slcpMetadata = {
  id: 'slcp',
  title: 'SLCP',
  summary: 'Simple likelihood, complex posterior: four Gaussian draws whose posterior has four modes.',
  thetaNames: ['θ₁', 'θ₂', 'θ₃', 'θ₄', 'θ₅'],
  xNames: ['x₁a', 'x₁b', 'x₂a', 'x₂b', 'x₃a', 'x₃b', 'x₄a', 'x₄b'],
  thetaDim: 5,
  xDim: 2 * SLCP_NUM_DRAWS,
  thetaLow: Float64Array.of(-3, -3, -3, -3, -3),
  thetaHigh: Float64Array.of(3, 3, 3, 3, 3),
  betaDomain: DEFAULT_BETA_DOMAIN,
  hasLikelihood: true,
  constantXColumns: [],
  integerXColumns: [],
  dataView: { kind: 'points', numPoints: SLCP_NUM_DRAWS },
  // Four i.i.d. 2-D draws: the networks pool a shared per-draw network (and B-NLE learns one 2-D density).
  dataStructure: { kind: 'exchangeable', numDraws: SLCP_NUM_DRAWS, drawDim: 2 },
  misspecified: {
    name: 'outlying draws',
    description: 'each of the four draws is, with probability ε, an outlier whose noise is three times wider',
    defaultEpsilon: 0.25,
    presetSeed: 1,
  },
} satisfies TaskMetadata;

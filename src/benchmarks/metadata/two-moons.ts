import { DEFAULT_BETA_DOMAIN, type TaskMetadata } from './task-metadata';

/** Two Moons (DESIGN.md §2): θ ∈ [−1, 1]², x ∈ ℝ²; the model is `src/benchmarks/two-moons.ts`. */
export const twoMoonsMetadata = {
  id: 'two_moons',
  title: 'Two Moons',
  summary: 'A 2-D simulator whose posterior is two mirrored crescents.',
  thetaNames: ['θ₁', 'θ₂'],
  xNames: ['x₁', 'x₂'],
  thetaDim: 2,
  xDim: 2,
  thetaLow: Float64Array.of(-1, -1),
  thetaHigh: Float64Array.of(1, 1),
  betaDomain: DEFAULT_BETA_DOMAIN,
  hasLikelihood: true,
  constantXColumns: [],
  integerXColumns: [],
  dataView: { kind: 'points', numPoints: 1 },
  misspecified: {
    name: 'radial noise ×3',
    description: 'with probability ε the radius noise is 0.03 instead of 0.01: the crescent the data come from is thicker than the model believes',
    defaultEpsilon: 0.5,
    presetSeed: 2,
  },
} satisfies TaskMetadata;

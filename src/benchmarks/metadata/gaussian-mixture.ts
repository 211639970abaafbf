import { DEFAULT_BETA_DOMAIN, type TaskMetadata } from './task-metadata';

/**
 * Gaussian Mixture (DESIGN.md §2) on the box [−B, B]²: B = 1 is the paper's default
 * (`gaussian_mixture`), B = 10 the common benchmark suite's (`gaussian_mixture_wide`); the model
 * is `src/benchmarks/gaussian-mixture.ts`.
 */
function gaussianMixtureMetadataFor(id: 'gaussian_mixture' | 'gaussian_mixture_wide', halfWidth: number) {
  return {
    id,
    title: `Gaussian Mixture (box ±${halfWidth})`,
    summary: 'x is θ plus noise from a wide or a narrow Gaussian, chosen by a coin flip.',
    thetaNames: ['θ₁', 'θ₂'],
    xNames: ['x₁', 'x₂'],
    thetaDim: 2,
    xDim: 2,
    thetaLow: Float64Array.of(-halfWidth, -halfWidth),
    thetaHigh: Float64Array.of(halfWidth, halfWidth),
    betaDomain: DEFAULT_BETA_DOMAIN,
    hasLikelihood: true,
    constantXColumns: [],
    integerXColumns: [],
    dataView: { kind: 'points', numPoints: 1 },
    misspecified: {
      name: 'gross errors',
      description: "with probability ε x is drawn from N(θ, 9 I), a gross error three times wider than the model's wide component",
      defaultEpsilon: 0.3,
      presetSeed: 7,
    },
  } satisfies TaskMetadata;
}

export const gaussianMixtureMetadata = gaussianMixtureMetadataFor('gaussian_mixture', 1);
export const gaussianMixtureWideMetadata = gaussianMixtureMetadataFor('gaussian_mixture_wide', 10);

import { Rng } from '../core/rng';
import type { ConditionalDensity } from '../nn/conditional-density';
import type { EstimatorConfig } from '../nn/estimator';
import { type Columns, fit, type FitResult, splitColumns } from '../nn/fit';
import { noiseLadder, ScoreNetwork } from '../nn/score-network';
import { type Scalar, type Tensor2D, tf } from '../nn/tf';
import { type ContextEncoding, fitContextEncoding } from '../nn/transforms';
import { estimateNoiseScale, type NoiseScaleEstimate } from './noise-scale';
import { type LangevinSchedule, type PriorGeometry, runTemperedLangevin } from './langevin';
import { createPosterior } from './posterior';
import { fitHooks, type RouteHooks, simulateBaseSet, type TrainingProblem } from './route';

/** Route A settings; defaults are in ROUTE_A_DEFAULTS. */
export interface RouteAOptions extends RouteHooks {
  readonly numSimulations: number;
  readonly seed: number;
  readonly posterior: EstimatorConfig;
  readonly embeddingDim: number;
  /**
   * Phase I: the noise ladder σ_t = √γ_t (γ geometric over [γ_min, γ_max], T levels) and the DSM fit;
   * γ_min 'from-data' is σ_min² with σ_min estimated from the base pairs (estimateNoiseScale).
   */
  readonly noise: { readonly levels: number; readonly gammaMin: number | 'from-data'; readonly gammaMax: number };
  /** The score network's width and residual blocks per tower (DESIGN.md: 128 and 3). */
  readonly scoreWidth: number;
  readonly scoreBlocks: number;
  readonly scoreEpochs: number;
  readonly scoreLearningRate: number;
  /** Phase II: triples synthesised (β log-uniform on the domain per triple, or cycled over `betas`). */
  readonly numTriples: number;
  readonly betas: 'log-uniform' | readonly number[];
  /** σ* at which the score drives Langevin; null: the ladder's smallest σ. */
  readonly sigmaStar: number | null;
  /** K and the annealed step sizes, as multiples of σ*² (η_k = σ*²·c_k, c geometric from first to last). */
  readonly steps: number;
  readonly firstStepRelative: number;
  readonly lastStepRelative: number;
  /** Phase III: the NPE fit. */
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
}

/**
 * Defaults. Phase I: the DESIGN.md network (width 128, 3 blocks), 60 epochs at most, T = 10
 * levels from σ_min to 1 with σ_min from the data (estimateNoiseScale: ≈ 0.023 on Two Moons, 0.1 —
 * DESIGN.md's default γ_min = 0.01 — where it cannot be estimated or is wider). Phase II:
 * σ* = σ_min (z-scored units), K = 200 steps with η annealed geometrically from 0.5·σ*² to
 * 0.05·σ*² — the chains travel about 9·σ* in all (0.9 z-units at σ* = 0.1: enough for the
 * tempered joints of 𝒢 around the base joint; at a σ* from the data, see noise-scale.ts), the last ones are small so the final states carry little
 * discretisation bias (on the Gaussian mixture at β = 1, steps from 1·σ*² gave C2ST 0.60
 * against fresh simulations where 0.5·σ*² gave 0.57). 10 000 triples, β log-uniform on the
 * domain, chains started from resampled base pairs: no simulator calls beyond the N of Route B.
 */
export const ROUTE_A_DEFAULTS = {
  numSimulations: 10_000,
  posterior: { kind: 'spline-flow', numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 64, numBlocks: 2 } as EstimatorConfig,
  embeddingDim: 16,
  noise: { levels: 10, gammaMin: 'from-data', gammaMax: 1 } as RouteAOptions['noise'],
  scoreWidth: 128,
  scoreBlocks: 3,
  scoreEpochs: 60,
  scoreLearningRate: 1e-3,
  numTriples: 10_000,
  betas: 'log-uniform' as RouteAOptions['betas'],
  sigmaStar: null,
  steps: 200,
  firstStepRelative: 0.5,
  lastStepRelative: 0.05,
  maxEpochs: 200,
  learningRate: 1e-3,
  batchSize: 256,
} as const;

export interface RouteAResult {
  readonly posterior: ConditionalDensity;
  /** The Phase III fit (the posterior's). */
  readonly fit: FitResult;
  readonly scoreFit: FitResult;
  /** The ladder Phase I used, with γ_min resolved, and the estimate behind it when it came from the data. */
  readonly noise: ResolvedNoise;
  readonly synthesis: { readonly numTriples: number; readonly numDropped: number; readonly sigmaStar: number; readonly schedule: LangevinSchedule };
  readonly seconds: { simulate: number; score: number; synthesis: number; posterior: number };
}

/** The noise ladder's settings as used: γ_min a number, and the data's estimate when it chose it. */
export interface ResolvedNoise {
  readonly levels: number;
  readonly gammaMin: number;
  readonly gammaMax: number;
  readonly estimate: NoiseScaleEstimate | null;
}

/** Column means and (n − 1) standard deviations of θ, never 0. */
function thetaStandardization(theta: Float64Array, d: number): { mean: number[]; std: number[] } {
  const encoding: ContextEncoding = fitContextEncoding(theta, d);
  if (encoding.keepColumns.length !== d) throw new Error(`route a: expected every θ column to vary in the base set, got ${d - encoding.keepColumns.length} constant`);
  return { mean: [...encoding.mean], std: [...encoding.std] };
}

/**
 * The joint in the score network's coordinates: θ z-scored, x z-scored on its informative
 * columns (constant ones, e.g. Lorenz-96's x₀, dropped and restored on the way back).
 */
export class JointCoordinates {
  readonly theta: { mean: number[]; std: number[] };
  readonly x: ContextEncoding;
  private readonly constantValues: Float64Array;

  constructor(
    private readonly problem: TrainingProblem,
    thetaRaw: Float64Array,
    xRaw: Float64Array,
  ) {
    this.theta = thetaStandardization(thetaRaw, problem.thetaDim);
    this.x = fitContextEncoding(xRaw, problem.xDim, problem.constantXColumns);
    this.constantValues = xRaw.slice(0, problem.xDim);
  }

  get dim(): number {
    return this.problem.thetaDim + this.x.keepColumns.length;
  }

  /** @param rows indices into the raw arrays @returns [rows, dim] */
  encode(thetaRaw: Float64Array, xRaw: Float64Array, rows: ArrayLike<number>): Float32Array {
    const { thetaDim, xDim } = this.problem;
    const out = new Float32Array(rows.length * this.dim);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number;
      const at = i * this.dim;
      for (let j = 0; j < thetaDim; j++) out[at + j] = (thetaRaw[row * thetaDim + j]! - this.theta.mean[j]!) / this.theta.std[j]!;
      this.x.keepColumns.forEach((column, k) => (out[at + thetaDim + k] = (xRaw[row * xDim + column]! - this.x.mean[k]!) / this.x.std[k]!));
    }
    return out;
  }

  /** @param states [m, dim] @returns raw θ [m, thetaDim] and x [m, xDim] */
  decode(states: Float32Array): { theta: Float64Array; x: Float64Array } {
    const { thetaDim, xDim } = this.problem;
    const m = states.length / this.dim;
    const theta = new Float64Array(m * thetaDim);
    const x = new Float64Array(m * xDim);
    for (let i = 0; i < m; i++) {
      const at = i * this.dim;
      for (let j = 0; j < thetaDim; j++) theta[i * thetaDim + j] = this.theta.mean[j]! + this.theta.std[j]! * states[at + j]!;
      x.set(this.constantValues, i * xDim);
      this.x.keepColumns.forEach((column, k) => (x[i * xDim + column] = this.x.mean[k]! + this.x.std[k]! * states[at + thetaDim + k]!));
    }
    return { theta, x };
  }

  /** The prior in z-scored θ: the box mapped affinely, or a Gaussian prior's score. */
  prior(): PriorGeometry {
    const { thetaOutput, gaussianPrior } = this.problem;
    const { mean, std } = this.theta;
    if (thetaOutput.kind === 'box') {
      return { kind: 'box', low: thetaOutput.low.map((a, j) => (a - mean[j]!) / std[j]!), high: thetaOutput.high.map((b, j) => (b - mean[j]!) / std[j]!) };
    }
    if (!gaussianPrior) throw new Error(`route a: expected ${this.problem.id} to have a box prior or a Gaussian prior, got neither`);
    // θ = m + sθ̃ ⇒ ∇_θ̃ log N(θ; μ, τ²) = −s(m + sθ̃ − μ)/τ².
    const shift = mean.map((m, j) => m - gaussianPrior.mean[j]!);
    const scale = std.map((s, j) => s / gaussianPrior.std[j]! ** 2);
    return { kind: 'smooth', score: (thetaZ) => tf.tidy(() => tf.neg(tf.mul(tf.add(tf.mul(thetaZ, std), shift), scale)) as Tensor2D) };
  }
}

/** Fit and progress settings shared by the phases. */
type PhaseOptions = Pick<RouteAOptions, 'batchSize' | 'onProgress' | 'shouldStop' | 'betweenEpochs'>;


/**
 * Phase I: the joint score s_ψ(θ, x, σ) by denoising score matching on the z-scored base pairs
 * (paper Alg. 2 ll. 1–5), a fresh σ from the ladder and ε ~ N(0, I) for every example every
 * epoch. The caller owns (and disposes) the returned network.
 */
export async function fitJointScore(
  problem: TrainingProblem,
  theta: Float64Array,
  x: Float64Array,
  options: PhaseOptions & Pick<RouteAOptions, 'noise' | 'scoreWidth' | 'scoreBlocks' | 'scoreEpochs' | 'scoreLearningRate' | 'seed'>,
  rng: Rng,
): Promise<{ network: ScoreNetwork; coordinates: JointCoordinates; ladder: number[]; noise: ResolvedNoise; fit: FitResult }> {
  const coordinates = new JointCoordinates(problem, theta, x);
  const dim = coordinates.dim;
  const n = theta.length / problem.thetaDim;
  const clean = coordinates.encode(theta, x, Uint32Array.from({ length: n }, (_, i) => i));
  // Its own stream, so the rest of the run draws the same numbers whatever γ_min is.
  const estimate = options.noise.gammaMin === 'from-data' ? estimateNoiseScale(clean, dim, Rng.fromSeed(options.seed, 97)) : null;
  const noise: ResolvedNoise = { ...options.noise, gammaMin: estimate ? estimate.sigmaMin ** 2 : (options.noise.gammaMin as number), estimate };
  const ladder = noiseLadder(noise.levels, noise.gammaMin, noise.gammaMax);
  const network = new ScoreNetwork({ thetaDim: problem.thetaDim, xDim: dim - problem.thetaDim, width: options.scoreWidth, numBlocks: options.scoreBlocks }, rng.split());
  try {
    const { train, validation } = splitColumns({ y: { values: clean, width: dim } }, 0.1, rng);
    const withNoise = (part: Columns, draw: Rng): Columns => {
      const m = part.y!.values.length / dim;
      const noise = Float32Array.from({ length: m * dim }, () => draw.normal());
      const logSigma = Float32Array.from({ length: m }, () => Math.log(ladder[draw.integerBelow(ladder.length)]!));
      return { y: part.y!, noise: { values: noise, width: dim }, logSigma: { values: logSigma, width: 1 } };
    };
    const noiseRng = rng.split();
    const result = await fit({
      variables: network.variables,
      trainColumns: () => withNoise(train, noiseRng),
      validationColumns: withNoise(validation, Rng.fromSeed(options.seed, 98)),
      loss: (b: Record<string, Tensor2D>) => network.loss(b.y!, b.noise!, b.logSigma!),
      rng,
      maxEpochs: options.scoreEpochs,
      learningRate: options.scoreLearningRate,
      batchSize: options.batchSize,
      ...fitHooks(options, 'score-network', 'joint score s_ψ(θ, x, σ)'),
    });
    return { network, coordinates, ladder, noise, fit: result };
  } catch (error) {
    network.dispose();
    throw error;
  }
}

/**
 * Phase II: short-run Langevin on the tempered joint π(θ)p(x|θ)^β (paper Alg. 2 ll. 6–14) with
 * drift β s_ψ(·, σ*) − (β − 1)(∇ log π, 0), θ reflected into the box, from base pairs resampled
 * with replacement (no new simulator calls). Returns raw (θ_K, x_K) and β per kept triple.
 */
export async function synthesizeTriples(
  problem: TrainingProblem,
  theta: Float64Array,
  x: Float64Array,
  score: { network: ScoreNetwork; coordinates: JointCoordinates; ladder: number[] },
  options: PhaseOptions & Pick<RouteAOptions, 'numTriples' | 'betas' | 'sigmaStar' | 'steps' | 'firstStepRelative' | 'lastStepRelative'>,
  rng: Rng,
): Promise<{ theta: Float64Array; x: Float64Array; betas: Float32Array; numDropped: number; sigmaStar: number; schedule: LangevinSchedule }> {
  const { network, coordinates, ladder } = score;
  const n = theta.length / problem.thetaDim;
  const m = options.numTriples;
  const startRows = Uint32Array.from({ length: m }, () => rng.integerBelow(n));
  const [low, high] = problem.betaDomain;
  const grid = options.betas;
  const betas = Float32Array.from({ length: m }, (_, i) => (grid === 'log-uniform' ? low * (high / low) ** rng.uniform() : grid[i % grid.length]!));
  const sigmaStar = options.sigmaStar ?? ladder[0]!;
  const schedule: LangevinSchedule = { steps: options.steps, firstStep: options.firstStepRelative * sigmaStar ** 2, lastStep: options.lastStepRelative * sigmaStar ** 2 };
  const started = performance.now() / 1000;
  const synthesized = await runTemperedLangevin(
    { thetaDim: problem.thetaDim, score: (y) => network.score(y, sigmaStar), prior: coordinates.prior() },
    coordinates.encode(theta, x, startRows),
    betas,
    schedule,
    rng.split(),
    async (k) => {
      if ((k + 1) % 10 === 0 || k + 1 === schedule.steps) {
        const eta = ((performance.now() / 1000 - started) / (k + 1)) * (schedule.steps - k - 1);
        options.onProgress?.({ phase: 'synthesis', step: `Langevin step ${k + 1}/${schedule.steps}`, epoch: null, trainLoss: null, validationLoss: null, etaSeconds: eta });
        await options.betweenEpochs?.();
      }
      return !options.shouldStop?.();
    },
  );
  if (synthesized.states.length === 0) throw new Error(`route a: expected synthesised triples, got none (all ${synthesized.numDropped} chains became non-finite)`);
  return { ...coordinates.decode(synthesized.states), betas: synthesized.betas, numDropped: synthesized.numDropped, sigmaStar, schedule };
}

/**
 * Route A (the paper's Algorithm 2, DESIGN.md §4): score-assisted tempered synthesis + NPE.
 * Phase I learns the joint score (fitJointScore), Phase II synthesises tempered triples
 * (synthesizeTriples), Phase III fits q(θ | x, β) by maximum likelihood on (θ_K, x_K, β).
 * Chains that go non-finite are dropped and counted.
 */
export async function trainRouteA(problem: TrainingProblem, options: RouteAOptions): Promise<RouteAResult> {
  const rng = Rng.fromSeed(options.seed);
  const clock = () => performance.now() / 1000;
  let mark = clock();
  const { theta, x } = simulateBaseSet(problem, options.numSimulations, rng.split(), options);
  const seconds = { simulate: clock() - mark, score: 0, synthesis: 0, posterior: 0 };
  mark = clock();

  const score = await fitJointScore(problem, theta, x, options, rng.split());
  let triples;
  try {
    seconds.score = clock() - mark;
    mark = clock();
    triples = await synthesizeTriples(problem, theta, x, score, options, rng.split());
    seconds.synthesis = clock() - mark;
    mark = clock();
  } finally {
    score.network.dispose();
  }

  const posterior = createPosterior(problem, x, options.posterior, options.embeddingDim, rng.split());
  const encoded = posterior.encode(triples.theta, triples.x, triples.betas);
  const parts = splitColumns(
    {
      z: { values: encoded.z, width: problem.thetaDim },
      context: { values: encoded.context, width: posterior.spec.context.keepColumns.length },
      logBeta: { values: encoded.logBeta!, width: 1 },
    },
    0.1,
    rng,
  );
  const result = await fit({
    variables: posterior.variables,
    trainColumns: () => parts.train,
    validationColumns: parts.validation,
    loss: (b: Record<string, Tensor2D>) => tf.neg(tf.mean(posterior.logProbEncoded(b.z!, b.context!, b.logBeta!))) as Scalar,
    rng,
    maxEpochs: options.maxEpochs,
    learningRate: options.learningRate,
    batchSize: options.batchSize,
    ...fitHooks(options, 'posterior', 'posterior q(θ | x, β)'),
  });
  seconds.posterior = clock() - mark;
  return {
    posterior,
    fit: result,
    scoreFit: score.fit,
    noise: score.noise,
    synthesis: { numTriples: triples.betas.length, numDropped: triples.numDropped, sigmaStar: triples.sigmaStar, schedule: triples.schedule },
    seconds,
  };
}

import { EVALUATION_BETAS, evaluationBetasIn } from '../core/evaluation-grid';
import { Rng } from '../core/rng';
import { ConditionalDensity } from '../nn/conditional-density';
import type { EstimatorConfig } from '../nn/estimator';
import { type Columns, fit, type FitOptions, type FitResult, splitColumns } from '../nn/fit';
import { jointAndShuffledPairs, RatioClassifier } from '../nn/ratio-classifier';
import { type Scalar, type Tensor2D, tf } from '../nn/tf';
import { fitContextEncoding } from '../nn/transforms';
import type { NeuralLikelihood } from '../nn/neural-likelihood';
import { fitNeuralLikelihood } from './neural-likelihood';
import { createPosterior, dataEncoding } from './posterior';
import { exactScores } from './oracle-scores';
import { fitHooks, type RouteHooks, simulateBaseSet, type TrainingProblem } from './route';
import { essAt, exampleWeights, SnisWeights } from './snis';

/** Route B settings; defaults are in ROUTE_B_DEFAULTS. */
export interface RouteBOptions extends RouteHooks {
  /** Where the importance scores come from ('none' trains the plain NPE yardstick at β = 1). */
  readonly scores: 'oracle' | 'oracle-nre' | 'nle' | 'nre' | 'none';
  readonly numSimulations: number;
  readonly seed: number;
  readonly posterior: EstimatorConfig;
  /** The NLE's density estimator (default: an MDN up to 8 data columns, an affine coupling flow beyond). */
  readonly likelihood?: EstimatorConfig;
  /** The score networks (NLE density / NRE classifier) width and depth. */
  readonly scoreHiddenWidth: number;
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Embed x with a learned MLP to this width when x has more than 20 informative columns. */
  readonly embeddingDim: number;
  /** How each example's β is drawn every epoch: log-uniform on the domain (default) or uniform over 𝒢 ∩ domain. */
  readonly betaDraws?: BetaDraws;
  /** How the epoch is chosen: on each validation example's drawn β (default) or on the trusted β of 𝒢. */
  readonly validation?: ValidationCriterion;
}

/**
 * How Route B's early stopping scores an epoch (the best epoch's weights are kept):
 * - 'drawn-beta': the weighted loss with each validation example at a β drawn as in training
 *   (the models shipped before issue 19 were chosen so). Where ESS(β)/N is tiny (SLCP: 3·10⁻⁴
 *   at β = 0.1) a handful of examples decide it, and a broad, barely trained q can score best:
 *   SLCP's seed-31 B-NLE stopped at epoch 4 of 24 with draws almost as wide as the prior.
 * - 'trusted-grid': the SNIS-weighted loss of the whole validation part at every β of 𝒢 whose
 *   validation ESS is at least MIN_VALIDATION_ESS, averaged over those β (β = 1, where the
 *   weights are equal, is always among them) — a criterion whose noise is that of ≥ 100 examples.
 *   It says nothing of small β: SLCP's B-NRE trained with it (and the draws' moments) ran 138
 *   epochs, best 118 (the drawn-β one of 1dd0a02: 62, best 42), and came out sharper near β = 1 (C2ST at observation 1,
 *   β = 1: .87 against .96) but worse at β = 0.1 (.95 against .86), where about one example
 *   carries the weight and long training fits q to it.
 */
export type ValidationCriterion = 'drawn-beta' | 'trusted-grid';
/** Every validation criterion, for flags and their usage text. */
export const VALIDATION_CRITERIA: readonly ValidationCriterion[] = ['drawn-beta', 'trusted-grid'];
/** The least validation ESS(β) at which 'trusted-grid' scores an epoch at β. */
export const MIN_VALIDATION_ESS = 100;

/** How Route B draws βᵢ (DESIGN.md §4): log-uniformly on the β domain, or from the evaluation grid 𝒢. */
export type BetaDraws = 'log-uniform' | 'grid';
/** Every way of drawing β, for flags and their usage text. */
export const BETA_DRAWS: readonly BetaDraws[] = ['log-uniform', 'grid'];

/**
 * A β sampler for Route B's training examples. 'log-uniform': β = low·(high/low)^U; 'grid': one
 * of the β of 𝒢 inside the domain, each equally likely (an Error when none is inside).
 */
export function betaSampler(domain: readonly [number, number], draws: BetaDraws, rng: Rng): () => number {
  const [low, high] = domain;
  if (draws === 'log-uniform') return () => low * (high / low) ** rng.uniform();
  const grid = evaluationBetasIn(domain);
  if (grid.length === 0) throw new Error(`Route B β draws: expected some β of 𝒢 (${EVALUATION_BETAS.join(', ')}) inside the domain [${low}, ${high}], got none`);
  return () => grid[rng.integerBelow(grid.length)]!;
}

export const ROUTE_B_DEFAULTS = {
  numSimulations: 10_000,
  /** A rational-quadratic spline flow: on Two Moons and the Gaussian mixture it beat the affine coupling flow and the MDN (results/). */
  posterior: { kind: 'spline-flow', numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 64, numBlocks: 2 } as EstimatorConfig,
  scoreHiddenWidth: 64,
  maxEpochs: 200,
  learningRate: 1e-3,
  batchSize: 256,
  embeddingDim: 16,
} as const;

export interface RouteBResult {
  readonly posterior: ConditionalDensity;
  /** Scores of the training and validation parts, with their own normalisers. */
  readonly trainWeights: SnisWeights | null;
  readonly validationWeights: SnisWeights | null;
  readonly essCurve: { betas: number[]; essFraction: number[] } | null;
  /** ESS(β)/N exactly at 𝒢 ∩ domain (the curve can be too steep near β = 1 to interpolate). */
  readonly essAtEvaluationBetas: { betas: number[]; essFraction: number[] } | null;
  readonly fit: FitResult;
  /** The β at which the epoch was scored ('trusted-grid'), or null (each example's drawn β, or β = 1 for NPE). */
  readonly validationBetas: number[] | null;
  readonly seconds: { simulate: number; scores: number; posterior: number };
  /**
   * The two cross-fitted score networks (fold 1 fitted on half A, fold 2 on half B), kept for
   * refinement (DESIGN.md §4): the caller owns and disposes them. Empty for oracle scores and NPE.
   */
  readonly scoreNetworks: readonly ScoreNetwork[];
}

/** A learned score: B-NLE's neural likelihood (s = log q(x | θ)) or B-NRE's classifier (s = logit d(θ, x)). */
export type ScoreNetwork = NeuralLikelihood | RatioClassifier;

/** s(θᵢ, xᵢ) per row from either kind of score network. @param theta [n, thetaDim] @param x [n, xDim] @returns [n] */
export function logScores(network: ScoreNetwork, theta: Float64Array, x: Float64Array): Promise<Float64Array> {
  return network instanceof RatioClassifier ? network.logRatio(theta, x) : network.logProb(theta, x);
}

/** Rows `rows` of a row-major [n, width] array. */
function pickRows(values: Float64Array, width: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(values.subarray((rows[i] as number) * width, ((rows[i] as number) + 1) * width), i * width);
  return out;
}

/**
 * The two folds of 2-fold cross-fitting: a seeded shuffle of 0…n−1 cut in halves A and B,
 * returned as [fit on A, score B] and [fit on B, score A] — every row is scored exactly once,
 * by the network fitted on the other half.
 */
export function crossFitFolds(n: number, rng: Rng): [fitRows: Uint32Array, scoreRows: Uint32Array][] {
  const order = rng.permutation(n);
  const first = order.subarray(0, Math.floor(n / 2));
  const second = order.subarray(Math.floor(n / 2));
  return [
    [first, second],
    [second, first],
  ];
}

/**
 * Cross-fitted scores (DESIGN.md §4): the base set is cut in two halves; a score network
 * trained on one half scores the other, so no pair is scored by a network that saw it.
 * NLE: sᵢ = log q(xᵢ | θᵢ); NRE: sᵢ = logit d(θᵢ, xᵢ). The oracles need no fitting: the exact
 * log p(xᵢ | θᵢ) (NLE form) or the exact log p(xᵢ | θᵢ) − log p(xᵢ) (NRE form).
 */
async function computeScores(problem: TrainingProblem, theta: Float64Array, x: Float64Array, options: RouteBOptions, rng: Rng): Promise<{ scores: Float64Array; networks: ScoreNetwork[] }> {
  const n = theta.length / problem.thetaDim;
  if (options.scores === 'oracle' || options.scores === 'oracle-nre') return { scores: exactScores(problem, theta, x, options.scores), networks: [] };
  const scores = new Float64Array(n);
  const networks: ScoreNetwork[] = [];
  for (const [f, [fitRows, scoreRows]] of crossFitFolds(n, rng).entries()) {
    const step = `${options.scores === 'nle' ? 'likelihood' : 'classifier'} fold ${f + 1}/2`;
    const fitTheta = pickRows(theta, problem.thetaDim, fitRows);
    const fitX = pickRows(x, problem.xDim, fitRows);
    const scoreTheta = pickRows(theta, problem.thetaDim, scoreRows);
    const scoreX = pickRows(x, problem.xDim, scoreRows);
    const fitScoreNetwork = (variables: FitOptions['variables'], train: Columns, validation: Columns, loss: FitOptions['loss']) =>
      fit({
        variables,
        trainColumns: () => train,
        validationColumns: validation,
        loss,
        rng,
        maxEpochs: options.maxEpochs,
        learningRate: options.learningRate,
        batchSize: options.batchSize,
        ...fitHooks(options, 'scores', step),
      });
    let network: ScoreNetwork;
    if (options.scores === 'nle') {
      const settings = { hiddenWidth: options.scoreHiddenWidth, maxEpochs: options.maxEpochs, learningRate: options.learningRate, batchSize: options.batchSize, hooks: fitHooks(options, 'scores', step), ...(options.likelihood ? { estimator: options.likelihood } : {}) };
      network = await fitNeuralLikelihood(problem, fitTheta, fitX, settings, rng);
    } else {
      // A declared structure's embedding of x; otherwise z-scored x straight into the MLP, as before.
      const { context, embedding } = problem.dataStructure ? dataEncoding(problem, fitX, options.embeddingDim) : { context: fitContextEncoding(fitX, problem.xDim, problem.constantXColumns), embedding: null };
      const classifier = new RatioClassifier(
        { thetaDim: problem.thetaDim, xDim: problem.xDim, theta: fitContextEncoding(fitTheta, problem.thetaDim), x: context, hiddenWidth: options.scoreHiddenWidth, numBlocks: 2, ...(embedding ? { embedding } : {}) },
        rng.split(),
      );
      const { train, validation } = splitColumns(jointAndShuffledPairs(classifier, fitTheta, fitX, rng), 0.1, rng);
      await fitScoreNetwork(classifier.variables, train, validation, (b) => classifier.loss(b));
      network = classifier;
    }
    networks.push(network);
    const values = await logScores(network, scoreTheta, scoreX);
    scoreRows.forEach((row, i) => (scores[row] = values[i]!));
  }
  return { scores, networks };
}

/**
 * Route B (the paper's Algorithm 3 and its NLE twin, DESIGN.md §4): one base set (θᵢ, xᵢ) from
 * the prior predictive, cross-fitted scores sᵢ, and a β-conditioned posterior q(θ | x, β)
 * trained on the weighted loss (N/|B|) Σ_{i∈B} w̃ᵢ(βᵢ)(−log q(θᵢ | xᵢ, βᵢ)), with β drawn
 * for every example every epoch (log-uniformly on the domain, or from 𝒢), and one S_β
 * normaliser for the training part and another for the validation part.
 */
export async function trainRouteB(problem: TrainingProblem, options: RouteBOptions): Promise<RouteBResult> {
  const rng = Rng.fromSeed(options.seed);
  const clock = () => performance.now() / 1000;
  let mark = clock();
  const { theta, x } = simulateBaseSet(problem, options.numSimulations, rng.split(), options);
  const seconds = { simulate: clock() - mark, scores: 0, posterior: 0 };
  mark = clock();

  const weighted = options.scores !== 'none';
  const { scores, networks } = weighted ? await computeScores(problem, theta, x, options, rng.split()) : { scores: null, networks: [] };
  seconds.scores = clock() - mark;
  mark = clock();

  const posterior = createPosterior(problem, x, options.posterior, options.embeddingDim, rng.split());
  const n = options.numSimulations;
  const encoded = posterior.encode(theta, x, 1);
  const contextWidth = posterior.spec.context.keepColumns.length;
  const index = new Float32Array(n).map((_, i) => i);
  const { train, validation } = splitColumns(
    { z: { values: encoded.z, width: problem.thetaDim }, context: { values: encoded.context, width: contextWidth }, index: { values: index, width: 1 } },
    0.1,
    rng,
  );
  const partWeights = (part: Columns) => {
    if (!scores) return null;
    const rows = part.index!.values;
    return new SnisWeights(Float64Array.from(rows, (row) => scores[row]!), problem.betaDomain);
  };
  const trainWeights = partWeights(train);
  const validationWeights = partWeights(validation);
  const draws = options.betaDraws ?? 'log-uniform';
  const trainBeta = betaSampler(problem.betaDomain, draws, rng.split());
  const validationBeta = betaSampler(problem.betaDomain, draws, Rng.fromSeed(options.seed, 99));
  const withBetas = (part: Columns, snis: SnisWeights | null, drawBeta: () => number): Columns => {
    const m = part.index!.values.length;
    const betas = snis ? Float64Array.from({ length: m }, drawBeta) : new Float64Array(m).fill(1);
    return {
      z: part.z!,
      context: part.context!,
      logBeta: { values: Float32Array.from(betas, Math.log), width: 1 },
      weight: { values: snis ? exampleWeights(snis, betas) : new Float32Array(m).fill(1), width: 1 },
    };
  };
  const grid = evaluationBetasIn(problem.betaDomain);
  const trusted = validationWeights && options.validation === 'trusted-grid' ? trustedBetas(validationWeights, grid, MIN_VALIDATION_ESS) : null;
  const validationColumns = trusted ? atEveryBeta(validation, validationWeights!, trusted) : withBetas(validation, validationWeights, validationBeta);
  const ess = trainWeights ? essAt(trainWeights, grid) : undefined;
  if (ess) options.onProgress?.({ phase: 'scores', step: 'weights ready', epoch: null, trainLoss: null, validationLoss: null, etaSeconds: null, ess });
  const result = await fit({
    variables: posterior.variables,
    trainColumns: () => withBetas(train, trainWeights, trainBeta),
    validationColumns,
    loss: (b: Record<string, Tensor2D>) =>
      tf.neg(tf.mean(tf.mul(tf.reshape(b.weight!, [b.weight!.shape[0]]), posterior.logProbEncoded(b.z!, b.context!, b.logBeta!)))) as Scalar,
    rng,
    maxEpochs: options.maxEpochs,
    learningRate: options.learningRate,
    batchSize: options.batchSize,
    ...fitHooks(options, 'posterior', 'posterior q(θ | x, β)', ess),
  });
  seconds.posterior = clock() - mark;
  return { posterior, trainWeights, validationWeights, essCurve: trainWeights?.essCurve() ?? null, essAtEvaluationBetas: ess ?? null, fit: result, validationBetas: trusted, seconds, scoreNetworks: networks };
}

/**
 * The β of `grid` at which the weights' ESS is at least `minEss`; when none reaches it (a small
 * validation part), the β of largest ESS — so there is always one. @returns ascending β
 */
export function trustedBetas(weights: SnisWeights, grid: readonly number[], minEss: number): number[] {
  if (grid.length === 0) throw new Error('trusted validation β: expected some β of 𝒢 inside the β domain, got none');
  const ess = grid.map((beta) => weights.ess(beta));
  const bar = Math.min(minEss, Math.max(...ess));
  return grid.filter((_, k) => ess[k]! >= bar);
}

/**
 * The validation rows repeated at every β of `betas`, each copy weighted N·w̃ᵢ(β): the mean of
 * weight·(−log q) over all rows is then the average over `betas` of the SNIS-weighted loss.
 * @param part columns z, context and index (the row of the base set) of the validation part
 */
export function atEveryBeta(part: Columns, weights: SnisWeights, betas: readonly number[]): Columns {
  const m = part.index!.values.length;
  const repeat = (column: Columns[string]) => {
    const values = new Float32Array(betas.length * column.values.length);
    betas.forEach((_, k) => values.set(column.values, k * column.values.length));
    return { values, width: column.width };
  };
  const logBeta = new Float32Array(betas.length * m);
  const weight = new Float32Array(betas.length * m);
  betas.forEach((beta, k) => {
    logBeta.fill(Math.log(beta), k * m, (k + 1) * m);
    weight.set(exampleWeights(weights, new Float64Array(m).fill(beta)), k * m);
  });
  return { z: repeat(part.z!), context: repeat(part.context!), logBeta: { values: logBeta, width: 1 }, weight: { values: weight, width: 1 } };
}

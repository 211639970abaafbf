import type { Rng } from '../core/rng';

/**
 * Training settings of the C2ST classifier: scikit-learn's `MLPClassifier` defaults, which
 * the common SBI benchmark suite uses (DESIGN.md §5). An under-trained classifier flatters
 * every method, so these are not tuned for speed.
 */
export interface MlpTrainingOptions {
  /** Hidden layer widths; C2ST uses two layers of 10·dim. */
  readonly hiddenSizes: readonly number[];
  readonly learningRate: number;
  /** Minibatch size (min(200, n) as scikit-learn's batch_size='auto'). */
  readonly batchSize: number;
  /** L2 penalty α: adds ½α‖W‖²/|batch| to each batch loss (weights only, not biases). */
  readonly l2Penalty: number;
  /** Stop when the epoch loss has not improved by `tolerance` for more than `numEpochsNoChange` epochs. */
  readonly tolerance: number;
  readonly numEpochsNoChange: number;
  readonly maxEpochs: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** scikit-learn 1.x `MLPClassifier()` defaults with C2ST's `max_iter=10000`. */
export const SKLEARN_MLP_DEFAULTS: Omit<MlpTrainingOptions, 'hiddenSizes'> = {
  learningRate: 1e-3,
  batchSize: 200,
  l2Penalty: 1e-4,
  tolerance: 1e-4,
  numEpochsNoChange: 10,
  maxEpochs: 10_000,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

/** How a training run ended. */
export interface MlpTrainingReport {
  readonly numEpochs: number;
  /** Mean training loss (log-loss + L2 term) of each epoch. */
  readonly lossCurve: Float64Array;
  /** True when it stopped by the tolerance rule, false when it hit `maxEpochs`. */
  readonly converged: boolean;
}

/** Clip for probabilities inside the log-loss, as scikit-learn does (float64 machine epsilon). */
const PROBABILITY_CLIP = 2.220446049250313e-16;

/**
 * A binary classifier: a ReLU MLP with one logistic output unit trained on log-loss by Adam,
 * step for step as scikit-learn's `MLPClassifier` (Glorot-uniform init with factor 6,
 * per-epoch shuffling, the same L2 term, Adam with bias-corrected step size, the same stopping
 * rule). Written in plain TypeScript on Float64Array: for networks this small it beats tfjs's
 * per-op overhead (measured by `npm run cli -- bench --what metrics`).
 */
export class MlpClassifier {
  /** Layer widths: input, hidden…, 1. */
  private readonly sizes: number[];
  /** weights[l]: [sizes[l], sizes[l+1]] row-major. */
  private readonly weights: Float64Array[];
  private readonly biases: Float64Array[];

  /**
   * @param inputDim the number of features
   * @param rng draws the initial weights (and, in `fit`, the epoch shuffles)
   */
  constructor(
    inputDim: number,
    private readonly options: MlpTrainingOptions,
    private readonly rng: Rng,
  ) {
    this.sizes = [inputDim, ...options.hiddenSizes, 1];
    ({ weights: this.weights, biases: this.biases } = initialParameters(this.sizes, rng));
  }

  /**
   * Trains on rows `indices` of `features` with 0/1 `labels`.
   * @param features [n, inputDim] row-major
   * @param labels [n] 0 or 1
   * @param indices which rows to train on
   * @param shouldStop polled once per epoch; returning true ends training early (cancel)
   */
  fit(
    features: Float64Array,
    labels: Uint8Array,
    indices: Uint32Array,
    shouldStop: () => boolean = () => false,
  ): MlpTrainingReport {
    const { sizes, weights, biases, options } = this;
    const numLayers = weights.length;
    const numSamples = indices.length;
    const batchSize = Math.min(options.batchSize, numSamples);
    const inputDim = sizes[0]!;
    // Activations a[l] of every layer for one batch, and their back-propagated errors.
    const activations = sizes.map((size) => new Float64Array(batchSize * size));
    const deltas = sizes.map((size) => new Float64Array(batchSize * size));
    const weightGrads = weights.map((w) => new Float64Array(w.length));
    const biasGrads = biases.map((b) => new Float64Array(b.length));
    const adam = [...weights, ...biases].map((p) => ({ m: new Float64Array(p.length), v: new Float64Array(p.length) }));
    const order = Uint32Array.from(indices);
    let step = 0;

    return runEpochsUntilConverged(options, shouldStop, () => {
      this.rng.shuffle(order);
      let epochLoss = 0;
      for (let start = 0; start < numSamples; start += batchSize) {
        const size = Math.min(batchSize, numSamples - start);
        const input = activations[0]!;
        for (let b = 0; b < size; b++) {
          const row = order[start + b]!;
          for (let k = 0; k < inputDim; k++) input[k * size + b] = features[row * inputDim + k]!;
        }
        this.forward(activations, size);

        // Output error p − y and the batch's log-loss.
        const output = activations[numLayers]!;
        const outputDelta = deltas[numLayers]!;
        let batchLoss = 0;
        for (let b = 0; b < size; b++) {
          const p = output[b]!;
          const y = labels[order[start + b]!]!;
          const clipped = Math.min(Math.max(p, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP);
          batchLoss -= y === 1 ? Math.log(clipped) : Math.log(1 - clipped);
          outputDelta[b] = p - y;
        }
        batchLoss /= size;
        let squaredWeights = 0;
        for (const w of weights) for (let k = 0; k < w.length; k++) squaredWeights += w[k]! * w[k]!;
        batchLoss += (0.5 * options.l2Penalty * squaredWeights) / size;
        epochLoss += batchLoss * size;

        this.backward(activations, deltas, weightGrads, biasGrads, size);
        step += 1;
        this.adamStep(adam, weightGrads, biasGrads, step);
      }
      return epochLoss / numSamples;
    });
  }

  /**
   * P(label = 1) for rows `indices` of `features`.
   * @param features [n, inputDim] @returns [indices.length]
   */
  predictProbability(features: Float64Array, indices: Uint32Array): Float64Array {
    const inputDim = this.sizes[0]!;
    const chunk = 1024;
    const activations = this.sizes.map((size) => new Float64Array(chunk * size));
    const out = new Float64Array(indices.length);
    for (let start = 0; start < indices.length; start += chunk) {
      const size = Math.min(chunk, indices.length - start);
      const input = activations[0]!;
      for (let b = 0; b < size; b++) {
        const row = indices[start + b]!;
        for (let k = 0; k < inputDim; k++) input[k * size + b] = features[row * inputDim + k]!;
      }
      this.forward(activations, size);
      out.set(activations[this.weights.length]!.subarray(0, size), start);
    }
    return out;
  }

  /**
   * Fills activations[1…] from activations[0] for `size` rows: ReLU hidden layers, logistic
   * output. Activations are stored unit-major, `[units, size]` (a[k·size + b]), so every inner
   * loop runs along the batch: long, contiguous, and quick for the JIT.
   */
  private forward(activations: Float64Array[], size: number): void {
    const numLayers = this.weights.length;
    for (let l = 0; l < numLayers; l++) {
      const fanIn = this.sizes[l]!;
      const fanOut = this.sizes[l + 1]!;
      const w = this.weights[l]!;
      const bias = this.biases[l]!;
      const a = activations[l]!;
      const z = activations[l + 1]!;
      for (let j = 0; j < fanOut; j++) {
        const zRow = j * size;
        z.fill(bias[j]!, zRow, zRow + size);
        for (let k = 0; k < fanIn; k++) {
          const weight = w[k * fanOut + j]!;
          const aRow = k * size;
          for (let b = 0; b < size; b++) z[zRow + b]! += weight * a[aRow + b]!;
        }
        if (l === numLayers - 1) {
          for (let b = 0; b < size; b++) z[zRow + b] = logistic(z[zRow + b]!);
        } else {
          for (let b = 0; b < size; b++) if (z[zRow + b]! < 0) z[zRow + b] = 0;
        }
      }
    }
  }

  /** Back-propagates deltas[last] (already p − y) into mean gradients plus α·W/|batch|. */
  private backward(
    activations: Float64Array[],
    deltas: Float64Array[],
    weightGrads: Float64Array[],
    biasGrads: Float64Array[],
    size: number,
  ): void {
    const { l2Penalty } = this.options;
    for (let l = this.weights.length - 1; l >= 0; l--) {
      const fanIn = this.sizes[l]!;
      const fanOut = this.sizes[l + 1]!;
      const w = this.weights[l]!;
      const a = activations[l]!;
      const delta = deltas[l + 1]!;
      const gw = weightGrads[l]!;
      const gb = biasGrads[l]!;
      for (let j = 0; j < fanOut; j++) {
        const dRow = j * size;
        let sum = 0;
        for (let b = 0; b < size; b++) sum += delta[dRow + b]!;
        gb[j] = sum / size;
      }
      for (let k = 0; k < fanIn; k++) {
        const aRow = k * size;
        for (let j = 0; j < fanOut; j++) {
          const dRow = j * size;
          let sum = 0;
          for (let b = 0; b < size; b++) sum += a[aRow + b]! * delta[dRow + b]!;
          gw[k * fanOut + j] = (sum + l2Penalty * w[k * fanOut + j]!) / size;
        }
      }
      if (l === 0) break;
      // Error of the layer below: (W delta) ⊙ ReLU'(a).
      const below = deltas[l]!;
      for (let k = 0; k < fanIn; k++) {
        const row = k * size;
        below.fill(0, row, row + size);
        for (let j = 0; j < fanOut; j++) {
          const weight = w[k * fanOut + j]!;
          const dRow = j * size;
          for (let b = 0; b < size; b++) below[row + b]! += weight * delta[dRow + b]!;
        }
        for (let b = 0; b < size; b++) if (a[row + b]! <= 0) below[row + b] = 0;
      }
    }
  }

  /** scikit-learn's Adam: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); θ −= lr_t·m/(√v + ε). */
  private adamStep(
    state: { m: Float64Array; v: Float64Array }[],
    weightGrads: Float64Array[],
    biasGrads: Float64Array[],
    step: number,
  ): void {
    const { learningRate, beta1, beta2, epsilon } = this.options;
    const rate = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    const params = [...this.weights, ...this.biases];
    const grads = [...weightGrads, ...biasGrads];
    params.forEach((param, p) => {
      const grad = grads[p]!;
      const { m, v } = state[p]!;
      for (let k = 0; k < param.length; k++) {
        const g = grad[k]!;
        m[k] = beta1 * m[k]! + (1 - beta1) * g;
        v[k] = beta2 * v[k]! + (1 - beta2) * g * g;
        param[k] = param[k]! - (rate * m[k]!) / (Math.sqrt(v[k]!) + epsilon);
      }
    });
  }
}

/**
 * Runs epochs until scikit-learn's stopping rule holds — the epoch loss has not fallen by
 * `tolerance` below the best for more than `numEpochsNoChange` epochs — or `maxEpochs` pass,
 * or `shouldStop` says so.
 * @param runEpoch trains one epoch and returns its mean loss
 */
export function runEpochsUntilConverged(options: MlpTrainingOptions, shouldStop: () => boolean, runEpoch: (epoch: number) => number): MlpTrainingReport {
  const lossCurve: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let numNoImprovement = 0;
  let converged = false;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    const epochLoss = runEpoch(epoch);
    if (!Number.isFinite(epochLoss)) throw new Error(`c2st classifier: expected a finite training loss, got ${epochLoss} in epoch ${epoch + 1}`);
    lossCurve.push(epochLoss);
    numNoImprovement = epochLoss > bestLoss - options.tolerance ? numNoImprovement + 1 : 0;
    if (epochLoss < bestLoss) bestLoss = epochLoss;
    if (numNoImprovement > options.numEpochsNoChange) {
      converged = true;
      break;
    }
    if (shouldStop()) break;
  }
  return { numEpochs: lossCurve.length, lossCurve: Float64Array.from(lossCurve), converged };
}

/**
 * scikit-learn's initial weights: for each layer, weights then biases uniform in ±√(6 / (fanIn + fanOut)).
 * @param sizes layer widths, input first
 * @returns weights[l] [sizes[l], sizes[l+1]] row-major and biases[l] [sizes[l+1]]
 */
export function initialParameters(sizes: readonly number[], rng: Rng): { weights: Float64Array[]; biases: Float64Array[] } {
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    weights.push(Float64Array.from({ length: fanIn * fanOut }, () => rng.uniformIn(-bound, bound)));
    biases.push(Float64Array.from({ length: fanOut }, () => rng.uniformIn(-bound, bound)));
  }
  return { weights, biases };
}

function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}


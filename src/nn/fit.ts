import type { Rng } from '../core/rng';
import { type Scalar, type Tensor2D, tf, type Variable } from './tf';

/** Named columns of equal row count: the data a loss reads, e.g. { z, context, logBeta, weight }. */
export type Columns = Record<string, { readonly values: Float32Array; readonly width: number }>;

/** One epoch's report to the progress callback. */
export interface FitProgress {
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly trainLoss: number;
  readonly validationLoss: number;
  readonly bestEpoch: number;
  readonly examplesPerSecond: number;
  /** Seconds left if training ran to maxEpochs (an upper bound: early stopping often ends sooner). */
  readonly etaSeconds: number;
}

export interface FitOptions {
  readonly variables: readonly Variable[];
  /** The training rows for an epoch (called every epoch, so a route can redraw β per example). */
  readonly trainColumns: (epoch: number) => Columns;
  readonly validationColumns: Columns;
  /** The mean loss of a batch (already weighted as the route needs). */
  readonly loss: (batch: Record<string, Tensor2D>) => Scalar;
  readonly rng: Rng;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly maxEpochs?: number;
  /** Epochs without a better validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Gradients are scaled down to this global norm. */
  readonly clipNorm?: number;
  readonly onProgress?: (progress: FitProgress) => void;
  /** Polled after every batch; true ends training (best weights restored). */
  readonly shouldStop?: () => boolean;
  /** Called between epochs; a worker passes one that yields to the event loop so a cancel can arrive. */
  readonly betweenEpochs?: () => Promise<void>;
}

export interface FitResult {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number;
  readonly trainLosses: readonly number[];
  readonly validationLosses: readonly number[];
  readonly stopped: 'converged' | 'max-epochs' | 'cancelled';
  readonly seconds: number;
}

/** Defaults of the fit loop (documented once, here). */
export const FIT_DEFAULTS = { batchSize: 256, learningRate: 1e-3, maxEpochs: 300, patience: 20, clipNorm: 5 } as const;

function numRows(columns: Columns): number {
  const widths = Object.entries(columns);
  const [first] = widths;
  if (!first) throw new Error('fit: expected at least one data column, got none');
  const n = first[1].values.length / first[1].width;
  for (const [name, column] of widths) {
    if (column.values.length !== n * column.width) {
      throw new Error(`fit: expected column "${name}" to have ${n} rows of ${column.width}, got ${column.values.length} values`);
    }
  }
  return n;
}

/** The rows of `columns` in the order of `order`, as new arrays. */
export function permuteColumns(columns: Columns, order: Uint32Array): Columns {
  const out: Columns = {};
  for (const [name, { values, width }] of Object.entries(columns)) {
    const permuted = new Float32Array(order.length * width);
    order.forEach((row, i) => permuted.set(values.subarray(row * width, (row + 1) * width), i * width));
    out[name] = { values: permuted, width };
  }
  return out;
}

/** Splits columns into a shuffled training part and a validation part of `fraction` of the rows. */
export function splitColumns(columns: Columns, fraction: number, rng: Rng): { train: Columns; validation: Columns } {
  const n = numRows(columns);
  const order = rng.permutation(n);
  const numValidation = Math.max(1, Math.round(n * fraction));
  return { validation: permuteColumns(columns, order.subarray(0, numValidation)), train: permuteColumns(columns, order.subarray(numValidation)) };
}

/** Uploads columns as tensors, one [n, width] tensor per column. */
function upload(columns: Columns): Record<string, Tensor2D> {
  const n = numRows(columns);
  return Object.fromEntries(Object.entries(columns).map(([name, { values, width }]) => [name, tf.tensor2d(values, [n, width])]));
}

function sliceRows(tensors: Record<string, Tensor2D>, start: number, size: number): Record<string, Tensor2D> {
  return Object.fromEntries(Object.entries(tensors).map(([name, tensor]) => [name, tf.slice(tensor, [start, 0], [size, tensor.shape[1]])]));
}

/** Mean loss over all rows, in batches (no gradients). */
async function evaluate(tensors: Record<string, Tensor2D>, n: number, batchSize: number, loss: FitOptions['loss']): Promise<number> {
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const value = tf.tidy(() => tf.mul(loss(sliceRows(tensors, start, size)), size));
    total += (await value.data())[0]!;
    value.dispose();
  }
  return total / n;
}

/**
 * The one training loop of the lab: minibatch Adam on `loss` with gradient-norm clipping,
 * shuffled batches each epoch (the project's rng), a validation loss per epoch, early
 * stopping with the best weights restored, progress per epoch (epoch, losses, examples/s, ETA),
 * cancellation, and no tensor left behind. Randomness is only the shuffle order.
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const batchSize = options.batchSize ?? FIT_DEFAULTS.batchSize;
  const maxEpochs = options.maxEpochs ?? FIT_DEFAULTS.maxEpochs;
  const patience = options.patience ?? FIT_DEFAULTS.patience;
  const clipNorm = options.clipNorm ?? FIT_DEFAULTS.clipNorm;
  const variables = [...options.variables];
  const optimizer = tf.train.adam(options.learningRate ?? FIT_DEFAULTS.learningRate);
  const validation = upload(options.validationColumns);
  const numValidation = numRows(options.validationColumns);
  let best: tf.Tensor[] = variables.map((variable) => tf.clone(variable));
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  const trainLosses: number[] = [];
  const validationLosses: number[] = [];
  let stopped: FitResult['stopped'] = 'max-epochs';
  const start = performance.now();

  try {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      const columns = options.trainColumns(epoch);
      const n = numRows(columns);
      const train = upload(permuteColumns(columns, options.rng.permutation(n)));
      let epochLoss = 0;
      let cancelled = false;
      try {
        for (let at = 0; at < n; at += batchSize) {
          const size = Math.min(batchSize, n - at);
          const batchLoss = tf.tidy(() => {
            const batch = sliceRows(train, at, size);
            const { value, grads } = tf.variableGrads(() => options.loss(batch), variables);
            const names = Object.keys(grads);
            // A chain of adds, not addN: WebGPU caps the inputs of one shader at 8 buffers.
            const squares = names.map((name) => tf.sum(tf.square(grads[name]!)));
            const norm = tf.sqrt(squares.reduce((total, square) => tf.add(total, square)));
            const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)));
            optimizer.applyGradients(Object.fromEntries(names.map((name) => [name, tf.mul(grads[name]!, scale)])));
            return tf.mul(value, size);
          });
          epochLoss += (await batchLoss.data())[0]!;
          batchLoss.dispose();
          if (options.shouldStop?.()) {
            cancelled = true;
            break;
          }
        }
      } finally {
        Object.values(train).forEach((tensor) => tensor.dispose());
      }
      if (cancelled) {
        stopped = 'cancelled';
        break;
      }
      const trainLoss = epochLoss / n;
      const validationLoss = await evaluate(validation, numValidation, 1024, options.loss);
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        throw new Error(`fit: expected finite losses, got train ${trainLoss} and validation ${validationLoss} in epoch ${epoch}`);
      }
      trainLosses.push(trainLoss);
      validationLosses.push(validationLoss);
      if (validationLoss < bestLoss) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        best.forEach((tensor) => tensor.dispose());
        best = variables.map((variable) => tf.clone(variable));
      }
      const seconds = (performance.now() - start) / 1000;
      options.onProgress?.({
        epoch,
        maxEpochs,
        trainLoss,
        validationLoss,
        bestEpoch,
        examplesPerSecond: (epoch * n) / seconds,
        etaSeconds: (seconds / epoch) * (maxEpochs - epoch),
      });
      if (epoch - bestEpoch >= patience) {
        stopped = 'converged';
        break;
      }
      await options.betweenEpochs?.();
      if (options.shouldStop?.()) {
        stopped = 'cancelled';
        break;
      }
    }
    variables.forEach((variable, i) => variable.assign(best[i]!));
  } finally {
    best.forEach((tensor) => tensor.dispose());
    Object.values(validation).forEach((tensor) => tensor.dispose());
    optimizer.dispose();
  }
  return {
    epochs: trainLosses.length,
    bestEpoch,
    bestValidationLoss: bestLoss,
    trainLosses,
    validationLosses,
    stopped,
    seconds: (performance.now() - start) / 1000,
  };
}

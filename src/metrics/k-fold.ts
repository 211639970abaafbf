import type { Rng } from '../core/rng';

/** One split of a k-fold cross-validation: row indices to train and to test on. */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * Shuffled k-fold splits of n rows, as scikit-learn's `KFold(shuffle=True)`: the rows are
 * permuted once, then cut into k consecutive test blocks, the first n mod k one row larger.
 */
export function shuffledKFold(n: number, numFolds: number, rng: Rng): Fold[] {
  if (!Number.isInteger(numFolds) || numFolds < 2 || numFolds > n) {
    throw new Error(`k-fold: expected an integer number of folds in [2, ${n}], got ${numFolds}`);
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  const folds: Fold[] = [];
  let start = 0;
  for (let k = 0; k < numFolds; k++) {
    const size = Math.floor(n / numFolds) + (k < n % numFolds ? 1 : 0);
    const test = order.slice(start, start + size);
    const train = new Uint32Array(n - size);
    train.set(order.subarray(0, start));
    train.set(order.subarray(start + size), start);
    folds.push({ train, test });
    start += size;
  }
  return folds;
}

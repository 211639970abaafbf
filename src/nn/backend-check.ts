import { Rng } from '../core/rng';
import { type BackendName, chooseBackend } from './backend';
import { ConditionalDensity } from './conditional-density';
import type { EstimatorConfig } from './estimator';
import { fit } from './fit';
import { loadModelFromIndexedDb, saveModelToIndexedDb } from './model-storage';
import { RatioClassifier } from './ratio-classifier';
import { deserializeModel, serializeModel } from './serialize';
import { type Scalar, type Tensor2D, tf } from './tf';

/** One backend's agreement with cpu and its training speed, per estimator. */
export interface BackendCheckRow {
  readonly backend: BackendName;
  readonly estimator: string;
  /** Largest |log q_backend − log q_cpu| / (1 + |log q_cpu|) over the test points; null if it could not run. */
  readonly maxRelativeError: number | null;
  /** Whether one training step ran and gave a finite loss. */
  readonly trainingStepOk: boolean;
  readonly trainingExamplesPerSecond: number | null;
  readonly error: string | null;
}

const CHECKED: readonly { name: string; config: EstimatorConfig | null }[] = [
  { name: 'mdn', config: { kind: 'mdn', numComponents: 5, hiddenWidth: 64, numBlocks: 2 } },
  { name: 'coupling-flow', config: { kind: 'coupling-flow', numTransforms: 6, hiddenWidth: 64, numBlocks: 2 } },
  { name: 'spline-flow', config: { kind: 'spline-flow', numTransforms: 5, numBins: 8, tailBound: 5, hiddenWidth: 64, numBlocks: 2 } },
  { name: 'ratio-classifier', config: null },
];

function build(config: EstimatorConfig | null): ConditionalDensity | RatioClassifier {
  const rng = Rng.fromSeed(7);
  const encoding = { keepColumns: [0, 1, 2], mean: [0, 0, 0], std: [1, 1, 1] };
  if (!config) return new RatioClassifier({ thetaDim: 2, xDim: 3, theta: { keepColumns: [0, 1], mean: [0, 0], std: [1, 1] }, x: encoding, hiddenWidth: 64, numBlocks: 2 }, rng);
  return new ConditionalDensity(
    { estimator: config, outputDim: 2, output: { kind: 'box', low: [-1, -1], high: [1, 1] }, contextDim: 3, context: encoding, embedding: null, conditionOnBeta: true },
    rng,
  );
}

const rng = Rng.fromSeed(11);
const THETA = Float64Array.from({ length: 64 * 2 }, () => rng.uniformIn(-0.95, 0.95));
const X = Float64Array.from({ length: 64 * 3 }, () => rng.normal());
const BETA = Float64Array.from({ length: 64 }, () => rng.uniformIn(0.1, 1.5));

async function score(model: ConditionalDensity | RatioClassifier): Promise<Float64Array> {
  return model instanceof ConditionalDensity ? model.logProb(THETA, X, BETA) : model.logRatio(THETA, X);
}

/** How much training the check runs: one batch proves a step works; more measures speed. */
export interface TrainingBudget {
  readonly rows: number;
  readonly epochs: number;
}

/** Examples per second of `epochs` epochs on `rows` random rows (batch 256). */
async function trainingSpeed(model: ConditionalDensity | RatioClassifier, budget: TrainingBudget): Promise<number> {
  const n = budget.rows;
  const data = Rng.fromSeed(3);
  const theta = Float64Array.from({ length: n * 2 }, () => data.uniformIn(-0.9, 0.9));
  const x = Float64Array.from({ length: n * 3 }, () => data.normal());
  const columns =
    model instanceof ConditionalDensity
      ? (() => {
          const batch = model.encode(theta, x, Float64Array.from({ length: n }, () => data.uniformIn(0.1, 1.5)));
          return { z: { values: batch.z, width: 2 }, context: { values: batch.context, width: 3 }, logBeta: { values: batch.logBeta!, width: 1 } };
        })()
      : { features: { values: model.encode(theta, x), width: 5 }, label: { values: Float32Array.from({ length: n }, (_, i) => i % 2), width: 1 } };
  const loss =
    model instanceof ConditionalDensity
      ? (batch: Record<string, Tensor2D>) => tf.neg(tf.mean(model.logProbEncoded(batch.z!, batch.context!, batch.logBeta!))) as Scalar
      : (batch: Record<string, Tensor2D>) => model.loss(batch);
  const result = await fit({ variables: model.variables, trainColumns: () => columns, validationColumns: columns, loss, rng: Rng.fromSeed(4), maxEpochs: budget.epochs, patience: 10 });
  return (result.epochs * n) / result.seconds;
}

/**
 * For each backend: every estimator's log-density (or log-ratio) on fixed inputs against the
 * cpu backend's, and a short training run. Runs the same in a page and in a worker.
 */
export async function runBackendCheck(
  backends: readonly BackendName[],
  wasmPaths?: Record<string, string>,
  budget: TrainingBudget = { rows: 2048, epochs: 2 },
): Promise<BackendCheckRow[]> {
  await tf.setBackend('cpu');
  const reference: Float64Array[] = [];
  for (const { config } of CHECKED) {
    const model = build(config);
    reference.push(await score(model));
    model.dispose();
  }
  const rows: BackendCheckRow[] = [];
  for (const backend of backends) {
    let chosen: BackendName | null = null;
    let failure: string | null = null;
    try {
      const report = await chooseBackend({ override: backend, ...(wasmPaths ? { wasmPaths } : {}) });
      chosen = report.chosen === backend ? backend : null;
      if (!chosen) failure = report.reasons[backend] ?? 'unavailable';
    } catch (error) {
      failure = (error as Error).message;
    }
    for (const [k, { name, config }] of CHECKED.entries()) {
      if (!chosen) {
        rows.push({ backend, estimator: name, maxRelativeError: null, trainingStepOk: false, trainingExamplesPerSecond: null, error: failure });
        continue;
      }
      const model = build(config);
      try {
        const values = await score(model);
        const maxRelativeError = values.reduce((worst, value, i) => Math.max(worst, Math.abs(value - reference[k]![i]!) / (1 + Math.abs(reference[k]![i]!))), 0);
        const speed = await trainingSpeed(model, budget);
        rows.push({ backend, estimator: name, maxRelativeError, trainingStepOk: Number.isFinite(speed) && speed > 0, trainingExamplesPerSecond: speed, error: null });
      } catch (error) {
        rows.push({ backend, estimator: name, maxRelativeError: null, trainingStepOk: false, trainingExamplesPerSecond: null, error: (error as Error).message });
      } finally {
        model.dispose();
      }
    }
  }
  return rows;
}

/**
 * Saves a model to IndexedDB, loads it back and compares log-densities (browser only).
 * @returns "identical" or what differed
 */
export async function storageRoundTrip(): Promise<string> {
  const model = build(CHECKED[1]!.config) as ConditionalDensity;
  try {
    const card = { task: 'check', route: 'check', budget: 0, seed: 7, commit: 'check', createdAt: new Date().toISOString(), backend: tf.getBackend(), trainingSeconds: 0, validationLoss: 0, extra: {} };
    await saveModelToIndexedDb('backend-check', await serializeModel(model, card));
    const stored = await loadModelFromIndexedDb('backend-check');
    if (!stored) return 'nothing was stored';
    const { model: loaded } = deserializeModel(stored.manifest, stored.weights, 'IndexedDB backend-check');
    if (!(loaded instanceof ConditionalDensity)) return `a ${loaded.constructor.name} came back instead of the stored conditional density`;
    const [a, b] = [await score(model), await score(loaded)];
    loaded.dispose();
    return a.every((value, i) => value === b[i]) ? 'identical' : 'log-densities differ after loading';
  } finally {
    model.dispose();
  }
}

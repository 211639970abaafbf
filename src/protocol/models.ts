import * as v from 'valibot';
import { atLeast, finiteNumber, integerIn, text } from '../core/boundary';

/**
 * Model files: `model.json` (manifest: architecture, weight shapes, card), the card each model
 * carries, and `public/models/index.json` (written by `npm run cli -- pretrain`). The same
 * schemas read a model stored in this browser's IndexedDB.
 */

/** The format tag of every saved model, and of the shipped models' index. */
export const MODEL_FORMAT = 'tempered-sbi-lab/model@1';
export const MODELS_INDEX_FORMAT = 'tempered-sbi-lab/models-index@1';

/** What a trained model says about itself (shipped next to its weights). */
export const ModelCardSchema = v.object({
  task: text(100),
  route: text(100),
  /** Simulations the model was trained on. */
  budget: integerIn(0, 100_000_000),
  seed: integerIn(),
  /** The git commit of the code that trained it (with "-dirty" when the tree had changes); "unknown" in a browser. */
  commit: text(60),
  /** ISO 8601 time of training. */
  createdAt: text(60),
  backend: text(40),
  trainingSeconds: atLeast(0),
  /** The final network's best validation loss (JSON has no NaN: null when there was none). */
  validationLoss: v.nullable(finiteNumber),
  /** Anything else the route reports (e.g. ESS(β)/N, epochs, the command that made it); readers check what they use. */
  extra: v.pipe(v.record(v.string(), v.unknown()), v.readonly()),
});
export type ModelCard = v.InferOutput<typeof ModelCardSchema>;

/** ESS(β)/N as a card's `extra.essCurve` stores it: at least 2 increasing β and as many fractions. */
export const EssCurveSchema = v.pipe(
  v.object({ betas: v.pipe(v.array(finiteNumber), v.readonly()), essFraction: v.pipe(v.array(finiteNumber), v.readonly()) }),
  v.check(({ betas, essFraction }) => betas.length >= 2 && betas.length === essFraction.length && betas.every((b, k) => k === 0 || b > betas[k - 1]!), 'at least 2 increasing β values and as many ESS fractions'),
);

/** The architecture, by kind; each kind's constructor checks its own spec (a spec that does not build is reported by name). */
export const ModelSpecSchema = v.variant('kind', [
  v.object({ kind: v.literal('conditional-density'), spec: v.looseObject({}) }),
  v.object({ kind: v.literal('ratio-classifier'), spec: v.looseObject({}) }),
  v.object({ kind: v.literal('neural-likelihood'), spec: v.looseObject({}) }),
]);

/** model.json: the architecture, the weights' shapes in order, and the card. */
export const ModelManifestSchema = v.object({
  format: v.literal(MODEL_FORMAT),
  model: ModelSpecSchema,
  weights: v.pipe(v.array(v.object({ shape: v.pipe(v.array(integerIn(1, 1_000_000)), v.maxLength(8, 'at most 8 dimensions'), v.readonly()) })), v.readonly()),
  card: ModelCardSchema,
});
export type ModelManifestJson = v.InferOutput<typeof ModelManifestSchema>;

/** One shipped model as the index lists it; `scoreNetworks`: its two score networks ship beside it (refinement can run). */
export const ShippedModelSchema = v.object({ task: text(100), route: text(100), card: ModelCardSchema, scoreNetworks: v.optional(v.boolean()) });
export type ShippedModel = v.InferOutput<typeof ShippedModelSchema>;

/** index.json: the format tag and a list of entries (each checked on its own, so one bad entry drops only itself). */
export const ModelsIndexSchema = v.object({ format: v.literal(MODELS_INDEX_FORMAT), models: v.pipe(v.array(v.unknown()), v.maxLength(1000, 'at most 1000 models')) });


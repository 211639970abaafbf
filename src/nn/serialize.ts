import { Rng } from '../core/rng';
import { ConditionalDensity, type ConditionalDensitySpec } from './conditional-density';
import { NeuralLikelihood, type NeuralLikelihoodSpec } from './neural-likelihood';
import { RatioClassifier, type RatioClassifierSpec } from './ratio-classifier';
import { tf } from './tf';
import { MODEL_FORMAT, type ModelCard, ModelManifestSchema } from '../protocol/models';
import { parseAt } from '../core/boundary';

export { MODEL_FORMAT };
export type { ModelCard };

export type ModelSpec =
  | { readonly kind: 'conditional-density'; readonly spec: ConditionalDensitySpec }
  | { readonly kind: 'ratio-classifier'; readonly spec: RatioClassifierSpec }
  | { readonly kind: 'neural-likelihood'; readonly spec: NeuralLikelihoodSpec };

/** model.json: the architecture, the weights' shapes in order, and the card. */
export interface ModelManifest {
  readonly format: typeof MODEL_FORMAT;
  readonly model: ModelSpec;
  readonly weights: readonly { readonly shape: readonly number[] }[];
  readonly card: ModelCard;
}

export type LoadedModel = ConditionalDensity | RatioClassifier | NeuralLikelihood;

function specOf(model: LoadedModel): ModelSpec {
  if (model instanceof ConditionalDensity) return { kind: 'conditional-density', spec: model.spec };
  if (model instanceof RatioClassifier) return { kind: 'ratio-classifier', spec: model.spec };
  return { kind: 'neural-likelihood', spec: model.spec };
}

function build(model: ModelSpec, rng: Rng): LoadedModel {
  if (model.kind === 'conditional-density') return new ConditionalDensity(model.spec, rng);
  if (model.kind === 'ratio-classifier') return new RatioClassifier(model.spec, rng);
  return new NeuralLikelihood(model.spec, rng);
}

/** A model and its weights as one manifest plus one float32 array (weights.bin). */
export async function serializeModel(model: LoadedModel, card: ModelCard): Promise<{ manifest: ModelManifest; weights: Float32Array }> {
  const spec = specOf(model);
  const values = await Promise.all(model.variables.map((variable) => variable.data()));
  const total = values.reduce((acc, array) => acc + array.length, 0);
  const weights = new Float32Array(total);
  let offset = 0;
  for (const array of values) {
    weights.set(array as Float32Array, offset);
    offset += array.length;
  }
  return {
    manifest: { format: MODEL_FORMAT, model: spec, weights: model.variables.map((variable) => ({ shape: [...variable.shape] })), card },
    weights,
  };
}

/**
 * Rebuilds a model from its manifest and weights. A manifest of another format, an
 * architecture whose shapes differ from the stored ones, or a weights file of the wrong length
 * is an Error that says which, expected and got.
 * @param source names the model in messages (a folder or URL)
 */
export function deserializeModel(manifest: unknown, weights: ArrayBuffer | Float32Array, source: string): { model: LoadedModel; card: ModelCard } {
  const record = parseAt(ModelManifestSchema, manifest, source);
  const values = weights instanceof Float32Array ? weights : new Float32Array(weights);
  let model: LoadedModel;
  try {
    // The schema checks the kind; each constructor checks its own spec.
    model = build(record.model as unknown as ModelSpec, Rng.fromSeed(0));
  } catch (error) {
    throw new Error(`${source}: the manifest's architecture does not build: ${(error as Error).message}`);
  }
  try {
    if (model.variables.length !== record.weights.length) {
      throw new Error(`${source}: expected ${model.variables.length} weight arrays for this architecture, got ${record.weights.length}`);
    }
    const expectedTotal = model.variables.reduce((acc, variable) => acc + variable.size, 0);
    if (values.length !== expectedTotal) {
      throw new Error(`${source}: expected ${expectedTotal} weights (${4 * expectedTotal} bytes), got ${values.length}`);
    }
    let offset = 0;
    model.variables.forEach((variable, i) => {
      const stored = record.weights[i]!.shape;
      if (stored.join('×') !== variable.shape.join('×')) {
        throw new Error(`${source}: expected weight ${i} of shape [${variable.shape.join(', ')}], got [${stored.join(', ')}]`);
      }
      const slice = values.subarray(offset, offset + variable.size);
      if (!slice.every(Number.isFinite)) throw new Error(`${source}: expected finite weights, got NaN or Infinity in weight ${i}`);
      const tensor = tf.tensor(slice, variable.shape);
      variable.assign(tensor);
      tensor.dispose();
      offset += variable.size;
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, card: record.card };
}

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTask, isTaskId } from '../src/benchmarks/registry';
import type { Task } from '../src/benchmarks/task';
import { ConditionalDensity } from '../src/nn/conditional-density';
import { deserializeModel, type ModelCard, type ModelManifest } from '../src/nn/serialize';
import { UsageError } from './command';

/** Writes a model as DIR/model.json (manifest, with the card) and DIR/weights.bin (float32, little-endian). */
export function saveModelDirectory(dir: string, model: { manifest: ModelManifest; weights: Float32Array }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(model.manifest, null, 1)}\n`);
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength));
}

/** Reads DIR/model.json and DIR/weights.bin; a missing or unreadable file is an Error naming it. */
export function loadModelDirectory(dir: string): { manifest: unknown; weights: Float32Array } {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch (error) {
      throw new Error(`${join(dir, name)}: expected a model file, got ${(error as NodeJS.ErrnoException).code ?? 'an unreadable file'}`);
    }
  };
  let manifest: unknown;
  try {
    manifest = JSON.parse(read('model.json').toString('utf8'));
  } catch (error) {
    if ((error as Error).message.includes('expected a model file')) throw error;
    throw new Error(`${join(dir, 'model.json')}: expected JSON, got a parse error: ${(error as Error).message}`);
  }
  const bytes = read('weights.bin');
  if (bytes.byteLength % 4 !== 0) throw new Error(`${join(dir, 'weights.bin')}: expected a whole number of float32 values, got ${bytes.byteLength} bytes`);
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  return { manifest, weights };
}

/**
 * Loads a saved amortized posterior q(θ | x, β) of a benchmark task (the models `train` and
 * `pretrain` write); anything else is a UsageError for `--model` naming what arrived.
 */
export function loadPosteriorModel(dir: string): { model: ConditionalDensity; card: ModelCard; task: Task } {
  let loaded;
  try {
    const stored = loadModelDirectory(dir);
    loaded = deserializeModel(stored.manifest, stored.weights, dir);
  } catch (error) {
    throw new UsageError(`--model: ${(error as Error).message}`);
  }
  const { model, card } = loaded;
  if (!(model instanceof ConditionalDensity) || !isTaskId(card.task)) {
    model.dispose();
    throw new UsageError(`--model: expected an amortized posterior of a benchmark task, got a ${model.constructor.name} for "${card.task}"`);
  }
  return { model, card, task: getTask(card.task) };
}

/** The shipped-models index the page reads first (which task × route has a model, and its card). */
export const MODELS_INDEX_FORMAT = 'tempered-sbi-lab/models-index@1';

/** Scans DIR/<task>/<route>/model.json and returns the index (sorted by task, then route). */
export function buildModelsIndex(dir: string): { format: string; models: { task: string; route: string; card: ModelCard }[] } {
  const models: { task: string; route: string; card: ModelCard }[] = [];
  for (const task of readdirSync(dir).sort()) {
    if (!statSync(join(dir, task)).isDirectory()) continue;
    for (const route of readdirSync(join(dir, task)).sort()) {
      const manifestPath = join(dir, task, route, 'model.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;
      models.push({ task, route, card: manifest.card });
    }
  }
  return { format: MODELS_INDEX_FORMAT, models };
}

/** Rewrites DIR/index.json from the model folders. */
export function writeModelsIndex(dir: string): void {
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(buildModelsIndex(dir))}\n`);
}

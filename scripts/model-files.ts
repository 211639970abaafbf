import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTask } from '../src/benchmarks/registry';
import { isTaskId } from '../src/benchmarks/metadata/catalog';
import type { Task } from '../src/benchmarks/task';
import { ConditionalDensity } from '../src/nn/conditional-density';
import { deserializeModel, type LoadedModel, type ModelCard, type ModelManifest, serializeModel } from '../src/nn/serialize';
import type { ScoreNetwork } from '../src/routes/route-b';
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

/**
 * Scans DIR/<task>/<route>/model.json and returns the index (sorted by task, then route); each
 * entry says whether the model's score networks (score-1/, score-2/) ship with it, so the page
 * knows before fetching whether it can refine that route's draws.
 */
export function buildModelsIndex(dir: string): { format: string; models: { task: string; route: string; card: ModelCard; scoreNetworks: boolean }[] } {
  const models: { task: string; route: string; card: ModelCard; scoreNetworks: boolean }[] = [];
  for (const task of readdirSync(dir).sort()) {
    if (!statSync(join(dir, task)).isDirectory()) continue;
    for (const route of readdirSync(join(dir, task)).sort()) {
      const manifestPath = join(dir, task, route, 'model.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;
      const scoreNetworks = [1, 2].every((k) => existsSync(join(scoreNetworkDir(join(dir, task, route), k), 'model.json')));
      models.push({ task, route, card: manifest.card, scoreNetworks });
    }
  }
  return { format: MODELS_INDEX_FORMAT, models };
}

/** Rewrites DIR/index.json from the model folders. */
export function writeModelsIndex(dir: string): void {
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(buildModelsIndex(dir))}\n`);
}

/** The folder, inside a Route B model's, of its k-th cross-fitted score network (k = 1, 2). */
export function scoreNetworkDir(modelDir: string, k: number): string {
  return join(modelDir, `score-${k}`);
}

/**
 * Saves a trained route: the posterior as DIR/model.json + weights.bin and, for Route B, each
 * cross-fitted score network as DIR/score-k/ (k = 1, 2) with the posterior's card plus its fold
 * — everything refinement needs. Score-network folders left by an earlier model are removed.
 */
export async function saveTrainedRoute(dir: string, posterior: ConditionalDensity, card: ModelCard, scoreNetworks: readonly LoadedModel[]): Promise<void> {
  saveModelDirectory(dir, await serializeModel(posterior, card));
  for (let k = 1; k <= 2; k++) rmSync(scoreNetworkDir(dir, k), { recursive: true, force: true });
  for (const [i, network] of scoreNetworks.entries()) {
    const scoreCard = { ...card, extra: { role: 'score network', fold: `${i + 1} of ${scoreNetworks.length}`, fittedOn: `half ${'AB'[i]} of the base set (it scored half ${'BA'[i]})`, command: card.extra.command } };
    saveModelDirectory(scoreNetworkDir(dir, i + 1), await serializeModel(network, scoreCard));
  }
}

/**
 * Loads the two cross-fitted score networks saved with a Route B model (`saveTrainedRoute`); a
 * model without them (Route A, the NPE, models saved before they were kept) is a UsageError naming `flag`.
 */
export function loadScoreNetworks(modelDir: string, flag: string): ScoreNetwork[] {
  const networks: ScoreNetwork[] = [];
  for (let k = 1; k <= 2; k++) {
    const dir = scoreNetworkDir(modelDir, k);
    if (!existsSync(join(dir, 'model.json'))) {
      networks.forEach((network) => network.dispose());
      throw new UsageError(`${flag}: expected the model's score networks in ${dir} (Route B models keep two; Route A and the NPE have none), got no such folder`);
    }
    const stored = loadModelDirectory(dir);
    const { model } = deserializeModel(stored.manifest, stored.weights, dir);
    if (model instanceof ConditionalDensity) {
      model.dispose();
      networks.forEach((network) => network.dispose());
      throw new UsageError(`${flag}: expected a neural likelihood or ratio classifier in ${dir}, got a conditional density`);
    }
    networks.push(model);
  }
  return networks;
}

import { ConditionalDensity } from '../nn/conditional-density';
import { fetchModel, loadModelFromIndexedDb, type StoredModel } from '../nn/model-storage';
import { deserializeModel, type ModelCard } from '../nn/serialize';
import type { ModelSource } from '../protocol/messages';

/** A loaded posterior and its card. */
export interface LoadedPosterior {
  readonly model: ConditionalDensity;
  readonly card: ModelCard;
}

/** How a session reads stored models; tests pass their own. */
export interface ModelReader {
  fetchShipped(url: string): Promise<StoredModel>;
  readBrowser(key: string): Promise<StoredModel | null>;
}

export const BROWSER_READER: ModelReader = { fetchShipped: fetchModel, readBrowser: loadModelFromIndexedDb };

/**
 * An amortized posterior q(θ | x, β) of `taskId` from shipped files or this browser's IndexedDB.
 * A model that is missing, corrupt, of another task, or not an amortized posterior is an Error
 * naming it as the page does (task and route, then where it was read from) and what arrived.
 */
export async function loadAmortizedPosterior(reader: ModelReader, source: ModelSource, taskId: string, route: string): Promise<LoadedPosterior> {
  const where = source.kind === 'shipped' ? `the shipped model for ${taskId} · route ${route} (${source.url})` : `the model trained in this browser for ${taskId} · route ${route}`;
  const stored = await (source.kind === 'shipped' ? reader.fetchShipped(source.url) : reader.readBrowser(source.key)).catch((error: Error) => {
    throw new Error(`${where}: ${error.message}`);
  });
  if (!stored) throw new Error(`${where}: expected a model saved in this browser's IndexedDB, got none`);
  const { model, card } = deserializeModel(stored.manifest, stored.weights, where);
  if (!(model instanceof ConditionalDensity) || !model.spec.conditionOnBeta || card.task !== taskId) {
    model.dispose();
    const what = model instanceof ConditionalDensity ? (model.spec.conditionOnBeta ? 'a posterior' : 'a density not conditioned on β') : 'a ratio classifier';
    throw new Error(`${where}: expected an amortized posterior q(θ | x, β) for ${taskId}, got ${what} for ${card.task} · route ${card.route}`);
  }
  return { model, card };
}

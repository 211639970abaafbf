import type { ModelSource } from '../protocol/messages';
import { ConditionalDensity } from '../nn/conditional-density';
import type { StoredModel } from '../nn/model-storage';
import { deserializeModel } from '../nn/serialize';
import type { ScoreNetwork } from '../routes/route-b';

/** The score networks that refine one route's draws, and whose they are (shown on the panel). */
export interface LoadedScoreNetworks {
  readonly networks: readonly ScoreNetwork[];
  readonly description: string;
}

/**
 * The URL folder of the score networks that refine a shipped model (issue 19): Route B-NLE and
 * B-NRE ship their two cross-fitted networks as `score-1/`, `score-2/` beside the posterior;
 * Route A has no learned likelihood and borrows the B-NRE model's (`../b-nre/`). A model trained
 * in this browser keeps none: an Error saying so.
 */
export function scoreNetworkFolder(source: ModelSource, taskId: string, route: string): { base: string; description: string } {
  if (source.kind !== 'shipped') throw new Error(`refinement of ${taskId} · route ${route}: expected a shipped model (its score networks ship beside it), got a model trained in this browser, which keeps none`);
  const folder = source.url.endsWith('/') ? source.url : `${source.url}/`;
  if (route === 'a') return { base: folder.replace(/a\/$/, 'b-nre/'), description: "B-NRE's two cross-fitted classifiers (Route A borrows them)" };
  if (route === 'b-nle') return { base: folder, description: 'its two cross-fitted neural likelihoods' };
  if (route === 'b-nre') return { base: folder, description: 'its two cross-fitted ratio classifiers' };
  throw new Error(`refinement of ${taskId}: expected route a, b-nle or b-nre (they have a learned likelihood), got ${route}`);
}

/**
 * Loads the two score networks in `base`score-1/ and score-2/ through `fetchShipped`; a missing
 * folder or a model of another kind or task is an Error naming the URL, what was expected and
 * what arrived.
 */
export async function loadScoreNetworks(fetchShipped: (url: string) => Promise<StoredModel>, base: string, taskId: string): Promise<ScoreNetwork[]> {
  const networks: ScoreNetwork[] = [];
  try {
    for (const k of [1, 2]) {
      const url = `${base}score-${k}/`;
      const stored = await fetchShipped(url).catch((error: Error) => {
        throw new Error(`refinement needs the score networks shipped with the model: ${error.message}`);
      });
      const { model, card } = deserializeModel(stored.manifest, stored.weights, url);
      if (model instanceof ConditionalDensity || card.task !== taskId) {
        model.dispose();
        throw new Error(`${url}: expected a score network (neural likelihood or ratio classifier) for ${taskId}, got a ${model.constructor.name} for ${card.task}`);
      }
      networks.push(model);
    }
  } catch (error) {
    networks.forEach((network) => network.dispose());
    throw error;
  }
  return networks;
}

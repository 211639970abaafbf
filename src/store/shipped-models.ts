import { type ModelCard, ModelsIndexSchema, parseAt, readAt, type ShippedModel, ShippedModelSchema } from '../protocol/messages';

export type { ShippedModel };
import { type EssCurve, parseEssCurve } from '../routes/ess-curve';

/** The amortized routes the page shows, in panel order. */
export const PANEL_ROUTES = ['a', 'b-nle', 'b-nre'] as const;
export type PanelRoute = (typeof PANEL_ROUTES)[number];

export const PANEL_TITLES: Readonly<Record<PanelRoute, string>> = {
  a: 'Route A — score + Langevin synthesis',
  'b-nle': 'Route B-NLE — SNIS weights from a neural likelihood',
  'b-nre': 'Route B-NRE — SNIS weights from a ratio classifier',
};

/** The URL folder of a shipped model, below the page's base URL. */
export function shippedModelUrl(baseUrl: string, task: string, route: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}models/${task}/${route}/`;
}

/** The URL of the shipped models' index. */
export function modelsIndexUrl(baseUrl: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}models/index.json`;
}

/**
 * Reads `public/models/index.json` (written by `npm run cli -- pretrain`) through its schema: a
 * file that is not a models index is a BoundaryError naming it; an entry that fails (a card
 * without its commit, say) is dropped and described in `problems`, and the others are kept.
 */
export function parseModelsIndex(json: unknown, source: string): { models: ShippedModel[]; problems: string[] } {
  const index = parseAt(ModelsIndexSchema, json, source);
  const models: ShippedModel[] = [];
  const problems: string[] = [];
  index.models.forEach((entry, i) => {
    const read = readAt(ShippedModelSchema, entry, `${source} models[${i}]`);
    if (read.ok) models.push(read.value);
    else problems.push(read.message);
  });
  return { models, problems };
}

/** A model card's ESS(β)/N curve, when its route has weights. */
export function cardEssCurve(card: ModelCard | null): EssCurve | null {
  return card ? parseEssCurve(card.extra.essCurve) : null;
}

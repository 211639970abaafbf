import type { ModelCard } from '../nn/serialize';
import { type EssCurve, parseEssCurve } from '../routes/ess-curve';

/** The amortized routes the page shows, in panel order. */
export const PANEL_ROUTES = ['a', 'b-nle', 'b-nre'] as const;
export type PanelRoute = (typeof PANEL_ROUTES)[number];

export const PANEL_TITLES: Readonly<Record<PanelRoute, string>> = {
  a: 'Route A — score + Langevin synthesis',
  'b-nle': 'Route B-NLE — SNIS weights from a neural likelihood',
  'b-nre': 'Route B-NRE — SNIS weights from a ratio classifier',
};

/** One shipped model as `public/models/index.json` lists it. */
export interface ShippedModel {
  readonly task: string;
  readonly route: string;
  readonly card: ModelCard;
}

/** The URL folder of a shipped model, below the page's base URL. */
export function shippedModelUrl(baseUrl: string, task: string, route: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}models/${task}/${route}/`;
}

/** The URL of the shipped models' index. */
export function modelsIndexUrl(baseUrl: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}models/index.json`;
}

/**
 * Checks `public/models/index.json` (written by `npm run cli -- pretrain`): a list of
 * { task, route, card }. Anything else is an Error naming what was expected and what arrived.
 */
export function parseModelsIndex(json: unknown, source: string): ShippedModel[] {
  const record = json as { format?: unknown; models?: unknown } | null;
  if (typeof record !== 'object' || record === null || record.format !== 'tempered-sbi-lab/models-index@1' || !Array.isArray(record.models)) {
    throw new Error(`${source}: expected a models index (format "tempered-sbi-lab/models-index@1" with a "models" list), got ${JSON.stringify(json)?.slice(0, 80)}`);
  }
  return record.models.map((entry, i) => {
    const model = entry as Partial<ShippedModel> | null;
    if (typeof model?.task !== 'string' || typeof model.route !== 'string' || typeof model.card !== 'object' || model.card === null) {
      throw new Error(`${source}: expected models[${i}] to have task, route and card, got ${JSON.stringify(entry)?.slice(0, 80)}`);
    }
    return model as ShippedModel;
  });
}

/** A model card's ESS(β)/N curve, when its route has weights. */
export function cardEssCurve(card: ModelCard | null): EssCurve | null {
  return card ? parseEssCurve(card.extra.essCurve) : null;
}

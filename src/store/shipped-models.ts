import { type ModelCard, ModelsIndexSchema, parseAt, readAt, type ShippedModel, ShippedModelSchema } from '../protocol/messages';

export type { ShippedModel };
import { cardEssFraction, type EssCurve, essFractionAt, parseEssCurve } from '../protocol/ess-curve';

/** The amortized routes the page shows, in panel order. */
export const PANEL_ROUTES = ['a', 'b-nle', 'b-nre'] as const;
export type PanelRoute = (typeof PANEL_ROUTES)[number];

export const PANEL_TITLES: Readonly<Record<PanelRoute, string>> = {
  a: 'Route A — score + Langevin synthesis',
  'b-nle': 'Route B-NLE — SNIS weights from a neural likelihood',
  'b-nre': 'Route B-NRE — SNIS weights from a ratio classifier',
};

/** The simulation budget every shipped model is trained on (public/models/README.md; test/cli/models-index checks the index). */
export const SHIPPED_MODELS_BUDGET = 10_000;

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

/** A model card's ESS(β)/N: its curve, and the exact values at the β of 𝒢 where the card has them. */
export interface CardEss {
  readonly curve: EssCurve;
  readonly exact: EssCurve | null;
}

/** A model card's ESS(β)/N, when its route has weights (and the card a curve). */
export function cardEss(card: ModelCard | null): CardEss | null {
  const curve = card ? parseEssCurve(card.extra.essCurve) : null;
  return curve ? { curve, exact: parseEssCurve(card!.extra.essAtEvaluationBetas) } : null;
}

/** A card's ESS/N at β (held to the curve's range): exact where the card has the value, else interpolated. */
export function cardEssFractionAt({ curve, exact }: CardEss, beta: number): number {
  return cardEssFraction(curve, exact, clampToCurve(curve, beta));
}

/** ESS/N at β (held to the curve's range), interpolated in log β. */
export function curveEssFractionAt(curve: EssCurve, beta: number): number {
  return essFractionAt(curve, clampToCurve(curve, beta));
}

function clampToCurve(curve: EssCurve, beta: number): number {
  return Math.min(Math.max(beta, curve.betas[0]!), curve.betas.at(-1)!);
}

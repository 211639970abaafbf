import type * as v from 'valibot';
import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { MAX_URL_FIELD_CHARS, readUrlField, UrlBetaSchema, UrlSeedSchema, UrlTaskSchema, urlObservationSchema } from '../protocol/url';
import type { TaskId } from '../benchmarks/metadata/task-metadata';
import { clampBeta, type ObservationChoice } from './selection';
import { PANEL_ROUTES, type PanelRoute } from './shipped-models';

/** What the lab store selects: task, observation, β and seed. */
export interface LabSelection {
  readonly taskId: TaskId;
  readonly observation: ObservationChoice;
  readonly beta: number;
  readonly seed: number;
}

/** The part of the lab's state that lives in the URL hash, so a link reopens the same view. */
export interface UrlState extends LabSelection {
  /** The panels whose "refine" switch is on (the refinement store's), in PANEL_ROUTES order. */
  readonly refine: readonly PanelRoute[];
}

export const DEFAULT_URL_STATE: UrlState = { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1, refine: [] };
export const DEFAULT_SELECTION: LabSelection = { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 };

/**
 * Reads `#task=…&obs=K|misspecified&x=v1,…&beta=…&seed=…&refine=b-nle,…`. Each bad value falls back to its
 * default with a note saying what was expected and what arrived; nothing throws.
 */
export function parseUrlState(hash: string): { state: UrlState; notes: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const notes: string[] = [];
  /** The field's value read by `schema`, or null with a note (its fallback said by `fallback`). */
  const read = <TSchema extends v.GenericSchema>(name: string, schema: TSchema, fallback: string): v.InferOutput<TSchema> | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    const result = readUrlField(schema, raw);
    if (result.ok) return result.value;
    notes.push(`Link: expected ${name} to be ${result.expected}, got "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"; ${fallback}.`);
    return null;
  };
  const taskId = read('task', UrlTaskSchema, `showing ${DEFAULT_URL_STATE.taskId}`) ?? DEFAULT_URL_STATE.taskId;
  const task = getTaskInfo(taskId);

  let observation: ObservationChoice = DEFAULT_URL_STATE.observation;
  const rawObs = params.get('obs')?.slice(0, MAX_URL_FIELD_CHARS) ?? null;
  if (params.get('x') !== null) {
    const x = read('x', urlObservationSchema(task.xDim), 'showing observation 1');
    if (x) observation = { kind: 'custom', x, theta: null };
  } else if (rawObs === 'misspecified') {
    observation = { kind: 'misspecified' };
  } else if (rawObs !== null && task.showcases.some((cell) => cell.id === rawObs)) {
    observation = { kind: 'showcase', id: rawObs };
  } else if (rawObs !== null) {
    const index = Number(rawObs);
    if (Number.isInteger(index) && index >= 1 && index <= task.observations.length) observation = { kind: 'fixed', index: index - 1 };
    else notes.push(`Link: expected obs to be 1–${task.observations.length}${task.showcases.map((cell) => `, "${cell.id}"`).join('')} or "misspecified", got "${rawObs}"; showing observation 1.`);
  }

  const clamped = clampBeta(task, read('beta', UrlBetaSchema, `using ${DEFAULT_URL_STATE.beta}`) ?? DEFAULT_URL_STATE.beta);
  const beta = clamped.beta;
  if (clamped.note) notes.push(`Link: ${clamped.note}`);
  const seed = read('seed', UrlSeedSchema, `using ${DEFAULT_URL_STATE.seed}`) ?? DEFAULT_URL_STATE.seed;
  const refine = readRefine(params.get('refine')?.slice(0, MAX_URL_FIELD_CHARS) ?? null, notes);
  return { state: { taskId, observation, beta, seed, refine }, notes };
}

/** The `refine` field: route ids separated by commas; an unknown one is left out with a note. */
function readRefine(raw: string | null, notes: string[]): PanelRoute[] {
  if (raw === null || raw === '') return [];
  const asked = raw.split(',');
  const unknown = asked.filter((id) => !(PANEL_ROUTES as readonly string[]).includes(id));
  if (unknown.length > 0) notes.push(`Link: expected refine to list routes from ${PANEL_ROUTES.join(', ')}, separated by commas, got "${unknown.join(',').slice(0, 40)}"; not refining ${unknown.length === 1 ? 'it' : 'them'}.`);
  return PANEL_ROUTES.filter((route) => asked.includes(route));
}

/** Writes the state as a URL hash (numbers in full precision, so the link is exact). */
export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  params.set('task', state.taskId);
  if (state.observation.kind === 'fixed') params.set('obs', String(state.observation.index + 1));
  else if (state.observation.kind === 'misspecified') params.set('obs', 'misspecified');
  else if (state.observation.kind === 'showcase') params.set('obs', state.observation.id);
  else params.set('x', state.observation.x.join(','));
  params.set('beta', String(state.beta));
  params.set('seed', String(state.seed));
  if (state.refine.length > 0) params.set('refine', state.refine.join(','));
  return `#${params.toString().replaceAll('%2C', ',')}`;
}

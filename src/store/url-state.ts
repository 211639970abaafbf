import { getTask, isTaskId, TASK_IDS } from '../benchmarks/registry';
import type { TaskId } from '../benchmarks/task';
import { clampBeta, type ObservationChoice } from './selection';

/** The part of the lab's state that lives in the URL hash, so a link reopens the same view. */
export interface UrlState {
  readonly taskId: TaskId;
  readonly observation: ObservationChoice;
  readonly beta: number;
  readonly seed: number;
}

export const DEFAULT_URL_STATE: UrlState = { taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 };

/**
 * Reads `#task=…&obs=K|misspecified&x=v1,…&beta=…&seed=…`. Each bad value falls back to its
 * default with a note saying what was expected and what arrived; nothing throws.
 */
export function parseUrlState(hash: string): { state: UrlState; notes: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const notes: string[] = [];
  let taskId = DEFAULT_URL_STATE.taskId;
  const rawTask = params.get('task');
  if (rawTask !== null) {
    if (isTaskId(rawTask)) taskId = rawTask;
    else notes.push(`Link: expected task to be one of ${TASK_IDS.join(', ')}, got "${rawTask}"; showing ${taskId}.`);
  }
  const task = getTask(taskId);

  let observation: ObservationChoice = DEFAULT_URL_STATE.observation;
  const rawX = params.get('x');
  const rawObs = params.get('obs');
  if (rawX !== null) {
    const parts = rawX.split(',');
    const x = parts.map(Number);
    if (parts.length === task.xDim && parts.every((part, k) => part.trim() !== '' && Number.isFinite(x[k]))) {
      observation = { kind: 'custom', x, theta: null };
    } else {
      notes.push(`Link: expected x to be ${task.xDim} comma-separated numbers, got "${rawX.slice(0, 40)}"; showing observation 1.`);
    }
  } else if (rawObs === 'misspecified') {
    observation = { kind: 'misspecified' };
  } else if (rawObs !== null && task.showcases.some((cell) => cell.id === rawObs)) {
    observation = { kind: 'showcase', id: rawObs };
  } else if (rawObs !== null) {
    const index = Number(rawObs);
    if (Number.isInteger(index) && index >= 1 && index <= task.observations.length) observation = { kind: 'fixed', index: index - 1 };
    else notes.push(`Link: expected obs to be 1–${task.observations.length}${task.showcases.map((cell) => `, "${cell.id}"`).join('')} or "misspecified", got "${rawObs}"; showing observation 1.`);
  }

  let beta = DEFAULT_URL_STATE.beta;
  const rawBeta = params.get('beta');
  if (rawBeta !== null) {
    const value = Number(rawBeta);
    if (rawBeta.trim() === '' || !Number.isFinite(value)) {
      notes.push(`Link: expected beta to be a number, got "${rawBeta}"; using ${beta}.`);
    } else {
      const clamped = clampBeta(task, value);
      beta = clamped.beta;
      if (clamped.note) notes.push(`Link: ${clamped.note}`);
    }
  } else {
    beta = clampBeta(task, beta).beta;
  }

  let seed = DEFAULT_URL_STATE.seed;
  const rawSeed = params.get('seed');
  if (rawSeed !== null) {
    const value = Number(rawSeed);
    if (/^-?\d+$/.test(rawSeed.trim()) && Number.isSafeInteger(value)) seed = value;
    else notes.push(`Link: expected seed to be a whole number, got "${rawSeed}"; using ${seed}.`);
  }
  return { state: { taskId, observation, beta, seed }, notes };
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
  return `#${params.toString().replaceAll('%2C', ',')}`;
}

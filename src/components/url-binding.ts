import type { LabStore } from '../store/lab-store';
import { formatUrlState, parseUrlState } from '../store/url-state';

/** The hash is rewritten at most this often while β is dragged (a few times a second). */
export const URL_WRITE_MS = 250;

/**
 * Keeps the URL hash and the store in step: every change of task, observation, β or seed
 * replaces the hash (no history spam while dragging; at most every `URL_WRITE_MS` while β moves,
 * and at once when it rests), and a hash typed or pasted by hand is read back into the store,
 * with notes for values it could not use.
 */
export function bindUrlState(store: LabStore): void {
  let written = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = Number.NEGATIVE_INFINITY;
  const write = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastWrite = performance.now();
    const { taskId, observation, beta, seed } = store.getState();
    const hash = formatUrlState({ taskId, observation, beta, seed });
    if (hash !== written && hash !== window.location.hash) history.replaceState(null, '', hash);
    written = hash;
  };
  write();
  store.subscribe((state, previous) => {
    const moved = state.taskId !== previous.taskId || state.observation !== previous.observation || state.beta !== previous.beta || state.seed !== previous.seed;
    const resting = state.betaResting && !state.observationMoving;
    if (resting && (moved || !previous.betaResting || previous.observationMoving)) write();
    else if (moved && timer === null) timer = setTimeout(write, Math.max(0, lastWrite + URL_WRITE_MS - performance.now()));
  });
  window.addEventListener('hashchange', () => {
    if (window.location.hash === written) return;
    const { state, notes } = parseUrlState(window.location.hash);
    // The notes of an earlier link go: they described a hash that is no longer there.
    const kept = store.getState().notes.filter((note) => !note.id.startsWith('url-'));
    store.setState({ ...state, notes: [...kept, ...notes.map((text, i) => ({ id: `url-${Date.now()}-${i}`, text }))] });
    store.getState().refreshAll();
  });
}

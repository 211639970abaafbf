import type { LabStore } from '../store/lab-store';
import { formatUrlState, parseUrlState } from '../store/url-state';

/**
 * Keeps the URL hash and the store in step: every change of task, observation, β or seed
 * replaces the hash (no history spam while dragging), and a hash typed or pasted by hand is
 * read back into the store, with notes for values it could not use.
 */
export function bindUrlState(store: LabStore): void {
  let written = '';
  const write = () => {
    const { taskId, observation, beta, seed } = store.getState();
    const hash = formatUrlState({ taskId, observation, beta, seed });
    if (hash !== written && hash !== window.location.hash) history.replaceState(null, '', hash);
    written = hash;
  };
  write();
  store.subscribe((state, previous) => {
    if (state.taskId !== previous.taskId || state.observation !== previous.observation || state.beta !== previous.beta || state.seed !== previous.seed) {
      write();
    }
  });
  window.addEventListener('hashchange', () => {
    if (window.location.hash === written) return;
    const { state, notes } = parseUrlState(window.location.hash);
    store.setState({ ...state, notes: [...store.getState().notes, ...notes.map((text, i) => ({ id: `url-${Date.now()}-${i}`, text }))] });
    store.getState().refreshAll();
  });
}

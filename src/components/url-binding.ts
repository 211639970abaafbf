import type { LabStore } from '../store/lab-store';
import type { RefinementStoreHandle } from '../store/refinement-store';
import { PANEL_ROUTES } from '../store/shipped-models';
import { formatUrlState, parseUrlState, type UrlState } from '../store/url-state';

/** The hash is rewritten at most this often while β is dragged (a few times a second). */
export const URL_WRITE_MS = 250;

/** The routes whose refine switch is on. */
function refinedRoutes(refinement: RefinementStoreHandle): UrlState['refine'] {
  const panels = refinement.store.getState().panels;
  return PANEL_ROUTES.filter((route) => panels[route].on);
}

/** Turns the refine switches to what a link says. */
export function applyRefineSwitches(refinement: RefinementStoreHandle, refine: UrlState['refine']): void {
  const panels = refinement.store.getState().panels;
  for (const route of PANEL_ROUTES) if (panels[route].on !== refine.includes(route)) refinement.store.getState().setRefine(route, refine.includes(route));
}

/**
 * Keeps the URL hash and the stores in step: every change of task, observation, β, seed or a
 * refine switch replaces the hash (no history spam while dragging; at most every `URL_WRITE_MS` while β moves,
 * and at once when it rests), and a hash typed or pasted by hand is read back into the store,
 * with notes for values it could not use.
 */
export function bindUrlState(store: LabStore, refinement: RefinementStoreHandle): void {
  let written = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = Number.NEGATIVE_INFINITY;
  const write = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastWrite = performance.now();
    const { taskId, observation, beta, seed } = store.getState();
    const hash = formatUrlState({ taskId, observation, beta, seed, refine: refinedRoutes(refinement) });
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
  refinement.store.subscribe((state, previous) => {
    if (PANEL_ROUTES.some((route) => state.panels[route].on !== previous.panels[route].on)) write();
  });
  window.addEventListener('hashchange', () => {
    if (window.location.hash === written) return;
    const { state, notes } = parseUrlState(window.location.hash);
    const { refine, ...selection } = state;
    // The notes of an earlier link go: they described a hash that is no longer there.
    const kept = store.getState().notes.filter((note) => !note.id.startsWith('url-'));
    store.setState({ ...selection, notes: [...kept, ...notes.map((text, i) => ({ id: `url-${Date.now()}-${i}`, text }))] });
    store.getState().refreshAll();
    applyRefineSwitches(refinement, refine);
  });
}

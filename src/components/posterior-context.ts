import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PosteriorState, PosteriorStore } from '../store/posterior-store';
import type { PredictiveState, PredictiveStore } from '../store/predictive-store';

/** The amortized panels' store, provided by `main.tsx`. */
export const PosteriorStoreContext = createContext<PosteriorStore | null>(null);

/** Reads a slice of the posterior store and re-renders when it changes. */
export function usePosteriors<T>(selector: (state: PosteriorState) => T): T {
  const store = useContext(PosteriorStoreContext);
  if (!store) throw new Error('usePosteriors: expected to be rendered inside <PosteriorStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

/** The posterior predictive panel's store (tasks with traces), provided by `main.tsx`. */
export const PredictiveStoreContext = createContext<PredictiveStore | null>(null);

/** Reads a slice of the predictive store and re-renders when it changes. */
export function usePredictive<T>(selector: (state: PredictiveState) => T): T {
  const store = useContext(PredictiveStoreContext);
  if (!store) throw new Error('usePredictive: expected to be rendered inside <PredictiveStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

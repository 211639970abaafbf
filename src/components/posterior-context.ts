import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PosteriorState, PosteriorStore } from '../store/posterior-store';

/** The amortized panels' store, provided by `main.tsx`. */
export const PosteriorStoreContext = createContext<PosteriorStore | null>(null);

/** Reads a slice of the posterior store and re-renders when it changes. */
export function usePosteriors<T>(selector: (state: PosteriorState) => T): T {
  const store = useContext(PosteriorStoreContext);
  if (!store) throw new Error('usePosteriors: expected to be rendered inside <PosteriorStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

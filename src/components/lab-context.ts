import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../store/lab-store';

/** The one lab store of the page, provided by `main.tsx`. */
export const LabStoreContext = createContext<LabStore | null>(null);

/** Reads a slice of the lab store and re-renders when it changes. */
export function useLab<T>(selector: (state: LabState) => T): T {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab: expected to be rendered inside <LabStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ReferenceBuffers, ReferenceState, ReferenceStoreHandle } from '../store/reference-store';

/** The reference panel's store and its arrays, provided by `main.tsx`. */
export const ReferenceStoreContext = createContext<ReferenceStoreHandle | null>(null);

function useHandle(): ReferenceStoreHandle {
  const handle = useContext(ReferenceStoreContext);
  if (!handle) throw new Error('useReference: expected to be rendered inside <ReferenceStoreContext.Provider>, got no store');
  return handle;
}

/** Reads a slice of the reference store (or of its buffers, re-read whenever its state changes). */
export function useReference<T>(selector: (state: ReferenceState, buffers: ReferenceBuffers) => T): T {
  const { store, buffers } = useHandle();
  return useStore(store, (state) => selector(state, buffers));
}

/** The reference store's arrays (read them in render, keyed by `useReference`'s version). */
export function useReferenceBuffers(): ReferenceBuffers {
  return useHandle().buffers;
}

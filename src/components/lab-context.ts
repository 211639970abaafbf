import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../store/lab-store';
import type { SimulationState, SimulationStore } from '../store/simulation-store';

/** The one lab store of the page, provided by `main.tsx`. */
export const LabStoreContext = createContext<LabStore | null>(null);

/** Reads a slice of the lab store and re-renders when it changes. */
export function useLab<T>(selector: (state: LabState) => T): T {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab: expected to be rendered inside <LabStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

/** The simulation store (prior predictive, new observations, oracle ESS curves), provided by `main.tsx`. */
export const SimulationStoreContext = createContext<SimulationStore | null>(null);

/** Reads a slice of the simulation store and re-renders when it changes. */
export function useSimulation<T>(selector: (state: SimulationState) => T): T {
  const store = useContext(SimulationStoreContext);
  if (!store) throw new Error('useSimulation: expected to be rendered inside <SimulationStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

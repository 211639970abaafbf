import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BackendState } from '../store/backend-store';
import type { CalibrationState, CalibrationStore } from '../store/calibration-store';
import type { PosteriorState, PosteriorStoreHandle } from '../store/posterior-store';
import type { PredictiveState, PredictiveStore } from '../store/predictive-store';
import type { RefinementState, RefinementStoreHandle } from '../store/refinement-store';
import type { TrainingStoreState } from '../store/training-store';

/** The amortized panels' store and what each panel draws at a β, provided by `main.tsx`. */
export const PosteriorStoreContext = createContext<PosteriorStoreHandle | null>(null);

function useHandle(): PosteriorStoreHandle {
  const handle = useContext(PosteriorStoreContext);
  if (!handle) throw new Error('usePosteriors: expected to be rendered inside <PosteriorStoreContext.Provider>, got no store');
  return handle;
}

/** Reads a slice of the posterior store and re-renders when it changes. */
export function usePosteriors<T>(selector: (state: PosteriorState) => T): T {
  return useStore(useHandle().store, selector);
}

/** Reads a slice of the backend store (the posterior worker's TensorFlow.js backend). */
export function useBackend<T>(selector: (state: BackendState) => T): T {
  return useStore(useHandle().backend.store, selector);
}

/** Reads a slice of the training store ("train in this browser"). */
export function useTraining<T>(selector: (state: TrainingStoreState) => T): T {
  return useStore(useHandle().training, selector);
}

/** The posterior store's `display`: a route's draws at a β (exact, interpolated along its ladder, or its nearest rung). */
export function usePosteriorDisplay(): PosteriorStoreHandle['display'] {
  return useHandle().display;
}

/** The posterior predictive panel's store (tasks with traces), provided by `main.tsx`. */
export const PredictiveStoreContext = createContext<PredictiveStore | null>(null);

/** Reads a slice of the predictive store and re-renders when it changes. */
export function usePredictive<T>(selector: (state: PredictiveState) => T): T {
  const store = useContext(PredictiveStoreContext);
  if (!store) throw new Error('usePredictive: expected to be rendered inside <PredictiveStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

/** The panels' refinement switches and refined draws, provided by `main.tsx`. */
export const RefinementStoreContext = createContext<RefinementStoreHandle | null>(null);

function useRefinementHandle(): RefinementStoreHandle {
  const handle = useContext(RefinementStoreContext);
  if (!handle) throw new Error('useRefinement: expected to be rendered inside <RefinementStoreContext.Provider>, got no store');
  return handle;
}

/** Reads a slice of the refinement store and re-renders when it changes. */
export function useRefinement<T>(selector: (state: RefinementState) => T): T {
  return useStore(useRefinementHandle().store, selector);
}

/** A route's refined draws for the current selection (null when none are held for it). */
export function useRefinedDraws(): RefinementStoreHandle['refinedDraws'] {
  return useRefinementHandle().refinedDraws;
}

/** The calibration panel's store (issue 20), provided by `main.tsx`. */
export const CalibrationStoreContext = createContext<CalibrationStore | null>(null);

/** Reads a slice of the calibration store and re-renders when it changes. */
export function useCalibration<T>(selector: (state: CalibrationState) => T): T {
  const store = useContext(CalibrationStoreContext);
  if (!store) throw new Error('useCalibration: expected to be rendered inside <CalibrationStoreContext.Provider>, got no store');
  return useStore(store, selector);
}

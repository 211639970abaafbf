import { createStore } from 'zustand/vanilla';
import type { BackendName, BackendReport } from '../core/backend-names';
import { BackendOverrideSchema, BackendReportSchema, type LabResponse, STORAGE_KEYS } from '../protocol/messages';
import type { LatestRunChannel } from './lab-worker-client';
import { type KeyValueStorage, readStored } from './stored-values';

/** Which TensorFlow.js backend the posterior worker runs on, and why (the page's backend badge). */
export interface BackendState {
  readonly status: 'choosing' | 'ready' | 'error';
  readonly report: BackendReport | null;
  /** The backend the person chose (remembered in this browser), or null: chosen by measurement. */
  readonly override: BackendName | null;
  readonly error: string | null;
  /** Chooses the backend again: by measurement (null) or the named one; remembered in this browser. */
  setOverride(override: BackendName | null): void;
}

/** What the backend store tells the others. */
export interface BackendStoreHooks {
  /** The backend changed on request: the panels should draw again on it. */
  onOverride(): void;
  /** A stored value was unreadable (reported, removed). */
  reportStored(message: string, key: string): void;
}

/**
 * The backend store: asks the posterior worker to choose its backend (the remembered override
 * if any, else the remembered measurement, else a new one), remembers a measured choice and an
 * override in `storage`, and says how it stands.
 */
export function createBackendStore(channel: LatestRunChannel, storage: KeyValueStorage, hooks: BackendStoreHooks) {
  const saved: BackendName | null = readStored(storage, STORAGE_KEYS.backendOverride, BackendOverrideSchema, { json: false, report: hooks.reportStored });
  const store = createStore<BackendState>()((set) => ({
    status: 'choosing',
    report: null,
    override: saved,
    error: null,
    setOverride(override) {
      if (override) storage.setItem(STORAGE_KEYS.backendOverride, override);
      else storage.removeItem(STORAGE_KEYS.backendOverride);
      set({ status: 'choosing', report: null, override, error: null });
      channel.start((runId) => ({ type: 'backend', runId, override, remembered: null }));
      hooks.onOverride();
    },
  }));

  channel.onResponse((response: LabResponse) => {
    if (response.type === 'backend-result') {
      store.setState({ status: 'ready', report: response.report, error: null });
      if (!response.report.overridden) storage.setItem(STORAGE_KEYS.backendReport, JSON.stringify(response.report));
    } else if (response.type === 'error') store.setState({ status: 'error', error: response.message });
  });

  return {
    store,
    /** Asks the posterior worker for its backend (the remembered override, if any); again after a restart. */
    choose() {
      // Unreadable or malformed: reported, removed, and the backends measured again.
      const remembered: BackendReport | null = readStored(storage, STORAGE_KEYS.backendReport, BackendReportSchema, { json: true, report: hooks.reportStored });
      channel.start((runId) => ({ type: 'backend', runId, override: store.getState().override, remembered }));
    },
  };
}

export type BackendStore = ReturnType<typeof createBackendStore>['store'];

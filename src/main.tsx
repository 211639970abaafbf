import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getTask } from './benchmarks/registry';
import { App } from './components/App';
import { LabStoreContext } from './components/lab-context';
import { createLabStore, PRIOR_PREDICTIVE_DRAWS } from './store/lab-store';
import { LatestRunChannel, type WorkerPort } from './store/lab-worker-client';
import './styles.css';

const worker = new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });
const channel = new LatestRunChannel(worker as WorkerPort);
const store = createLabStore(channel, (taskId) => PRIOR_PREDICTIVE_DRAWS[getTask(taskId).dataView.kind]);
store.getState().refreshPriorPredictive();

const root = document.getElementById('root');
if (!root) throw new Error('index.html: expected an element with id "root", got none');
createRoot(root).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <App />
    </LabStoreContext.Provider>
  </StrictMode>,
);

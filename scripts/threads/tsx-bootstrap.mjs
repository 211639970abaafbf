// Starts a TypeScript worker thread: registers tsx in this thread, then imports the entry
// named in workerData.entry (a file URL). Node 20 does not pass --import loaders to workers.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

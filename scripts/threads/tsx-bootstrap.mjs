// Starts a TypeScript worker thread: registers the same hooks as the command line in this
// thread (Node 20 does not pass --import loaders to workers), then imports workerData.entry.
import { workerData } from 'node:worker_threads';
import '../node-hooks/register.mjs';

await import(workerData.entry);

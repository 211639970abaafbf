/**
 * A worker thread that scores some folds of a C2ST problem (src/metrics/c2st.ts) and posts
 * their results back. Started by `c2stOnThreads`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type C2stProblem, scoreC2stFold } from '../../src/metrics/c2st';

const { problem, foldIndices } = workerData as { problem: C2stProblem; foldIndices: number[] };
parentPort?.postMessage(foldIndices.map((k) => ({ k, result: scoreC2stFold(problem, k) })));

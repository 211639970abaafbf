import type { LabResponse } from '../protocol/messages';

/**
 * The sessions layer: each worker's logic, free of any worker API so Node tests can drive it
 * (reference, posterior, training, grid). A session receives checked requests and answers
 * through `PostResponse`; the worker entry points in workers/ only parse and forward.
 */

/** Sends a response out of the worker, with the buffers to transfer. */
export type PostResponse = (response: LabResponse, transfer: Transferable[]) => void;

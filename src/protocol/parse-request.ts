import { isTaskId, TASK_IDS } from '../benchmarks/registry';
import { MAX_PRIOR_PREDICTIVE_DRAWS, type LabRequest } from './messages';

/**
 * Checks a message that arrived at the worker and returns it typed, or throws an Error that
 * says what was expected and what arrived. The worker trusts nothing it did not check here.
 */
export function parseLabRequest(message: unknown): LabRequest {
  if (typeof message !== 'object' || message === null) {
    throw new Error(`worker message: expected an object with a "type", got ${describe(message)}`);
  }
  const record = message as Record<string, unknown>;
  const runId = record.runId;
  if (!Number.isSafeInteger(runId)) {
    throw new Error(`worker message: expected an integer runId, got ${describe(runId)}`);
  }
  switch (record.type) {
    case 'cancel':
      return { type: 'cancel', runId: runId as number };
    case 'prior-predictive': {
      const { taskId, numDraws, seed } = record;
      if (typeof taskId !== 'string' || !isTaskId(taskId)) {
        throw new Error(`prior-predictive taskId: expected one of ${TASK_IDS.join(', ')}, got ${describe(taskId)}`);
      }
      if (!Number.isSafeInteger(numDraws) || (numDraws as number) < 1 || (numDraws as number) > MAX_PRIOR_PREDICTIVE_DRAWS) {
        throw new Error(`prior-predictive numDraws: expected an integer in [1, ${MAX_PRIOR_PREDICTIVE_DRAWS}], got ${describe(numDraws)}`);
      }
      if (!Number.isSafeInteger(seed)) {
        throw new Error(`prior-predictive seed: expected a safe integer, got ${describe(seed)}`);
      }
      return { type: 'prior-predictive', runId: runId as number, taskId, numDraws: numDraws as number, seed: seed as number };
    }
    default:
      throw new Error(`worker message: expected type "prior-predictive" or "cancel", got ${describe(record.type)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

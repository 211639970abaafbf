import { getTask, isTaskId, TASK_IDS } from '../benchmarks/registry';
import type { TaskId } from '../benchmarks/task';
import { MAX_BETA, MAX_REFERENCE_DRAWS } from '../core/limits';
import { BACKEND_NAMES, type BackendName, type BackendReport } from '../core/backend-names';
import { MAX_LADDER_DRAWS, MAX_LADDER_RUNGS, MAX_PRIOR_PREDICTIVE_DRAWS, MAX_RECORDED_TRACE_CHARS, type LabRequest, type ModelSource } from './messages';
import { isRouteId, LIKELIHOOD_ESTIMATOR_NAMES, type RouteId, TRAINABLE_ROUTES } from '../core/route-ids';

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
      const taskId = readTaskId(record, 'prior-predictive');
      const numDraws = readInteger(record, 'prior-predictive', 'numDraws', 1, MAX_PRIOR_PREDICTIVE_DRAWS);
      const seed = readSeed(record, 'prior-predictive');
      return { type: 'prior-predictive', runId: runId as number, taskId, numDraws, seed };
    }
    case 'grid': {
      const taskId = readTaskId(record, 'grid');
      const thetaDim = getTask(taskId).thetaDim;
      if (thetaDim > 3) throw new Error(`grid taskId: expected a task with 2 or 3 parameters, got ${taskId} with ${thetaDim}`);
      return {
        type: 'grid',
        runId: runId as number,
        taskId,
        x: readObservation(record, 'grid', taskId),
        beta: readBeta(record, 'grid'),
        numDraws: readInteger(record, 'grid', 'numDraws', 0, MAX_LADDER_DRAWS),
        seed: readSeed(record, 'grid'),
      };
    }
    case 'grid-ladder': {
      const kind = 'grid-ladder';
      const taskId = readTaskId(record, kind);
      const thetaDim = getTask(taskId).thetaDim;
      if (thetaDim > 3) throw new Error(`${kind} taskId: expected a task with 2 or 3 parameters, got ${taskId} with ${thetaDim}`);
      return {
        type: kind,
        runId: runId as number,
        taskId,
        x: readObservation(record, kind, taskId),
        betas: readLadder(record, kind, taskId),
        focusBeta: readBeta({ beta: record.focusBeta }, `${kind} focus`),
        numDraws: readInteger(record, kind, 'numDraws', 0, MAX_LADDER_DRAWS),
        seed: readSeed(record, kind),
      };
    }
    case 'reference-ladder': {
      const kind = 'reference-ladder';
      const taskId = readTaskId(record, kind);
      return {
        type: kind,
        runId: runId as number,
        taskId,
        x: readObservation(record, kind, taskId),
        betas: readLadder(record, kind, taskId),
        numDraws: readInteger(record, kind, 'numDraws', 1, MAX_LADDER_DRAWS),
        seed: readSeed(record, kind),
      };
    }
    case 'reference': {
      const taskId = readTaskId(record, 'reference');
      const x = readObservation(record, 'reference', taskId);
      const beta = readBeta(record, 'reference');
      const numDraws = readInteger(record, 'reference', 'numDraws', 1, MAX_REFERENCE_DRAWS);
      const seed = readSeed(record, 'reference');
      return { type: 'reference', runId: runId as number, taskId, x, beta, numDraws, seed };
    }
    case 'two-sample': {
      const dim = readInteger(record, 'two-sample', 'dim', 1, 1000);
      const seed = readSeed(record, 'two-sample');
      const [reference, candidate] = (['reference', 'candidate'] as const).map((field) => {
        const value = record[field];
        if (!(value instanceof Float64Array) || value.length === 0 || value.length % dim !== 0) {
          throw new Error(`two-sample ${field}: expected a non-empty Float64Array of rows of ${dim} values, got ${describe(value)}`);
        }
        return value;
      }) as [Float64Array, Float64Array];
      return { type: 'two-sample', runId: runId as number, reference, candidate, dim, seed };
    }
    case 'train': {
      const taskId = readTaskId(record, 'train');
      const route = record.route;
      if (!isRouteId(route)) throw new Error(`train route: expected one of ${Object.keys(TRAINABLE_ROUTES).join(', ')}, got ${describe(route)}`);
      return {
        type: 'train',
        runId: runId as number,
        taskId,
        route,
        numSimulations: readInteger(record, 'train', 'numSimulations', 100, 100_000),
        seed: readSeed(record, 'train'),
        maxEpochs: readInteger(record, 'train', 'maxEpochs', 1, 10_000),
        likelihood: readLikelihood(record),
      };
    }
    case 'posterior-ladder': {
      const kind = 'posterior-ladder';
      const taskId = readTaskId(record, kind);
      const route = readRoute(record, kind);
      const betas = readBetas(record, kind);
      return {
        type: kind,
        runId: runId as number,
        taskId,
        route,
        source: readSource(record, kind),
        x: readObservation(record, kind, taskId),
        seed: readSeed(record, kind),
        betas,
        focusBeta: readBeta({ beta: record.focusBeta }, `${kind} focus`),
        numDraws: readInteger(record, kind, 'numDraws', 1, MAX_LADDER_DRAWS),
      };
    }
    case 'posterior-sample':
    case 'posterior-predictive': {
      const kind = record.type;
      const taskId = readTaskId(record, kind);
      const route = readRoute(record, kind);
      const common = {
        runId: runId as number,
        taskId,
        route,
        source: readSource(record, kind),
        x: readObservation(record, kind, taskId),
        beta: readBeta(record, kind),
        seed: readSeed(record, kind),
      };
      if (kind === 'posterior-sample') return { type: kind, ...common, numDraws: readInteger(record, kind, 'numDraws', 1, MAX_REFERENCE_DRAWS) };
      const fixedBetas = record.fixedBetas;
      if (!Array.isArray(fixedBetas) || fixedBetas.length > 8 || !fixedBetas.every((beta) => typeof beta === 'number' && beta > 0 && Number.isFinite(beta))) {
        throw new Error(`posterior-predictive fixedBetas: expected at most 8 positive numbers, got ${describe(fixedBetas)}`);
      }
      if (!getTask(taskId).traces) throw new Error(`posterior-predictive taskId: expected a task whose data are traces (hodgkin_huxley), got ${taskId}`);
      return {
        type: kind,
        ...common,
        numTraces: readInteger(record, kind, 'numTraces', 1, 200),
        fixedBetas: fixedBetas as number[],
        numFixedDraws: readInteger(record, kind, 'numFixedDraws', 1, 100_000),
      };
    }
    case 'recorded-trace': {
      const taskId = readTaskId(record, 'recorded-trace');
      if (!getTask(taskId).traces) throw new Error(`recorded-trace taskId: expected a task whose data are traces (hodgkin_huxley), got ${taskId}`);
      const { name, text } = record;
      if (typeof name !== 'string' || name.length > 500) throw new Error(`recorded-trace name: expected a file name, got ${describe(name)}`);
      if (typeof text !== 'string' || text.length > MAX_RECORDED_TRACE_CHARS) {
        throw new Error(`recorded-trace text: expected CSV text of at most ${MAX_RECORDED_TRACE_CHARS} characters, got ${typeof text === 'string' ? `${text.length} characters` : describe(text)}`);
      }
      return { type: 'recorded-trace', runId: runId as number, taskId, name, text };
    }
    case 'oracle-ess': {
      const taskId = readTaskId(record, 'oracle-ess');
      if (!getTask(taskId).logLikelihood) throw new Error(`oracle-ess taskId: expected a task with an exact likelihood, got ${taskId} (it has none)`);
      const numSimulations = readInteger(record, 'oracle-ess', 'numSimulations', 100, 100_000);
      const seed = readSeed(record, 'oracle-ess');
      return { type: 'oracle-ess', runId: runId as number, taskId, numSimulations, seed };
    }
    case 'backend': {
      const override = record.override;
      if (override !== null && !(typeof override === 'string' && (BACKEND_NAMES as readonly string[]).includes(override))) {
        throw new Error(`backend override: expected null or one of ${BACKEND_NAMES.join(', ')}, got ${describe(override)}`);
      }
      const remembered = record.remembered as Partial<BackendReport> | null | undefined;
      const validRemembered =
        remembered === null || remembered === undefined || (typeof remembered === 'object' && (BACKEND_NAMES as readonly unknown[]).includes(remembered.chosen) && typeof remembered.reasons === 'object');
      if (!validRemembered) throw new Error(`backend remembered: expected null or a backend report with "chosen" and "reasons", got ${describe(remembered)}`);
      return { type: 'backend', runId: runId as number, override: override as BackendName | null, remembered: (remembered ?? null) as BackendReport | null };
    }
    default:
      throw new Error(
        `worker message: expected type "prior-predictive", "reference", "reference-ladder", "grid", "grid-ladder", "two-sample", "train", "posterior-sample", "posterior-ladder", "posterior-predictive", "recorded-trace", "oracle-ess", "backend" or "cancel", got ${describe(record.type)}`,
      );
  }
}

/** 1 to MAX_LADDER_RUNGS ascending β values in (0, MAX_BETA]. */
function readBetas(record: Record<string, unknown>, kind: string): number[] {
  const betas = record.betas;
  const ascending = Array.isArray(betas) && betas.every((beta, k) => typeof beta === 'number' && beta > 0 && beta <= MAX_BETA && (k === 0 || beta > (betas[k - 1] as number)));
  if (!ascending || betas.length === 0 || betas.length > MAX_LADDER_RUNGS) {
    throw new Error(`${kind} betas: expected 1 to ${MAX_LADDER_RUNGS} ascending numbers in (0, ${MAX_BETA}], got ${describeList(betas)}`);
  }
  return betas as number[];
}

/** A ladder inside the task's β domain (the page's ladder for the reference samplers). */
function readLadder(record: Record<string, unknown>, kind: string, taskId: TaskId): number[] {
  const betas = readBetas(record, kind);
  const [low, high] = getTask(taskId).betaDomain;
  const outside = betas.find((beta) => beta < low || beta > high);
  if (outside !== undefined) throw new Error(`${kind} betas: expected every β in ${taskId}'s domain [${low}, ${high}], got ${outside}`);
  return betas;
}

/** An array's first values, for messages (a ladder is short enough to show). */
function describeList(value: unknown): string {
  if (!Array.isArray(value)) return describe(value);
  const shown = value.slice(0, 6).map((v) => (typeof v === 'number' ? String(v) : describe(v)));
  return `[${shown.join(', ')}${value.length > 6 ? ', …' : ''}]`;
}

function readRoute(record: Record<string, unknown>, kind: string): RouteId {
  const route = record.route;
  if (!isRouteId(route)) throw new Error(`${kind} route: expected one of ${Object.keys(TRAINABLE_ROUTES).join(', ')}, got ${describe(route)}`);
  return route;
}

function readSource(record: Record<string, unknown>, kind: string): ModelSource {
  const source = record.source as Record<string, unknown> | null;
  if (typeof source === 'object' && source !== null) {
    if (source.kind === 'shipped' && typeof source.url === 'string') return { kind: 'shipped', url: source.url };
    if (source.kind === 'browser' && typeof source.key === 'string' && typeof source.revision === 'string') return { kind: 'browser', key: source.key, revision: source.revision };
  }
  throw new Error(`${kind} source: expected { kind: "shipped", url } or { kind: "browser", key, revision }, got ${describe(source)}`);
}

function readLikelihood(record: Record<string, unknown>): string {
  const name = record.likelihood ?? 'auto';
  if (typeof name !== 'string' || !(LIKELIHOOD_ESTIMATOR_NAMES as readonly string[]).includes(name)) throw new Error(`train likelihood: expected one of ${LIKELIHOOD_ESTIMATOR_NAMES.join(', ')}, got ${describe(name)}`);
  return name;
}

function readTaskId(record: Record<string, unknown>, kind: string): TaskId {
  const taskId = record.taskId;
  if (typeof taskId !== 'string' || !isTaskId(taskId)) {
    throw new Error(`${kind} taskId: expected one of ${TASK_IDS.join(', ')}, got ${describe(taskId)}`);
  }
  return taskId;
}

function readObservation(record: Record<string, unknown>, kind: string, taskId: TaskId): number[] {
  const xDim = getTask(taskId).xDim;
  const x = record.x;
  if (!Array.isArray(x) || x.length !== xDim || !x.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${kind} x: expected ${xDim} finite numbers for ${taskId}, got ${describe(x)}`);
  }
  return x as number[];
}

function readBeta(record: Record<string, unknown>, kind: string): number {
  const beta = record.beta;
  if (typeof beta !== 'number' || !(beta > 0 && beta <= MAX_BETA)) {
    throw new Error(`${kind} beta: expected a number in (0, ${MAX_BETA}], got ${describe(beta)}`);
  }
  return beta;
}

/** A seed: any safe integer. */
function readSeed(record: Record<string, unknown>, kind: string): number {
  return readInteger(record, kind, 'seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

function readInteger(record: Record<string, unknown>, kind: string, field: string, min: number, max: number): number {
  const value = record[field];
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    const range = min === -Number.MAX_SAFE_INTEGER ? 'a safe integer' : `an integer in [${min}, ${max}]`;
    throw new Error(`${kind} ${field}: expected ${range}, got ${describe(value)}`);
  }
  return value as number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Float64Array) return `a Float64Array of length ${value.length}`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

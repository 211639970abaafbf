import * as v from 'valibot';
import { BACKEND_NAMES } from '../core/backend-names';
import { text } from '../core/boundary';

/**
 * What the page keeps in this browser's localStorage, read back through these schemas: a value
 * that fails is reported, removed and replaced by the default (never written back).
 */

const backendName = v.picklist(BACKEND_NAMES);
/** An optional value per backend name; other keys are refused. */
const perBackend = <TSchema extends v.GenericSchema>(value: TSchema) =>
  v.strictObject({ webgpu: v.exactOptional(value), webgl: v.exactOptional(value), wasm: v.exactOptional(value), cpu: v.exactOptional(value) });

/** Why each backend was chosen or passed over, and how fast it trained (remembered between visits). */
export const BackendReportSchema = v.object({
  chosen: backendName,
  /** Training steps per second of the micro-benchmark, per backend that ran it. */
  stepsPerSecond: perBackend(v.pipe(v.number(), v.finite('a finite number'))),
  /** One line per backend: "chosen: fastest", "skipped: no WebGPU adapter", … */
  reasons: perBackend(v.pipe(v.string(), v.maxLength(1000, 'a string of at most 1000 characters'))),
  /** True when the choice came from an override rather than the benchmark. */
  overridden: v.boolean(),
});

/** The backend a person picked by hand. */
export const BackendOverrideSchema = backendName;

/** The revision of a model trained in this browser (changes on every retraining). */
export const BrowserModelRevisionSchema = text(200);

/** localStorage keys. */
export const STORAGE_KEYS = {
  backendOverride: 'tempered-sbi-lab:backend',
  backendReport: 'tempered-sbi-lab:backend-report',
  browserModel: (task: string, route: string) => `tempered-sbi-lab:browser-model:${task}/${route}`,
} as const;

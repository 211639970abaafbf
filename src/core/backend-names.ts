/** Backend names and reports, free of TensorFlow.js so the page and the lab worker can import them. */

/** The TensorFlow.js backends the lab can run on, fastest-hardware first. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Why each backend was chosen or passed over, and how fast it trained. */
export interface BackendReport {
  readonly chosen: BackendName;
  /** Training steps per second of the micro-benchmark, per backend that ran it. */
  readonly stepsPerSecond: Partial<Record<BackendName, number>>;
  /** One line per backend: "chosen: fastest", "skipped: no WebGPU adapter", … */
  readonly reasons: Partial<Record<BackendName, string>>;
  /** True when the choice came from an override rather than the benchmark. */
  readonly overridden: boolean;
}

/** The `backends` query value: names from BACKEND_NAMES, comma-separated; anything else is an Error naming what was expected. */
export function parseBackendsParam(value: string | null): BackendName[] {
  if (value === null) return [...BACKEND_NAMES];
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(BACKEND_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined || names.length === 0) {
    const shown = unknown === undefined ? '(none)' : JSON.stringify(unknown.length > 80 ? `${unknown.slice(0, 80)}…` : unknown);
    throw new Error(`backends: expected a comma-separated list of ${BACKEND_NAMES.join(', ')}, got ${shown}`);
  }
  return names as BackendName[];
}

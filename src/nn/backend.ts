import { Rng } from '../core/rng';
import { BACKEND_NAMES, type BackendName, type BackendReport } from '../core/backend-names';
import { Dense } from './dense';
import { type Scalar, type Tensor2D, tf } from './tf';

export { BACKEND_NAMES, type BackendName, type BackendReport };

export interface BackendOptions {
  /** Backends to try, in order (default: all four in the browser, wasm and cpu in Node). */
  readonly candidates?: readonly BackendName[];
  /** Use this backend if it works, without benchmarking the others. */
  readonly override?: BackendName;
  /** Where the wasm backend finds its three .wasm files (the page passes Vite's asset URLs). */
  readonly wasmPaths?: Record<string, string>;
  /** Seconds of micro-benchmark per backend (default 0.4). */
  readonly benchmarkSeconds?: number;
  /**
   * Where the last choice is remembered (the page passes one backed by localStorage): a cached
   * choice that still works is used without benchmarking again.
   */
  readonly cache?: BackendCache;
}

/** Remembers a backend report between visits. */
export interface BackendCache {
  get(): BackendReport | null;
  set(report: BackendReport): void;
}

/** A cache in memory (Node, tests) — the page uses localStorage behind the same interface. */
export function memoryBackendCache(): BackendCache {
  let stored: BackendReport | null = null;
  return { get: () => stored, set: (report) => (stored = report) };
}

/** True in a page or a Web Worker, false in Node. */
const isBrowser = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string';

/** Sets the wasm binaries' paths, unless tfjs has initialised its wasm backend already (and so has its paths). */
function setWasmPathsOnce(setWasmPaths: (paths: Record<string, string>) => void, paths: Record<string, string>): void {
  try {
    setWasmPaths(paths);
  } catch (error) {
    if (!/already initialized/.test((error as Error).message)) throw error;
  }
}

/** Registers a backend's module (dynamically, so Node never loads the GPU ones). Returns why it cannot run, or null. */
async function register(name: BackendName, options: BackendOptions): Promise<string | null> {
  switch (name) {
    case 'cpu':
      return null; // registered by ./tf
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Threads need cross-origin isolation, break in minified builds, and gain nothing on 2 cores.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      // tfjs refuses new paths once the wasm backend is initialised (it keeps the first ones).
      if (options.wasmPaths) setWasmPathsOnce(wasm.setWasmPaths, options.wasmPaths);
      return null;
    }
    case 'webgl': {
      if (!isBrowser) return 'not in a browser';
      await import('@tensorflow/tfjs-backend-webgl');
      // Let software GL (SwiftShader) run when asked for by name; the automatic choice skips it (softwareRenderer).
      tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
      return null;
    }
    case 'webgpu': {
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
      if (!gpu) return 'this browser has no WebGPU';
      const adapter = await gpu.requestAdapter().catch(() => null);
      if (!adapter) return 'no WebGPU adapter';
      await import('@tensorflow/tfjs-backend-webgpu');
      return null;
    }
  }
}

/** Renderer names of GPU emulations in software: Chromium's SwiftShader, Mesa's llvmpipe and lavapipe, Windows' WARP. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/**
 * Names the software renderer behind WebGPU or WebGL (a GPU emulated on the CPU), or null for a
 * real GPU. On this project's machines (no GPU) the software adapters ran the benchmark at 1
 * (WebGPU) and 18 (WebGL) steps/s against WASM's 69, and measuring them took ~40 s of a first
 * visit (shader compilation on the CPU) before any panel could draw: the automatic choice skips
 * them; asked for by name they still run.
 */
async function softwareRenderer(name: BackendName): Promise<string | null> {
  if (!isBrowser) return null;
  if (name === 'webgpu') {
    type AdapterInfo = { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo; isFallbackAdapter?: boolean } | null> } } }).navigator?.gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    const info = adapter?.info ?? {};
    const label = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
    return adapter && (adapter.isFallbackAdapter || info.isFallbackAdapter || SOFTWARE_RENDERER.test(label)) ? `WebGPU adapter "${label || 'fallback'}"` : null;
  }
  if (name === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext(); // browsers cap live WebGL contexts: give this one back
    return SOFTWARE_RENDERER.test(renderer) ? `WebGL renderer "${renderer}"` : null;
  }
  return null;
}

/** A remembered report's reason for its choice, said once however many visits it has been remembered. */
function rememberedReason(reason: string | undefined): string {
  const remembered = /^chosen: remembered \((.*)\)$/;
  let original = reason ?? '';
  while (remembered.test(original)) original = remembered.exec(original)![1]!;
  return `chosen: remembered (${original})`;
}

/** A tiny gradient step that must give finite numbers; returns an error message or null. */
async function smokeTest(): Promise<string | null> {
  const rng = Rng.fromSeed(1);
  const layer = new Dense(3, 2, rng, 'smoke');
  try {
    const value = tf.tidy(() => {
      const x = tf.tensor2d([0.1, -0.2, 0.3, 0.5, 0.4, -0.6], [2, 3]);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x))) as Scalar, [...layer.variables]);
      return Object.values(grads).reduce((total, grad) => tf.add(total, tf.sum(tf.abs(grad))), value);
    });
    const [number] = await value.data();
    value.dispose();
    return Number.isFinite(number) ? null : `gradient smoke test gave ${number}`;
  } catch (error) {
    return `gradient smoke test failed: ${(error as Error).message}`;
  } finally {
    layer.variables.forEach((variable) => variable.dispose());
  }
}

/**
 * Training steps per second of a 4→128→128→2 MLP at batch 256 (Adam, MSE): the shape of the
 * lab's networks, so the number predicts training speed.
 */
export async function benchmarkTrainingSteps(seconds: number): Promise<number> {
  const rng = Rng.fromSeed(2);
  const layers = [new Dense(4, 128, rng, 'bench'), new Dense(128, 128, rng, 'bench'), new Dense(128, 2, rng, 'bench')];
  const variables = layers.flatMap((layer) => [...layer.variables]);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.tensor2d(Float32Array.from({ length: 256 * 4 }, () => rng.normal()), [256, 4]);
  const y = tf.tensor2d(Float32Array.from({ length: 256 * 2 }, () => rng.normal()), [256, 2]);
  const step = async () => {
    const loss = tf.tidy(
      () =>
        optimizer.minimize(() => {
        let h: Tensor2D = x;
        layers.forEach((layer, i) => {
          h = layer.apply(h);
          if (i < layers.length - 1) h = tf.relu(h) as Tensor2D;
        });
        return tf.mean(tf.square(tf.sub(h, y))) as Scalar;
      }, true, variables) as Scalar,
    );
    await loss.data();
    loss.dispose();
  };
  try {
    await step(); // warm-up: shader compilation, wasm instantiation
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await step();
      count++;
    }
    return count / ((performance.now() - start) / 1000);
  } finally {
    variables.forEach((variable) => variable.dispose());
    optimizer.dispose();
    x.dispose();
    y.dispose();
  }
}

/**
 * Chooses the TensorFlow.js backend by measurement, not by name: each candidate must register,
 * pass `setBackend` (which returns false rather than throwing) and a gradient smoke test, then
 * runs a short training micro-benchmark; the fastest wins. WebGPU and WebGL on a GPU emulated
 * in software (SwiftShader, llvmpipe: what a machine without a GPU offers) are skipped unmeasured,
 * so such a machine chooses between WASM and CPU in ~2 s; on a real GPU, WebGPU or WebGL should
 * win. An override that works skips the benchmark (and runs on a software GPU if asked to). The
 * page and the workers report the result.
 */
export async function chooseBackend(options: BackendOptions = {}): Promise<BackendReport> {
  const cached = options.override ? null : options.cache?.get();
  if (cached && (options.candidates ?? BACKEND_NAMES).includes(cached.chosen)) {
    const unavailable = await register(cached.chosen, options).catch((error: Error) => error.message);
    if (!unavailable && (await tf.setBackend(cached.chosen)) && !(await smokeTest())) return { ...cached, reasons: { ...cached.reasons, [cached.chosen]: rememberedReason(cached.reasons[cached.chosen]) } };
  }
  const report = await measureAndChoose(options);
  if (!options.override) options.cache?.set(report);
  return report;
}

async function measureAndChoose(options: BackendOptions): Promise<BackendReport> {
  const candidates = options.override ? [options.override] : (options.candidates ?? (isBrowser ? BACKEND_NAMES : (['wasm', 'cpu'] as const)));
  const reasons: Partial<Record<BackendName, string>> = {};
  const stepsPerSecond: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    try {
      const unavailable = await register(name, options);
      if (unavailable) {
        reasons[name] = `skipped: ${unavailable}`;
        continue;
      }
      const software = options.override ? null : await softwareRenderer(name);
      if (software) {
        reasons[name] = `skipped: ${software} emulates a GPU in software (slower than WASM wherever measured); choose it by name to measure it`;
        continue;
      }
      if (!(await tf.setBackend(name)) || tf.getBackend() !== name) {
        reasons[name] = `skipped: ${name === 'wasm' && options.wasmPaths ? await missingWasmFile(options.wasmPaths) : `setBackend('${name}') failed`}`;
        continue;
      }
      await tf.ready();
      const smoke = await smokeTest();
      if (smoke) {
        reasons[name] = `skipped: ${smoke}`;
        continue;
      }
      stepsPerSecond[name] = options.override ? Number.NaN : await benchmarkTrainingSteps(options.benchmarkSeconds ?? 0.4);
    } catch (error) {
      reasons[name] = `skipped: ${(error as Error).message}`;
    }
  }
  const working = Object.entries(stepsPerSecond) as [BackendName, number][];
  if (working.length === 0) {
    if (options.override) {
      const { override: _, ...rest } = options;
      const fallback = await measureAndChoose(rest);
      return { ...fallback, reasons: { ...fallback.reasons, [options.override]: reasons[options.override] ?? 'skipped' } };
    }
    throw new Error(`backend: expected at least one working backend of ${candidates.join(', ')}, got none (${Object.values(reasons).join('; ')})`);
  }
  const [chosen] = working.reduce((best, entry) => (options.override || entry[1] > best[1] ? entry : best));
  for (const [name, rate] of working) {
    reasons[name] = name === chosen ? (options.override ? 'chosen: requested' : `chosen: fastest (${rate.toFixed(0)} steps/s)`) : `passed over: ${rate.toFixed(0)} steps/s`;
  }
  if (!(await tf.setBackend(chosen))) throw new Error(`backend: expected setBackend('${chosen}') to succeed again, got false`);
  return { chosen, stepsPerSecond, reasons, overridden: Boolean(options.override) };
}

/**
 * Why the wasm backend would not start, in the page's terms: which of its .wasm files could not
 * be fetched (and the HTTP status), or that they all load and the failure is elsewhere.
 */
async function missingWasmFile(paths: Readonly<Record<string, string>>): Promise<string> {
  for (const [file, url] of Object.entries(paths)) {
    if (file.includes('threaded')) continue; // never used: multithreading is off
    try {
      const response = await fetch(url, { method: 'HEAD' });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok) return `the wasm backend's file ${file} could not be loaded from ${url} (HTTP ${response.status})`;
      if (type.includes('text/html')) return `the wasm backend's file ${file} at ${url} is an HTML page, not WebAssembly (a wrong path on the server)`;
    } catch (error) {
      return `the wasm backend's file ${file} could not be loaded from ${url} (${(error as Error).message})`;
    }
  }
  return "setBackend('wasm') failed although its .wasm files load (see the browser console)";
}

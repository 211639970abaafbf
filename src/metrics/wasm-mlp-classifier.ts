import type { Rng } from '../core/rng';
import { initialParameters, runEpochsUntilConverged, type MlpTrainingOptions, type MlpTrainingReport } from './mlp-classifier';
import { MLP_KERNELS_WASM_BASE64 } from './wasm/mlp-kernels.wasm';

/** The kernels' exports (src/metrics/wasm/mlp-kernels.as.ts); every pointer is a byte offset. */
interface MlpKernels {
  readonly memory: WebAssembly.Memory;
  trainEpoch(
    features: number, labels: number, order: number, numSamples: number, inputDim: number, hidden: number,
    batchSize: number, params: number, grads: number, adamM: number, adamV: number,
    a0: number, a1: number, a2: number, a3: number, d1: number, d2: number, d3: number,
    learningRate: number, beta1: number, beta2: number, epsilon: number, l2: number, step: number,
  ): number;
  predict(
    features: number, order: number, count: number, inputDim: number, hidden: number, chunk: number,
    params: number, a0: number, a1: number, a2: number, a3: number, out: number,
  ): void;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled kernel module (compiled once per thread; synchronous, so call it off the main thread). */
function kernelModule(): WebAssembly.Module {
  if (!compiled) {
    const binary = atob(MLP_KERNELS_WASM_BASE64);
    compiled = new WebAssembly.Module(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }
  return compiled;
}

/** Bump allocation of 16-byte-aligned regions in a fresh instance's memory. */
class Arena {
  private next: number;
  constructor(private readonly memory: WebAssembly.Memory) {
    this.next = memory.buffer.byteLength; // the module's static data lies below
  }
  alloc(bytes: number): number {
    const start = this.next;
    this.next = Math.ceil((start + bytes) / 16) * 16;
    const missing = this.next - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
    return start;
  }
  f64(pointer: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, pointer, length);
  }
}

/**
 * The C2ST classifier (in → h → h → 1, ReLU, logistic output) with its training loop in
 * WebAssembly (f64x2 SIMD). Same initial weights, shuffles, losses, Adam and stopping rule as
 * `MlpClassifier`, which stays the readable reference; a test holds the two to the same loss
 * curve. About 4× faster than the TypeScript loops (`npm run cli -- bench --what metrics`).
 */
export class WasmMlpClassifier {
  private readonly kernels: MlpKernels;
  private readonly arena: Arena;
  private readonly hidden: number;
  private readonly numParams: number;
  private readonly params: number;

  constructor(
    private readonly inputDim: number,
    private readonly options: MlpTrainingOptions,
    private readonly rng: Rng,
  ) {
    const [first, second, ...rest] = options.hiddenSizes;
    if (first === undefined || first !== second || rest.length > 0 || first % 2 !== 0) {
      throw new Error(`WasmMlpClassifier: expected two equal, even hidden widths, got [${options.hiddenSizes.join(', ')}]`);
    }
    this.hidden = first;
    this.kernels = new WebAssembly.Instance(kernelModule(), {
      env: {
        abort: () => {
          throw new Error('mlp kernels: aborted');
        },
      },
    }).exports as unknown as MlpKernels;
    this.arena = new Arena(this.kernels.memory);
    const { weights, biases } = initialParameters([inputDim, first, first, 1], rng);
    const blocks = [weights[0]!, biases[0]!, weights[1]!, biases[1]!, weights[2]!, biases[2]!];
    this.numParams = blocks.reduce((acc, block) => acc + block.length, 0);
    this.params = this.arena.alloc(8 * this.numParams);
    let offset = 0;
    for (const block of blocks) {
      this.arena.f64(this.params, this.numParams).set(block, offset);
      offset += block.length;
    }
  }

  /** Trains on rows `indices` of `features` ([n, inputDim]) with 0/1 `labels`; see MlpClassifier.fit. */
  fit(features: Float64Array, labels: Uint8Array, indices: Uint32Array, shouldStop: () => boolean = () => false): MlpTrainingReport {
    const { kernels, arena, options, inputDim, hidden, numParams } = this;
    const numSamples = indices.length;
    const batchSize = Math.min(options.batchSize, numSamples);
    const featuresPtr = arena.alloc(features.byteLength);
    arena.f64(featuresPtr, features.length).set(features);
    const labelsPtr = arena.alloc(labels.byteLength);
    new Uint8Array(kernels.memory.buffer, labelsPtr, labels.length).set(labels);
    const orderPtr = arena.alloc(4 * numSamples);
    const [grads, adamM, adamV] = [0, 1, 2].map(() => arena.alloc(8 * numParams)) as [number, number, number];
    const [a0, a1, a2, a3, d1, d2, d3] = [inputDim, hidden, hidden, 1, hidden, hidden, 1].map((width) =>
      arena.alloc(8 * batchSize * width),
    ) as [number, number, number, number, number, number, number];
    // Memory may have grown during allocation: take views only now.
    new Float64Array(kernels.memory.buffer, adamM, numParams).fill(0);
    new Float64Array(kernels.memory.buffer, adamV, numParams).fill(0);
    const order = Uint32Array.from(indices);
    const numBatches = Math.ceil(numSamples / batchSize);

    return runEpochsUntilConverged(options, shouldStop, (epoch) => {
      this.rng.shuffle(order);
      new Uint32Array(kernels.memory.buffer, orderPtr, numSamples).set(order);
      const lossSum = kernels.trainEpoch(
        featuresPtr, labelsPtr, orderPtr, numSamples, inputDim, hidden, batchSize,
        this.params, grads, adamM, adamV, a0, a1, a2, a3, d1, d2, d3,
        options.learningRate, options.beta1, options.beta2, options.epsilon, options.l2Penalty, epoch * numBatches,
      );
      return lossSum / numSamples;
    });
  }

  /** P(label = 1) for rows `indices` of `features` ([n, inputDim]). */
  predictProbability(features: Float64Array, indices: Uint32Array): Float64Array {
    const { kernels, arena, inputDim, hidden } = this;
    const chunk = 1024;
    const featuresPtr = arena.alloc(features.byteLength);
    arena.f64(featuresPtr, features.length).set(features);
    const orderPtr = arena.alloc(4 * indices.length);
    const [a0, a1, a2, a3] = [inputDim, hidden, hidden, 1].map((width) => arena.alloc(8 * chunk * width)) as [number, number, number, number];
    const out = arena.alloc(8 * indices.length);
    new Uint32Array(kernels.memory.buffer, orderPtr, indices.length).set(indices);
    kernels.predict(featuresPtr, orderPtr, indices.length, inputDim, hidden, chunk, this.params, a0, a1, a2, a3, out);
    return Float64Array.from(arena.f64(out, indices.length));
  }
}

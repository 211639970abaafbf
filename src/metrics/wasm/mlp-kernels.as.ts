// AssemblyScript source of the C2ST classifier's hot loops (compiled by `npm run build:wasm`
// into mlp-kernels.wasm.ts). It computes exactly what MlpClassifier (mlp-classifier.ts) does
// for the C2ST architecture in → h → h → 1, with f64x2 SIMD along each layer's outputs; the
// TypeScript class stays the readable reference, and a test holds the two to the same losses.
//
// Memory (all f64 unless noted; pointers are byte offsets, the caller lays them out):
//   params, grads, adamM, adamV: [w0 (in·h) | b0 (h) | w1 (h·h) | b1 (h) | w2 (h) | b2 (1)]
//   features [n, in] row-major; labels [n] u8; order [count] u32 row indices
//   scratch a0 [batch, in], a1/a2 [batch, h], a3 [batch], d1/d2 [batch, h], d3 [batch]

const PROBABILITY_CLIP: f64 = 2.220446049250313e-16;

@inline function logistic(z: f64): f64 {
  if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1.0 + e);
}

/** y[0..n) += s · x[0..n), n even. */
@inline function axpy(y: usize, x: usize, s: f64, n: i32): void {
  const sv = f64x2.splat(s);
  for (let j = 0; j < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(sv, v128.load(x + o))));
  }
}

/** Σ x[j]·y[j] over n (even) values. */
@inline function dot(x: usize, y: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  for (let j = 0; j < n; j += 2) {
    const o = <usize>j << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/**
 * z[b, :] = ReLU(bias + Σ_k a[b, k] W[k, :]) for `size` rows (fanOut even). Register-blocked:
 * eight outputs at a time stay in four f64x2 accumulators while k runs, so each step loads one
 * activation and four weight vectors and stores nothing; the sum over k keeps its order, so the
 * result equals the TypeScript reference. Zero activations are multiplied, not skipped: ReLU
 * zeros fall at random, and the mispredicted branches cost more than the work (measured 1.4×).
 */
function denseRelu(a: usize, w: usize, bias: usize, z: usize, size: i32, fanIn: i32, fanOut: i32): void {
  const rowBytes = <usize>fanOut << 3;
  const zero = f64x2.splat(0);
  for (let b = 0; b < size; b++) {
    const zRow = z + <usize>b * rowBytes;
    const aRow = a + ((<usize>(b * fanIn)) << 3);
    let j = 0;
    for (; j + 8 <= fanOut; j += 8) {
      const o = <usize>j << 3;
      let acc0 = v128.load(bias + o);
      let acc1 = v128.load(bias + o + 16);
      let acc2 = v128.load(bias + o + 32);
      let acc3 = v128.load(bias + o + 48);
      for (let k = 0; k < fanIn; k++) {
        const value = load<f64>(aRow + (<usize>k << 3));
        const s = f64x2.splat(value);
        const wk = w + <usize>k * rowBytes + o;
        acc0 = f64x2.add(acc0, f64x2.mul(s, v128.load(wk)));
        acc1 = f64x2.add(acc1, f64x2.mul(s, v128.load(wk + 16)));
        acc2 = f64x2.add(acc2, f64x2.mul(s, v128.load(wk + 32)));
        acc3 = f64x2.add(acc3, f64x2.mul(s, v128.load(wk + 48)));
      }
      v128.store(zRow + o, f64x2.max(acc0, zero));
      v128.store(zRow + o + 16, f64x2.max(acc1, zero));
      v128.store(zRow + o + 32, f64x2.max(acc2, zero));
      v128.store(zRow + o + 48, f64x2.max(acc3, zero));
    }
    for (; j < fanOut; j += 2) {
      const o = <usize>j << 3;
      let acc = v128.load(bias + o);
      for (let k = 0; k < fanIn; k++) {
        const value = load<f64>(aRow + (<usize>k << 3));
        acc = f64x2.add(acc, f64x2.mul(f64x2.splat(value), v128.load(w + <usize>k * rowBytes + o)));
      }
      v128.store(zRow + o, f64x2.max(acc, zero));
    }
  }
}

/** Forward pass of `size` rows already copied into a0; leaves P(label 1) in a3. */
function forward(
  params: usize, a0: usize, a1: usize, a2: usize, a3: usize, size: i32, inputDim: i32, hidden: i32,
): void {
  const w0 = params;
  const b0 = w0 + (<usize>(inputDim * hidden) << 3);
  const w1 = b0 + (<usize>hidden << 3);
  const b1 = w1 + (<usize>(hidden * hidden) << 3);
  const w2 = b1 + (<usize>hidden << 3);
  const b2 = w2 + (<usize>hidden << 3);
  denseRelu(a0, w0, b0, a1, size, inputDim, hidden);
  denseRelu(a1, w1, b1, a2, size, hidden, hidden);
  const bias = load<f64>(b2);
  for (let b = 0; b < size; b++) {
    // Sequential, in the reference's order: the output is one unit, nothing to vectorise.
    let z = bias;
    const row = a2 + ((<usize>(b * hidden)) << 3);
    for (let k = 0; k < hidden; k++) {
      const value = load<f64>(row + (<usize>k << 3));
      if (value != 0) z += value * load<f64>(w2 + (<usize>k << 3));
    }
    store<f64>(a3 + (<usize>b << 3), logistic(z));
  }
}

/** Copies rows order[start … start+size) of features into a0. */
function gather(features: usize, order: usize, start: i32, size: i32, inputDim: i32, a0: usize): void {
  const rowBytes = <usize>inputDim << 3;
  for (let b = 0; b < size; b++) {
    const row = load<u32>(order + (<usize>(start + b) << 2));
    memory.copy(a0 + <usize>b * rowBytes, features + <usize>row * rowBytes, rowBytes);
  }
}

/**
 * gw = (aᵀ delta + α W) / size and gb = mean(delta) for one dense layer; then, unless
 * `below` is 0, below = (delta Wᵀ) ⊙ [a > 0].
 */
function denseBackward(
  a: usize, delta: usize, w: usize, gw: usize, gb: usize, below: usize,
  size: i32, fanIn: i32, fanOut: i32, l2: f64,
): void {
  const rowBytes = <usize>fanOut << 3;
  const inputBytes = <usize>fanIn << 3;
  const invSize = f64x2.splat(<f64>size);
  const l2v = f64x2.splat(l2);
  // gb = mean over the batch of delta.
  memory.fill(gb, 0, rowBytes);
  for (let b = 0; b < size; b++) axpy(gb, delta + <usize>b * rowBytes, 1.0, fanOut);
  for (let j = 0; j < fanOut; j++) {
    const p = gb + (<usize>j << 3);
    store<f64>(p, load<f64>(p) / <f64>size);
  }
  // gw[k, :] = (Σ_b a[b, k] delta[b, :] + α W[k, :]) / size, eight outputs per register block,
  // the sum over b in the reference's order.
  for (let k = 0; k < fanIn; k++) {
    const gwRow = gw + <usize>k * rowBytes;
    const wRow = w + <usize>k * rowBytes;
    const aColumn = a + (<usize>k << 3);
    let j = 0;
    for (; j + 8 <= fanOut; j += 8) {
      const o = <usize>j << 3;
      let acc0 = f64x2.splat(0);
      let acc1 = f64x2.splat(0);
      let acc2 = f64x2.splat(0);
      let acc3 = f64x2.splat(0);
      for (let b = 0; b < size; b++) {
        const value = load<f64>(aColumn + <usize>b * inputBytes);
        const s = f64x2.splat(value);
        const d = delta + <usize>b * rowBytes + o;
        acc0 = f64x2.add(acc0, f64x2.mul(s, v128.load(d)));
        acc1 = f64x2.add(acc1, f64x2.mul(s, v128.load(d + 16)));
        acc2 = f64x2.add(acc2, f64x2.mul(s, v128.load(d + 32)));
        acc3 = f64x2.add(acc3, f64x2.mul(s, v128.load(d + 48)));
      }
      v128.store(gwRow + o, f64x2.div(f64x2.add(acc0, f64x2.mul(l2v, v128.load(wRow + o))), invSize));
      v128.store(gwRow + o + 16, f64x2.div(f64x2.add(acc1, f64x2.mul(l2v, v128.load(wRow + o + 16))), invSize));
      v128.store(gwRow + o + 32, f64x2.div(f64x2.add(acc2, f64x2.mul(l2v, v128.load(wRow + o + 32))), invSize));
      v128.store(gwRow + o + 48, f64x2.div(f64x2.add(acc3, f64x2.mul(l2v, v128.load(wRow + o + 48))), invSize));
    }
    for (; j < fanOut; j += 2) {
      const o = <usize>j << 3;
      let acc = f64x2.splat(0);
      for (let b = 0; b < size; b++) {
        const value = load<f64>(aColumn + <usize>b * inputBytes);
        acc = f64x2.add(acc, f64x2.mul(f64x2.splat(value), v128.load(delta + <usize>b * rowBytes + o)));
      }
      v128.store(gwRow + o, f64x2.div(f64x2.add(acc, f64x2.mul(l2v, v128.load(wRow + o))), invSize));
    }
  }
  if (below == 0) return;
  for (let b = 0; b < size; b++) {
    const dRow = delta + <usize>b * rowBytes;
    for (let k = 0; k < fanIn; k++) {
      const index = (<usize>(b * fanIn + k)) << 3;
      // Branched (dots skipped for inactive units): measured faster than computing and selecting.
      store<f64>(below + index, load<f64>(a + index) > 0 ? dot(dRow, w + <usize>k * rowBytes, fanOut) : 0);
    }
  }
}

/**
 * One epoch of minibatch Adam over rows order[0 … numSamples) (already shuffled by the
 * caller). `step` is the Adam step count before this epoch. Returns Σ_batches loss·|batch|.
 */
export function trainEpoch(
  features: usize, labels: usize, order: usize, numSamples: i32, inputDim: i32, hidden: i32, batchSize: i32,
  params: usize, grads: usize, adamM: usize, adamV: usize,
  a0: usize, a1: usize, a2: usize, a3: usize, d1: usize, d2: usize, d3: usize,
  learningRate: f64, beta1: f64, beta2: f64, epsilon: f64, l2: f64, step: i32,
): f64 {
  const numParams = inputDim * hidden + hidden + hidden * hidden + hidden + hidden + 1;
  const w0 = params;
  const w1 = w0 + (<usize>(inputDim * hidden + hidden) << 3);
  const w2 = w1 + (<usize>(hidden * hidden + hidden) << 3);
  const gw0 = grads;
  const gb0 = gw0 + (<usize>(inputDim * hidden) << 3);
  const gw1 = gb0 + (<usize>hidden << 3);
  const gb1 = gw1 + (<usize>(hidden * hidden) << 3);
  const gw2 = gb1 + (<usize>hidden << 3);
  const gb2 = gw2 + (<usize>hidden << 3);
  let epochLoss: f64 = 0;
  let t = step;
  for (let start = 0; start < numSamples; start += batchSize) {
    const size = min(batchSize, numSamples - start);
    gather(features, order, start, size, inputDim, a0);
    forward(params, a0, a1, a2, a3, size, inputDim, hidden);

    let batchLoss: f64 = 0;
    for (let b = 0; b < size; b++) {
      const p = load<f64>(a3 + (<usize>b << 3));
      const y = <f64>load<u8>(labels + <usize>load<u32>(order + (<usize>(start + b) << 2)));
      const clipped = min(max(p, PROBABILITY_CLIP), 1.0 - PROBABILITY_CLIP);
      batchLoss -= y == 1.0 ? Math.log(clipped) : Math.log(1.0 - clipped);
      store<f64>(d3 + (<usize>b << 3), p - y);
    }
    batchLoss /= <f64>size;
    const squaredWeights =
      dotSelf(w0, inputDim * hidden) + dotSelf(w1, hidden * hidden) + dotSelf(w2, hidden);
    batchLoss += (0.5 * l2 * squaredWeights) / <f64>size;
    epochLoss += batchLoss * <f64>size;

    // Output layer (h → 1): gradients and the error of the second hidden layer.
    let gb: f64 = 0;
    for (let b = 0; b < size; b++) gb += load<f64>(d3 + (<usize>b << 3));
    store<f64>(gb2, gb / <f64>size);
    memory.fill(gw2, 0, <usize>hidden << 3);
    for (let b = 0; b < size; b++) {
      axpy(gw2, a2 + ((<usize>(b * hidden)) << 3), load<f64>(d3 + (<usize>b << 3)), hidden);
    }
    for (let k = 0; k < hidden; k++) {
      const p = gw2 + (<usize>k << 3);
      store<f64>(p, (load<f64>(p) + l2 * load<f64>(w2 + (<usize>k << 3))) / <f64>size);
    }
    for (let b = 0; b < size; b++) {
      const delta = load<f64>(d3 + (<usize>b << 3));
      for (let k = 0; k < hidden; k++) {
        const index = (<usize>(b * hidden + k)) << 3;
        store<f64>(d2 + index, load<f64>(a2 + index) > 0 ? delta * load<f64>(w2 + (<usize>k << 3)) : 0);
      }
    }
    denseBackward(a1, d2, w1, gw1, gb1, d1, size, hidden, hidden, l2);
    denseBackward(a0, d1, w0, gw0, gb0, 0, size, inputDim, hidden, l2);

    t += 1;
    adamStep(params, grads, adamM, adamV, numParams, learningRate, beta1, beta2, epsilon, t);
  }
  return epochLoss;
}

@inline function dotSelf(x: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let k = 0; k < n; k++) {
    const v = load<f64>(x + (<usize>k << 3));
    sum += v * v;
  }
  return sum;
}

/** scikit-learn's Adam: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); θ −= lr_t·m/(√v + ε). */
function adamStep(
  params: usize, grads: usize, adamM: usize, adamV: usize, numParams: i32,
  learningRate: f64, beta1: f64, beta2: f64, epsilon: f64, t: i32,
): void {
  const rate = (learningRate * Math.sqrt(1.0 - Math.pow(beta2, <f64>t))) / (1.0 - Math.pow(beta1, <f64>t));
  for (let k = 0; k < numParams; k++) {
    const o = <usize>k << 3;
    const g = load<f64>(grads + o);
    const m = beta1 * load<f64>(adamM + o) + (1.0 - beta1) * g;
    const v = beta2 * load<f64>(adamV + o) + (1.0 - beta2) * g * g;
    store<f64>(adamM + o, m);
    store<f64>(adamV + o, v);
    store<f64>(params + o, load<f64>(params + o) - (rate * m) / (Math.sqrt(v) + epsilon));
  }
}

/** P(label 1) of rows order[0 … count) into out, in chunks of `chunk` rows. */
export function predict(
  features: usize, order: usize, count: i32, inputDim: i32, hidden: i32, chunk: i32,
  params: usize, a0: usize, a1: usize, a2: usize, a3: usize, out: usize,
): void {
  for (let start = 0; start < count; start += chunk) {
    const size = min(chunk, count - start);
    gather(features, order, start, size, inputDim, a0);
    forward(params, a0, a1, a2, a3, size, inputDim, hidden);
    memory.copy(out + (<usize>start << 3), a3, <usize>size << 3);
  }
}

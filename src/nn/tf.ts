/**
 * The lab's one import of TensorFlow.js: the core plus the CPU backend, which works in every
 * environment (page, worker, Node). The faster backends (wasm, webgl, webgpu) are registered
 * on demand by backend.ts. Only src/nn and src/routes import this file.
 */
import '@tensorflow/tfjs-backend-cpu';
// Core alone registers no gradients; the full tfjs package imports this same module.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
export type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs-core';

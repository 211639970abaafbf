import { describe, expect, it } from 'vitest';
import { MLP_KERNELS_WASM_BASE64 } from '../../src/metrics/wasm/mlp-kernels.wasm';
import { compileMlpKernels } from '../../scripts/wasm-compiler';

describe('committed WebAssembly kernels', () => {
  it('should be exactly what `npm run build:wasm` compiles from mlp-kernels.as.ts', async () => {
    const fresh = Buffer.from(await compileMlpKernels()).toString('base64');
    expect(fresh === MLP_KERNELS_WASM_BASE64, 'src/metrics/wasm/mlp-kernels.wasm.ts is stale: run npm run build:wasm').toBe(true);
  });
});

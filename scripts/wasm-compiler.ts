import asc from 'assemblyscript/asc';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../src/metrics/wasm/mlp-kernels.as.ts', import.meta.url));

/** Compiles the AssemblyScript MLP kernels (optimised, SIMD, no runtime) and returns the wasm bytes. */
export async function compileMlpKernels(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const { error, stderr } = await asc.main(
    [SOURCE, '--outFile', 'mlp-kernels.wasm', '-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert'],
    {
      writeFile(name: string, contents: Uint8Array | string) {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
    },
  );
  if (error) throw new Error(`asc: expected a clean compile of ${SOURCE}, got: ${error.message}\n${stderr.toString()}`);
  if (!binary) throw new Error('asc: expected a .wasm output, got none');
  return binary;
}

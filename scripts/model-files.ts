import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelManifest } from '../src/nn/serialize';

/** Writes a model as DIR/model.json (manifest, with the card) and DIR/weights.bin (float32, little-endian). */
export function saveModelDirectory(dir: string, model: { manifest: ModelManifest; weights: Float32Array }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(model.manifest, null, 1)}\n`);
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength));
}

/** Reads DIR/model.json and DIR/weights.bin; a missing or unreadable file is an Error naming it. */
export function loadModelDirectory(dir: string): { manifest: unknown; weights: Float32Array } {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch (error) {
      throw new Error(`${join(dir, name)}: expected a model file, got ${(error as NodeJS.ErrnoException).code ?? 'an unreadable file'}`);
    }
  };
  let manifest: unknown;
  try {
    manifest = JSON.parse(read('model.json').toString('utf8'));
  } catch (error) {
    if ((error as Error).message.includes('expected a model file')) throw error;
    throw new Error(`${join(dir, 'model.json')}: expected JSON, got a parse error: ${(error as Error).message}`);
  }
  const bytes = read('weights.bin');
  if (bytes.byteLength % 4 !== 0) throw new Error(`${join(dir, 'weights.bin')}: expected a whole number of float32 values, got ${bytes.byteLength} bytes`);
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  return { manifest, weights };
}

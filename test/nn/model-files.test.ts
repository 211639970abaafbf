import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { deserializeModel, serializeModel } from '../../src/nn/serialize';
import { loadModelDirectory, saveModelDirectory } from '../../scripts/model-files';

describe('model files', () => {
  const card = { task: 'two_moons', route: 'b-nle', budget: 100, seed: 1, commit: 'x', createdAt: '', backend: 'cpu', trainingSeconds: 1, validationLoss: 2, extra: { ess: [1, 0.5] } };
  const model = new ConditionalDensity(
    { estimator: { kind: 'mdn', numComponents: 2, hiddenWidth: 8, numBlocks: 1 }, outputDim: 2, output: { kind: 'box', low: [-1, -1], high: [1, 1] }, contextDim: 2, context: { keepColumns: [0, 1], mean: [0, 0], std: [1, 1] }, embedding: null, conditionOnBeta: true },
    Rng.fromSeed(3),
  );

  it('should round-trip a model and its card through a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-model-'));
    saveModelDirectory(dir, await serializeModel(model, card));
    const stored = loadModelDirectory(dir);
    const { model: loaded, card: loadedCard } = deserializeModel(stored.manifest, stored.weights, dir);
    expect(loadedCard).toEqual(card);
    const y = Float64Array.of(0.2, -0.4);
    expect(Array.from(await (loaded as ConditionalDensity).logProb(y, [0.1, 0.3], 0.7))).toEqual(Array.from(await model.logProb(y, [0.1, 0.3], 0.7)));
    loaded.dispose();
  });

  it('should name the file that is missing, truncated or not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-model-'));
    expect(() => loadModelDirectory(dir)).toThrow(/model\.json: expected a model file, got ENOENT/);
    writeFileSync(join(dir, 'model.json'), '{not json');
    expect(() => loadModelDirectory(dir)).toThrow(/model\.json: expected JSON, got a parse error/);
    saveModelDirectory(dir, await serializeModel(model, card));
    writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(7));
    expect(() => loadModelDirectory(dir)).toThrow(/weights\.bin: expected a whole number of float32 values, got 7 bytes/);
  });
});

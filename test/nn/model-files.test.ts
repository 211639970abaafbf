import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { ConditionalDensity } from '../../src/nn/conditional-density';
import { NeuralLikelihood } from '../../src/nn/neural-likelihood';
import { RatioClassifier } from '../../src/nn/ratio-classifier';
import { deserializeModel, serializeModel } from '../../src/nn/serialize';
import { loadModelDirectory, saveModelDirectory } from '../../scripts/model-files';

describe('model files', () => {
  const card = { task: 'two_moons', route: 'b-nle', budget: 100, seed: 1, commit: 'x', createdAt: '2026-12-07T00:00:00.000Z', backend: 'cpu', trainingSeconds: 1, validationLoss: 2, extra: { ess: [1, 0.5] } };
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

  it('should round-trip the score networks refinement needs: a factorised neural likelihood and a ratio classifier with a deep-set embedding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-score-'));
    const encoding = { keepColumns: [0, 1, 2, 3], mean: [0.1, -0.2, 0.1, -0.2], std: [1.5, 0.5, 1.5, 0.5] };
    const likelihood = new NeuralLikelihood(
      {
        xDim: 4,
        keepColumns: [0, 1, 2, 3],
        factorised: { numDraws: 2, drawDim: 2 },
        density: { estimator: { kind: 'mdn', numComponents: 2, hiddenWidth: 8, numBlocks: 1 }, outputDim: 2, output: { kind: 'standardize', mean: [0.1, -0.2], std: [1.5, 0.5] }, contextDim: 3, context: { keepColumns: [0, 1, 2], mean: [0, 0, 0], std: [1, 1, 1] }, embedding: null, conditionOnBeta: false },
      },
      Rng.fromSeed(5),
    );
    const classifier = new RatioClassifier(
      { thetaDim: 3, xDim: 4, theta: { keepColumns: [0, 1, 2], mean: [0, 0, 0], std: [1, 1, 1] }, x: encoding, hiddenWidth: 8, numBlocks: 1, embedding: { kind: 'exchangeable', numDraws: 2, drawDim: 2, width: 8, numBlocks: 1, outputDim: 3 } },
      Rng.fromSeed(6),
    );
    const theta = Float64Array.of(0.3, -0.1, 0.5, 1, 2, 3);
    const x = Float64Array.of(0.2, -0.4, 1.1, 0.3, -1, 0, 0.5, 0.5);
    for (const [name, network, score] of [
      ['likelihood', likelihood, (m: NeuralLikelihood) => m.logProb(theta, x)],
      ['classifier', classifier, (m: RatioClassifier) => m.logRatio(theta, x)],
    ] as const) {
      saveModelDirectory(join(dir, name), await serializeModel(network, card));
      const stored = loadModelDirectory(join(dir, name));
      const { model: loaded } = deserializeModel(stored.manifest, stored.weights, name);
      expect(loaded.constructor).toBe(network.constructor);
      expect(Array.from(await (score as (m: typeof loaded) => Promise<Float64Array>)(loaded))).toEqual(Array.from(await (score as (m: typeof network) => Promise<Float64Array>)(network)));
      loaded.dispose();
      network.dispose();
    }
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

describe('fetching a shipped model (as the page does from public/models/)', () => {
  it('should load model.json and weights.bin over HTTP, and name a missing file', async () => {
    const { createServer } = await import('node:http');
    const { readFile } = await import('node:fs/promises');
    const { fetchModel } = await import('../../src/nn/model-storage');
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-served-'));
    const source = new ConditionalDensity(
      { estimator: { kind: 'coupling-flow', numTransforms: 5, hiddenWidth: 8, numBlocks: 1 }, outputDim: 2, output: { kind: 'box', low: [-1, -1], high: [1, 1] }, contextDim: 2, context: { keepColumns: [0, 1], mean: [0, 0], std: [1, 1] }, embedding: null, conditionOnBeta: true },
      Rng.fromSeed(4),
    );
    const card = { task: 'two_moons', route: 'b-nre', budget: 1, seed: 4, commit: 'x', createdAt: '2026-12-07T00:00:00.000Z', backend: 'cpu', trainingSeconds: 0, validationLoss: 0, extra: {} };
    saveModelDirectory(join(dir, 'good'), await serializeModel(source, card));
    const server = createServer((request, response) => {
      readFile(join(dir, request.url ?? ''))
        .then((body) => response.end(body))
        .catch(() => {
          response.statusCode = 404;
          response.end('not found');
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const stored = await fetchModel(`http://127.0.0.1:${port}/good`);
      const { model } = deserializeModel(stored.manifest, stored.weights, 'served');
      const y = Float64Array.of(0.3, -0.2);
      expect(Array.from(await (model as ConditionalDensity).logProb(y, [0.5, 0.5], 1))).toEqual(Array.from(await source.logProb(y, [0.5, 0.5], 1)));
      model.dispose();
      await expect(fetchModel(`http://127.0.0.1:${port}/missing`)).rejects.toThrow(/missing\/model\.json: expected a model file, got HTTP 404/);
    } finally {
      server.close();
      source.dispose();
    }
  });
});

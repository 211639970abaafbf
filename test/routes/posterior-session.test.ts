import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { chooseBackend } from '../../src/nn/backend';
import { tf } from '../../src/nn/tf';
import type { LabResponse, PosteriorSampleRequest } from '../../src/protocol/messages';
import { PosteriorSession } from '../../src/routes/posterior-session';
import { loadModelDirectory } from '../../scripts/model-files';

/** A session reading the shipped models from public/ instead of over HTTP. */
function session(responses: LabResponse[], weightsOverride?: Float32Array) {
  return new PosteriorSession(
    (response) => responses.push(response),
    () => chooseBackend({ candidates: ['wasm'], override: 'wasm' }),
    {
      fetchShipped: async (url) => {
        const stored = loadModelDirectory(url);
        return weightsOverride ? { ...stored, weights: weightsOverride } : stored;
      },
      readBrowser: async () => null,
    },
  );
}

const x = getTask('two_moons').observations[0]!.x;
const request = (runId: number, patch: Partial<PosteriorSampleRequest> = {}): PosteriorSampleRequest => ({
  type: 'posterior-sample',
  runId,
  taskId: 'two_moons',
  route: 'b-nle',
  source: { kind: 'shipped', url: 'public/models/two_moons/b-nle' },
  x: [...x],
  beta: 0.7,
  numDraws: 500,
  seed: 3,
  ...patch,
});

describe('the posterior worker session', () => {
  beforeAll(async () => {
    await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
  });

  it('should load a shipped model once, draw inside the box, reproduce with the seed, and leave no tensors behind', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await lab.sample(request(1));
    const before = tf.memory().numTensors;
    await lab.sample(request(2));
    await lab.sample(request(3, { beta: 1.4 }));
    expect(tf.memory().numTensors).toBe(before);
    const results = responses.filter((r) => r.type === 'posterior-sample-result');
    expect(results.map((r) => r.runId)).toEqual([1, 2, 3]);
    const [first, second, third] = results as Extract<LabResponse, { type: 'posterior-sample-result' }>[];
    expect(first!.samples.length).toBe(1000);
    expect(Array.from(first!.samples)).toEqual(Array.from(second!.samples));
    expect(Array.from(third!.samples)).not.toEqual(Array.from(first!.samples));
    expect(first!.samples.every((v) => v > -1 && v < 1)).toBe(true);
    expect(first!.card).toMatchObject({ task: 'two_moons', route: 'b-nle', budget: 10_000 });
    expect(first!.backend).toBe('wasm');
  }, 60_000);

  it('should skip a request that a newer one for the same route superseded', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await Promise.all([lab.sample(request(10)), lab.sample(request(11)), lab.sample(request(12, { route: 'b-nre', source: { kind: 'shipped', url: 'public/models/two_moons/b-nre' } }))]);
    expect(responses.map((r) => [r.type, r.runId])).toEqual(
      expect.arrayContaining([
        ['posterior-sample-result', 11],
        ['posterior-sample-result', 12],
      ]),
    );
    expect(responses.some((r) => r.runId === 10)).toBe(false);
  }, 60_000);

  it.each([
    ['a corrupt weights file', request(20), new Float32Array(3), /expected \d+ weights \(\d+ bytes\), got 3/],
    ['a model of another task', request(21, { taskId: 'gaussian_mixture', x: [0, 0] }), undefined, /expected an amortized posterior q\(θ \| x, β\) for gaussian_mixture, got a ConditionalDensity for "two_moons"/],
    ['β outside the domain', request(22, { beta: 3 }), undefined, /β: expected a number in \[0.1, 1.5\] \(the model's β domain\), got 3/],
    ['no model saved in this browser', request(23, { source: { kind: 'browser', key: 'two_moons/b-nle', revision: 'r1' } }), undefined, /expected a model trained in this browser, got none saved/],
  ])('should answer %s with an error naming what was expected', async (_, bad, weights, message) => {
    const responses: LabResponse[] = [];
    await session(responses, weights).sample(bad);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ type: 'error', runId: bad.runId, message: expect.stringMatching(message) });
  }, 60_000);
});

import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { chooseBackend } from '../../src/nn/backend';
import { tf } from '../../src/nn/tf';
import type { LabResponse, PosteriorLadderRequest, PosteriorRefineRequest, PosteriorSampleRequest } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { betaLadder } from '../../src/core/beta-ladder';
import { PosteriorSession } from '../../src/sessions/posterior-session';
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
    ['a model of another task', request(21, { taskId: 'gaussian_mixture', x: [0, 0] }), undefined, /the shipped model for gaussian_mixture · route b-nle \(.*\): expected an amortized posterior q\(θ \| x, β\) for gaussian_mixture, got a posterior for two_moons · route b-nle/],
    ['β outside the domain', request(22, { beta: 3 }), undefined, /β: expected a number in \[0.1, 1.5\] \(Two Moons's β range\), got 3/],
    ['no model saved in this browser', request(23, { source: { kind: 'browser', key: 'two_moons/b-nle', revision: 'r1' } }), undefined, /the model trained in this browser for two_moons · route b-nle: expected a model saved in this browser's IndexedDB, got none/],
  ])('should answer %s with an error naming what was expected', async (_, bad, weights, message) => {
    const responses: LabResponse[] = [];
    await session(responses, weights).sample(bad);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ type: 'error', runId: bad.runId, message: expect.stringMatching(message) });
  }, 60_000);
});

describe('the posterior worker session: β ladders', () => {
  const ladderRequest = (runId: number, patch: Partial<PosteriorLadderRequest> = {}): PosteriorLadderRequest => ({
    type: 'posterior-ladder',
    runId,
    taskId: 'two_moons',
    route: 'b-nre',
    source: { kind: 'shipped', url: 'public/models/two_moons/b-nre' },
    x: [...x],
    seed: 5,
    betas: betaLadder([0.1, 1.5], [0.1, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.3, 1.5]),
    focusBeta: 0.7,
    numDraws: 300,
    ...patch,
  });
  type LadderResult = Extract<LabResponse, { type: 'posterior-ladder-result' }>;

  it('should finish a ladder and exact draws begun before a backend change, on the new backend, without an error or a leak', async () => {
    const responses: LabResponse[] = [];
    const lab = new PosteriorSession(
      (response) => responses.push(response),
      (override) => chooseBackend({ candidates: ['wasm', 'cpu'], override: override ?? 'wasm' }),
      { fetchShipped: async (url) => loadModelDirectory(url), readBrowser: async () => null },
    );
    const small = { numDraws: 100 };
    await lab.ladder(ladderRequest(60, small));
    // A ladder and exact draws in flight when the page asks for the backend again (a retry replays it).
    const ladder = lab.ladder(ladderRequest(61, small));
    const sample = lab.sample(request(62, { numDraws: 100 }));
    await lab.setBackend(63, 'cpu');
    await Promise.all([ladder, sample]);
    expect(responses.filter((r) => r.type === 'error')).toEqual([]);
    const batches = responses.filter((r): r is LadderResult => r.type === 'posterior-ladder-result' && r.runId === 61);
    expect(new Set(batches.flatMap((b) => b.rungs)).size).toBe(ladderRequest(61).betas.length);
    expect(batches.at(-1)!.backend).toBe('cpu');
    expect(responses.find((r) => r.type === 'posterior-sample-result' && r.runId === 62)).toMatchObject({ backend: 'cpu' });
    expect(responses.find((r) => r.type === 'backend-result')).toMatchObject({ runId: 63, report: { chosen: 'cpu' } });
    // Back on wasm: ladders leave the tensor count where they found it (the old models were released).
    await lab.setBackend(64, 'wasm');
    await lab.ladder(ladderRequest(65, small));
    const settled = tf.memory().numTensors;
    await lab.ladder(ladderRequest(66, small));
    expect(tf.memory().numTensors).toBe(settled);
  }, 120_000);

  it('should stream every rung, nearest the focus first, each equal to the exact draws at that β from the same seed, with no tensor growth', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    const ladder = ladderRequest(1);
    await lab.ladder(ladder);
    const before = tf.memory().numTensors;
    await lab.ladder(ladderRequest(2));
    expect(tf.memory().numTensors).toBe(before);
    const batches = responses.filter((r): r is LadderResult => r.type === 'posterior-ladder-result' && r.runId === 1);
    expect(batches[0]!.rungs).toEqual([ladder.betas.indexOf(0.7)]);
    expect(batches.at(-1)!.numDone).toBe(ladder.betas.length);
    expect(batches.flatMap((b) => b.rungs).sort((a, b) => a - b)).toEqual(ladder.betas.map((_, k) => k));
    expect(batches.every((b) => b.continuous)).toBe(true);
    // Nearest first: the distance in log β never decreases from one batch to the next batch's nearest.
    const distance = (k: number) => Math.abs(Math.log(ladder.betas[k]! / 0.7));
    for (let b = 1; b < batches.length; b++) expect(Math.min(...batches[b]!.rungs.map(distance))).toBeGreaterThanOrEqual(Math.max(...batches[b - 1]!.rungs.map(distance)) - 1e-12);
    // Rungs at 0.3 and 1.3 against exact-β draws with the same seed (float32 tolerance).
    for (const beta of [0.3, 1.3]) {
      const k = ladder.betas.indexOf(beta);
      const batch = batches.find((b) => b.rungs.includes(k))!;
      const at = batch.rungs.indexOf(k) * 300 * 2;
      const ladderDraws = batch.samples.subarray(at, at + 600);
      await lab.sample(request(100 + k, { route: 'b-nre', source: ladder.source, beta, seed: 5, numDraws: 300 }));
      const exact = (responses.at(-1) as Extract<LabResponse, { type: 'posterior-sample-result' }>).samples;
      const worst = Math.max(...Array.from(exact, (v, i) => Math.abs(v - ladderDraws[i]!)));
      expect(worst).toBeLessThan(1e-4);
    }
  }, 120_000);

  it('should stop a ladder that a newer one for the same route superseded', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await Promise.all([lab.ladder(ladderRequest(30)), lab.ladder(ladderRequest(31, { focusBeta: 1.5 }))]);
    const byRun = (runId: number) => responses.filter((r) => r.runId === runId);
    expect(byRun(31).at(-1)).toMatchObject({ type: 'posterior-ladder-result', numDone: ladderRequest(31).betas.length });
    expect(byRun(30).some((r) => r.type === 'posterior-ladder-result' && r.numDone === ladderRequest(30).betas.length)).toBe(false);
  }, 120_000);

  it('should stop a cancelled ladder between batches and post nothing more for it; a cancel of a finished run changes nothing', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    const running = lab.ladder(ladderRequest(40));
    lab.cancel(40);
    await running;
    const total = ladderRequest(40).betas.length;
    expect(responses.filter((r) => r.runId === 40 && r.type === 'posterior-ladder-result' && r.numDone === total)).toEqual([]);
    expect(responses.filter((r) => r.type === 'error')).toEqual([]);
    await lab.ladder(ladderRequest(41));
    lab.cancel(41);
    expect(responses.filter((r) => r.runId === 41).at(-1)).toMatchObject({ type: 'posterior-ladder-result', numDone: total });
  }, 120_000);

  it('should answer a ladder outside the model\'s β domain with an error naming the domain', async () => {
    const responses: LabResponse[] = [];
    await session(responses).ladder(ladderRequest(40, { betas: [0.05, 0.5, 1] }));
    expect(responses).toEqual([{ type: 'error', runId: 40, message: expect.stringMatching(/β: expected a number in \[0\.1, 1\.5\] \(Two Moons's β range\), got 0\.05/) }]);
  }, 60_000);

  it.each([
    ['a non-integer seed', { seed: 1.5 }, '"posterior-ladder" message: seed: expected a safe integer, got 1.5'],
    ['an x of the wrong length', { x: [0.1, 0.2, 0.3] }, '"posterior-ladder" message: x: expected 2 finite numbers for two_moons, got 3'],
    ['betas out of order', { betas: [0.5, 0.3] }, '"posterior-ladder" message: betas: expected 1 to 200 ascending numbers in (0, 10], got [0.5, 0.3]'],
    ['no betas', { betas: [] }, '"posterior-ladder" message: betas: expected 1 to 200 ascending numbers in (0, 10], got []'],
  ])('should refuse a ladder request with %s, naming what was expected', (_, patch, message) => {
    expect(() => parseLabRequest({ ...ladderRequest(50), ...patch })).toThrow(message);
  });
});

describe('refinement in the posterior worker session (issue 19)', () => {
  const refineRequest = (runId: number, patch: Partial<PosteriorRefineRequest> = {}): PosteriorRefineRequest => ({
    type: 'posterior-refine',
    runId,
    taskId: 'two_moons',
    route: 'b-nle',
    source: { kind: 'shipped', url: 'public/models/two_moons/b-nle/' },
    x: [...x],
    beta: 0.7,
    seed: 3,
    numDraws: 400,
    proposalsPerDraw: 5,
    defensive: 0,
    ...patch,
  });

  it('should refine with the shipped score networks: draws inside the box, ESS and k̂, the same draws from the same seed, no tensor growth', async () => {
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await lab.refine(refineRequest(1));
    const before = tf.memory().numTensors;
    await lab.refine(refineRequest(2));
    expect(tf.memory().numTensors).toBe(before);
    const [first, second] = responses.filter((r) => r.type === 'posterior-refine-result') as Extract<LabResponse, { type: 'posterior-refine-result' }>[];
    expect(responses.filter((r) => r.type === 'error')).toEqual([]);
    expect(first).toMatchObject({ route: 'b-nle', beta: 0.7, numDraws: 400, numProposals: 2000, scoreNetworks: 'its two cross-fitted neural likelihoods' });
    expect(first!.samples.length).toBe(800);
    expect(first!.samples.every((v) => v > -1 && v < 1)).toBe(true);
    expect(first!.ess).toBeGreaterThan(1);
    expect(first!.ess).toBeLessThanOrEqual(2000);
    expect(typeof first!.paretoK).toBe('number');
    expect(first!.trustworthy).toBe(first!.paretoK! <= 0.7);
    expect(Array.from(second!.samples)).toEqual(Array.from(first!.samples));
    // The message passes the page's own schema.
    expect(() => parseLabRequest(refineRequest(3))).not.toThrow();
  }, 60_000);

  it('should answer with an error naming what is missing: no score networks beside the model, a browser-trained model', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'sbi-lab-bare-'));
    for (const file of ['model.json', 'weights.bin']) copyFileSync(join('public/models/two_moons/b-nle', file), join(bare, file));
    const responses: LabResponse[] = [];
    const lab = session(responses);
    await lab.refine(refineRequest(1, { source: { kind: 'shipped', url: `${bare}/` } }));
    await lab.refine(refineRequest(2, { source: { kind: 'browser', key: 'two_moons/b-nle', revision: '1' } }));
    const errors = responses.filter((r) => r.type === 'error').map((r) => (r as { message: string }).message);
    expect(errors[0]).toMatch(/^refinement needs the score networks shipped with the model: .*score-1\/model\.json: expected a model file, got ENOENT$/);
    expect(errors[1]).toBe('refinement of two_moons · route b-nle: expected a shipped model (its score networks ship beside it), got a model trained in this browser, which keeps none');
  }, 60_000);

  it.each([
    [{ proposalsPerDraw: 0 }, '"posterior-refine" message: proposalsPerDraw: expected an integer in [1, 100], got 0'],
    [{ defensive: 1 }, '"posterior-refine" message: defensive: expected a prior share in [0, 1), got 1'],
  ])('should refuse a malformed refinement request %j', (patch, message) => {
    expect(() => parseLabRequest(refineRequest(1, patch as Partial<PosteriorRefineRequest>))).toThrow(message);
  });
});

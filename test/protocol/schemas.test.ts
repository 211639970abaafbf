import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAt } from '../../src/core/boundary';
import { ModelManifestSchema } from '../../src/protocol/models';
import { parseLabResponse } from '../../src/protocol/responses';
import { BackendReportSchema } from '../../src/protocol/stored';
import { readStored } from '../../src/store/stored-values';
import { parseUrlState } from '../../src/store/url-state';

const HTML = '<script>alert(1)</script>';
const card = JSON.parse(readFileSync('public/models/two_moons/b-nre/model.json', 'utf8')).card as Record<string, unknown>;
const sampleResult = { type: 'posterior-sample-result', runId: 4, taskId: 'two_moons', route: 'b-nre', beta: 0.5, samples: new Float64Array(6), numDraws: 3, card, backend: 'wasm', numTensors: 12, seconds: 0.1 };

describe('worker responses: parseLabResponse', () => {
  it('should pass a well-formed result through, arrays untouched', () => {
    const parsed = parseLabResponse(sampleResult, 'posterior');
    expect(parsed).toEqual(sampleResult);
    expect((parsed as typeof sampleResult).samples).toBe(sampleResult.samples);
  });

  it.each([
    [null, "posterior worker's message: expected an object, got null"],
    [{ ...sampleResult, type: HTML }, /^posterior worker's message: type: expected one of .*, got "<script>alert\(1\)<\/script>"$/],
    [{ ...sampleResult, runId: '4' }, `posterior worker's message: runId: expected a number, got "4"`],
    [{ ...sampleResult, samples: [1, 2, 3] }, "posterior worker's message: samples: expected a Float64Array, got [1, 2, 3]"],
    [{ ...sampleResult, numDraws: 4 }, "posterior worker's message: samples: expected whole rows of numDraws = 4, got 6 values"],
    [{ ...sampleResult, numTensors: 1e300 }, "posterior worker's message: numTensors: expected a safe integer ≥ 0, got 1e+300"],
    [{ ...sampleResult, card: { ...card, commit: null } }, "posterior worker's message: card.commit: expected a string, got null"],
    [{ ...sampleResult, card: { ...card, extra: HTML } }, `posterior worker's message: card.extra: expected an object, got "${HTML}"`],
    [{ type: 'two-sample-result', runId: 1, c2st: 1.5, mmd: 0, seconds: 1 }, "posterior worker's message: c2st: expected a fraction in [0, 1], got 1.5"],
    [{ type: 'reference-progress', runId: 1, samples: new Float64Array(4), numKept: 2, progress: 0.5, isFinal: false, diagnostics: { method: 'x' }, seconds: 1 }, "posterior worker's message: diagnostics.acceptanceRate: expected a value, got nothing"],
    [{ type: 'error', runId: 1 }, "posterior worker's message: message: expected a value, got nothing"],
  ])('should refuse case %#, naming the worker, the field, what was expected and what arrived', (message, error) => {
    expect(() => parseLabResponse(message, 'posterior')).toThrow(error);
  });
});

describe('model manifests and cards', () => {
  const manifest = JSON.parse(readFileSync('public/models/two_moons/b-nre/model.json', 'utf8')) as Record<string, unknown>;

  it('should accept every shipped manifest', () => {
    const index = JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { models: { task: string; route: string }[] };
    for (const { task, route } of index.models) {
      expect(() => parseAt(ModelManifestSchema, JSON.parse(readFileSync(`public/models/${task}/${route}/model.json`, 'utf8')), `${task}/${route}`)).not.toThrow();
    }
  });

  it.each([
    [{ ...manifest, card: { task: 'two_moons' } }, 'm: card.route: expected a value, got nothing'],
    [{ ...manifest, card: { ...card, budget: -1 } }, 'm: card.budget: expected an integer in [0, 100000000], got -1'],
    [{ ...manifest, card: { ...card, trainingSeconds: Number.POSITIVE_INFINITY } }, 'm: card.trainingSeconds: expected a finite number ≥ 0, got Infinity'],
    [{ ...manifest, card: { ...card, task: 'x'.repeat(500) } }, /^m: card\.task: expected a non-empty string of at most 100 characters, got "x{60}…" \(500 characters\)$/],
    [{ ...manifest, model: { kind: HTML } }, 'm: model.kind: expected one of "conditional-density", "ratio-classifier", "neural-likelihood", got "<script>alert(1)</script>"'],
    [{ ...manifest, weights: [{ shape: [2, -1] }] }, 'm: weights[0].shape[1]: expected an integer in [1, 1000000], got -1'],
    [{ ...manifest, weights: null }, 'm: weights: expected an array, got null'],
  ])('should refuse %#, naming the field', (value, error) => {
    expect(() => parseAt(ModelManifestSchema, value, 'm')).toThrow(error);
  });
});

describe('what this browser stores', () => {
  const memory = () => {
    const map = new Map<string, string>();
    const writes: string[] = [];
    return { map, writes, storage: { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void (writes.push(k), map.set(k, v)), removeItem: (k: string) => void map.delete(k) } };
  };
  const good = { chosen: 'wasm', stepsPerSecond: { wasm: 50, cpu: 20 }, reasons: { wasm: 'chosen: fastest', cpu: 'passed over' }, overridden: false };

  it.each([
    ['not JSON', '{"chosen": "wasm"', 'localStorage "k": expected JSON, got "{\\"chosen\\": \\"wasm\\""; removed it and used the default.'],
    ['reasons null', JSON.stringify({ ...good, reasons: null }), 'localStorage "k": reasons: expected an object, got null; removed it and used the default.'],
    ['a number for a reason', JSON.stringify({ ...good, reasons: { webgpu: 5 } }), 'localStorage "k": reasons.webgpu: expected a string, got 5; removed it and used the default.'],
    ['an unknown backend', JSON.stringify({ ...good, reasons: { tpu: 'fast' } }), 'localStorage "k": reasons.tpu: expected only known fields, got an unknown field "tpu"; removed it and used the default.'],
    ['an array', '[1,2]', 'localStorage "k": chosen: expected a value, got nothing; removed it and used the default.'],
  ])('should report a stored backend report with %s, remove it and never write it back', (_, raw, message) => {
    const { map, writes, storage } = memory();
    map.set('k', raw);
    const reports: string[] = [];
    expect(readStored(storage, 'k', BackendReportSchema, { json: true, report: (text) => reports.push(text) })).toBeNull();
    expect(reports).toEqual([message]);
    expect(map.has('k')).toBe(false);
    expect(writes).toEqual([]);
  });

  it('should read a good report as stored, and a missing one as null without a report', () => {
    const { map, storage } = memory();
    const reports: string[] = [];
    expect(readStored(storage, 'k', BackendReportSchema, { json: true, report: (text) => reports.push(text) })).toBeNull();
    map.set('k', JSON.stringify(good));
    expect(readStored(storage, 'k', BackendReportSchema, { json: true, report: (text) => reports.push(text) })).toEqual(good);
    expect(reports).toEqual([]);
  });

  it('should report storage that throws (a browser that refuses it) and use the default', () => {
    const reports: string[] = [];
    const refusing = { getItem: () => { throw new Error('SecurityError: access denied'); }, setItem: () => undefined, removeItem: () => undefined };
    expect(readStored(refusing, 'k', BackendReportSchema, { json: true, report: (text) => reports.push(text) })).toBeNull();
    expect(reports).toEqual(['localStorage "k": could not be read (SecurityError: access denied); using the default.']);
  });
});

describe('the URL hash', () => {
  it('should cut huge values and show HTML as text, falling back field by field', () => {
    const { state, notes } = parseUrlState(`#task=two_moons&x=${'9,'.repeat(5000)}9&beta=${encodeURIComponent(HTML)}&seed=1e400`);
    expect(state).toMatchObject({ taskId: 'two_moons', observation: { kind: 'fixed', index: 0 }, beta: 1, seed: 1 });
    expect(notes).toEqual([
      'Link: expected x to be 2 comma-separated numbers, got "9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,…"; showing observation 1.',
      `Link: expected beta to be a number, got "${HTML}"; using 1.`,
      'Link: expected seed to be a whole number, got "1e400"; using 1.',
    ]);
  });
});

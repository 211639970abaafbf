import { describe, expect, it } from 'vitest';
import { parseLabRequest } from '../../src/protocol/requests';

const XSS = '<img src=x onerror=alert(document.domain)>';

describe('worker requests: parseLabRequest', () => {
  it('should accept well-formed requests, unchanged', () => {
    expect(parseLabRequest({ type: 'cancel', runId: 3 })).toEqual({ type: 'cancel', runId: 3 });
    const requests = [
      { type: 'prior-predictive', runId: 1, taskId: 'slcp', numDraws: 10, seed: -4 },
      { type: 'grid', runId: 2, taskId: 'two_moons', x: [0.1, 0.2], beta: 0.5, numDraws: 1000, seed: 3 },
      { type: 'grid-ladder', runId: 2, taskId: 'two_moons', x: [0.1, 0.2], betas: [0.1, 0.5, 1.5], focusBeta: 0.5, numDraws: 1000, seed: 3 },
      { type: 'reference-ladder', runId: 2, taskId: 'slcp', x: [0, 0, 0, 0, 0, 0, 0, 0], betas: [0.1, 1], numDraws: 100, seed: 3 },
      { type: 'posterior-sample', runId: 4, taskId: 'two_moons', route: 'a', source: { kind: 'browser', key: 'two_moons/a', revision: 'r' }, x: [0.1, 0.2], beta: 0.5, numDraws: 100, seed: 1 },
      { type: 'two-sample', runId: 6, reference: new Float64Array(4), candidate: new Float64Array(6), dim: 2, seed: 1 },
      { type: 'backend', runId: 7, override: null, remembered: { chosen: 'wasm', stepsPerSecond: { wasm: 40 }, reasons: { wasm: 'chosen: fastest', webgpu: 'skipped' }, overridden: false } },
    ];
    for (const request of requests) expect(parseLabRequest(request)).toEqual(request);
    expect(parseLabRequest({ type: 'backend', runId: 5, override: 'wasm' })).toEqual({ type: 'backend', runId: 5, override: 'wasm', remembered: null });
  });

  it.each([
    [null, 'worker message: expected an object, got null'],
    ['cancel', 'worker message: expected an object, got "cancel"'],
    [{ type: 'cancel' }, '"cancel" message: runId: expected a value, got nothing'],
    [{ type: 'fly', runId: 1 }, /^"fly" message: type: expected one of "prior-predictive", "reference", .*"cancel", got "fly"$/],
    [{ type: 'grid-ladder', runId: 1, taskId: 'two_moons', x: [0, 0], betas: [0.05, 1], focusBeta: 1, numDraws: 10, seed: 1 }, `"grid-ladder" message: betas: expected every β in [0.1, 1.5] (Two Moons's β range), got 0.05`],
    [{ type: 'reference-ladder', runId: 1, taskId: 'slcp', x: [0, 0, 0, 0, 0, 0, 0, 0], betas: [1, 0.5], numDraws: 10, seed: 1 }, '"reference-ladder" message: betas: expected 1 to 200 ascending numbers in (0, 10], got [1, 0.5]'],
    [{ type: 'reference-ladder', runId: 1, taskId: 'slcp', x: [0, 0, 0, 0, 0, 0, 0, 0], betas: [1], numDraws: 10, seed: 0.5 }, '"reference-ladder" message: seed: expected a safe integer, got 0.5'],
    [{ type: 'oracle-ess', runId: 1, taskId: 'hodgkin_huxley', numSimulations: 1000, seed: 1 }, '"oracle-ess" message: taskId: expected a task with an exact likelihood, got hodgkin_huxley (it has none)'],
    [{ type: 'oracle-ess', runId: 1, taskId: 'two_moons', numSimulations: 10, seed: 1 }, '"oracle-ess" message: numSimulations: expected an integer in [100, 100000], got 10'],
    [{ type: 'recorded-trace', runId: 1, taskId: 'slcp', name: 'a.csv', text: '' }, '"recorded-trace" message: taskId: expected a task whose data are traces (hodgkin_huxley), got slcp'],
    [{ type: 'recorded-trace', runId: 1, taskId: 'hodgkin_huxley', name: 'a.csv', text: 7 }, '"recorded-trace" message: text: expected a string, got 7'],
    [{ type: 'recorded-trace', runId: 1, taskId: 'hodgkin_huxley', name: null, text: '' }, '"recorded-trace" message: name: expected a string, got null'],
    [{ type: 'train', runId: 1, taskId: 'slcp', route: 'b-nle', numSimulations: 1000, seed: 1, maxEpochs: 5, likelihood: 'gp' }, '"train" message: likelihood: expected one of "auto", "spline-flow", "coupling-flow", "mdn", got "gp"'],
    [{ type: 'prior-predictive', runId: 1, taskId: 'slcp', numDraws: 5, seed: 'a' }, '"prior-predictive" message: seed: expected a number, got "a"'],
    [{ type: 'prior-predictive', runId: 1, taskId: 'slcp', numDraws: 1e12, seed: 1 }, '"prior-predictive" message: numDraws: expected an integer in [1, 100000], got 1000000000000'],
    [{ type: 'prior-predictive', runId: 1, taskId: XSS, numDraws: 5, seed: 1 }, /^"prior-predictive" message: taskId: expected one of "two_moons", .*, got "<img src=x onerror=alert\(document.domain\)>"$/],
    [{ type: 'reference', runId: 1, taskId: 'slcp', x: [1, 2], beta: 1, numDraws: 5, seed: 1 }, '"reference" message: x: expected 8 finite numbers for slcp, got 2'],
    [{ type: 'reference', runId: 1, taskId: 'two_moons', x: [1, Number.NaN], beta: 1, numDraws: 5, seed: 1 }, '"reference" message: x[1]: expected a number, got NaN'],
    [{ type: 'reference', runId: 1, taskId: 'two_moons', x: [1, 2], beta: 0, numDraws: 5, seed: 1 }, '"reference" message: beta: expected a number in (0, 10], got 0'],
    [{ type: 'grid', runId: 1, taskId: 'slcp', x: [1, 2, 3, 4, 5, 6, 7, 8], beta: 1, numDraws: 10, seed: 1 }, '"grid" message: taskId: expected a task with 2 or 3 parameters, got slcp with 5'],
    [{ type: 'posterior-sample', runId: 1, taskId: 'two_moons', route: 'c', source: null, x: [0, 0], beta: 1, numDraws: 5, seed: 1 }, /^"posterior-sample" message: route: expected one of "a", "b-nle", .*, got "c"$/],
    [{ type: 'posterior-sample', runId: 1, taskId: 'two_moons', route: 'a', source: { kind: 'ftp' }, x: [0, 0], beta: 1, numDraws: 5, seed: 1 }, '"posterior-sample" message: source.kind: expected one of "shipped", "browser", got "ftp"'],
    [{ type: 'posterior-sample', runId: 1, taskId: 'two_moons', route: 'a', source: { kind: 'shipped', url: 'u'.repeat(5000) }, x: [0, 0], beta: 1, numDraws: 5, seed: 1 }, /^"posterior-sample" message: source.url: expected a URL of at most 2000 characters, got "u{60}…" \(5000 characters\)$/],
    [{ type: 'backend', runId: 1, override: 'cuda' }, '"backend" message: override: expected one of "webgpu", "webgl", "wasm", "cpu", got "cuda"'],
    [{ type: 'backend', runId: 1, override: null, remembered: { chosen: 'tpu' } }, '"backend" message: remembered.chosen: expected one of "webgpu", "webgl", "wasm", "cpu", got "tpu"'],
    [{ type: 'backend', runId: 1, override: null, remembered: { chosen: 'wasm', stepsPerSecond: {}, reasons: null, overridden: false } }, '"backend" message: remembered.reasons: expected an object, got null'],
    [{ type: 'backend', runId: 1, override: null, remembered: { chosen: 'wasm', stepsPerSecond: {}, reasons: { webgpu: 5 }, overridden: false } }, '"backend" message: remembered.reasons.webgpu: expected a string, got 5'],
    [{ type: 'two-sample', runId: 1, reference: new Float64Array(3), candidate: new Float64Array(4), dim: 2, seed: 1 }, '"two-sample" message: reference: expected a non-empty Float64Array of rows of 2 values, got 3 values'],
    [{ type: 'two-sample', runId: 1, reference: [1, 2], candidate: new Float64Array(4), dim: 2, seed: 1 }, '"two-sample" message: reference: expected a Float64Array, got [1, 2]'],
  ])('should reject %j with one line naming the field, what was expected and what arrived', (message, error) => {
    expect(() => parseLabRequest(message)).toThrow(error);
  });
});

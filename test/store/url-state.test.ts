import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/benchmarks/registry';
import { betaToSlider, clampBeta, sliderMarks, sliderToBeta, SLIDER_STEPS } from '../../src/store/selection';
import { DEFAULT_URL_STATE, formatUrlState, parseUrlState } from '../../src/store/url-state';

describe('URL state', () => {
  it('should round-trip every kind of observation exactly', () => {
    for (const state of [
      { taskId: 'slcp', observation: { kind: 'fixed', index: 6 }, beta: 0.37, seed: -12, refine: [] },
      { taskId: 'two_moons', observation: { kind: 'misspecified' }, beta: 1.5, seed: 3, refine: ['b-nle'] },
      { taskId: 'two_moons', observation: { kind: 'custom', x: [0.1234567890123, -1 / 3], theta: null }, beta: 0.1, seed: 9, refine: ['a', 'b-nle', 'b-nre'] },
      { taskId: 'hodgkin_huxley', observation: { kind: 'showcase', id: 'sparse' }, beta: 2, seed: 4, refine: ['b-nre'] },
    ] as const) {
      const parsed = parseUrlState(formatUrlState(state));
      expect(parsed.notes).toEqual([]);
      expect(parsed.state).toEqual(state);
    }
  });

  it('should give the defaults for an empty hash', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_URL_STATE, notes: [] });
  });

  it.each([
    ['#task=moons', /expected task to be one of two_moons.*got "moons"; showing two_moons/, { taskId: 'two_moons' }],
    ['#task=slcp&obs=12', /expected obs to be 1–10 or "misspecified", got "12"/, { observation: { kind: 'fixed', index: 0 } }],
    ['#task=hodgkin_huxley&obs=bursting', /expected obs to be 1–10, "regular", "sparse", "quiet" or "misspecified", got "bursting"/, { observation: { kind: 'fixed', index: 0 } }],
    ['#task=two_moons&obs=regular', /expected obs to be 1–10 or "misspecified", got "regular"/, { observation: { kind: 'fixed', index: 0 } }],
    ['#task=hodgkin_huxley&beta=2.5', /β: expected a number in \[0.1, 2\] \(Hodgkin–Huxley neuron's β range\), got 2.5; clamped to 2/, { beta: 2 }],
    ['#task=slcp&x=1,2', /expected x to be 8 comma-separated numbers, got "1,2"/, { observation: { kind: 'fixed', index: 0 } }],
    ['#beta=abc', /expected beta to be a number, got "abc"; using 1/, { beta: 1 }],
    ['#beta=9', /β: expected a number in \[0.1, 1.5\] \(Two Moons's β range\), got 9; clamped to 1.5/, { beta: 1.5 }],
    ['#seed=1.5', /expected seed to be a whole number, got "1.5"/, { seed: 1 }],
    ['#refine=b-nre,npe,b-nle', /expected refine to list routes from a, b-nle, b-nre, separated by commas, got "npe"; not refining it/, { refine: ['b-nle', 'b-nre'] }],
  ])('should fall back on a bad value in %s with a note', (hash, note, expected) => {
    const { state, notes } = parseUrlState(hash);
    expect(notes.join(' ')).toMatch(note);
    expect(state).toMatchObject(expected);
  });
});

describe('β on the slider', () => {
  const task = getTask('two_moons');
  it('should map the domain ends and 1 to the slider log-linearly and back', () => {
    expect(betaToSlider(task, 0.1)).toBe(0);
    expect(betaToSlider(task, 1.5)).toBe(SLIDER_STEPS);
    expect(sliderToBeta(task, betaToSlider(task, 1))).toBeCloseTo(1, 2);
    expect(sliderToBeta(task, SLIDER_STEPS / 2)).toBeCloseTo(Math.sqrt(0.15), 2);
  });

  it('should mark 𝒢 and the domain ends, labelling 1 and labels no closer than the gap', () => {
    const grid = [0.1, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.3, 1.5];
    for (const taskId of ['two_moons', 'hodgkin_huxley'] as const) {
      const marks = sliderMarks(getTask(taskId), grid);
      const [low, high] = getTask(taskId).betaDomain;
      expect(marks.map((mark) => mark.beta)).toEqual([...new Set([...grid.filter((beta) => beta <= high), high])]);
      expect(marks[0]).toMatchObject({ beta: low, percent: 0, labelled: true });
      expect(marks.at(-1)).toMatchObject({ beta: high, percent: 100, labelled: true });
      expect(marks.find((mark) => mark.beta === 1)?.labelled).toBe(true);
      const labelled = marks.filter((mark) => mark.labelled);
      for (let k = 1; k < labelled.length; k++) expect(labelled[k]!.percent - labelled[k - 1]!.percent).toBeGreaterThanOrEqual(8);
      expect(marks.find((mark) => mark.beta === 0.9)?.labelled).toBe(false);
      expect(labelled.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('should clamp with a note only when β leaves the domain', () => {
    expect(clampBeta(task, 0.7)).toEqual({ beta: 0.7, note: null });
    expect(clampBeta(task, 0.01).beta).toBe(0.1);
    expect(clampBeta(task, 0.01).note).toMatch(/clamped to 0.1/);
  });
});

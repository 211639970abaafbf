import { describe, expect, it } from 'vitest';
import { chooseBackend, memoryBackendCache } from '../../src/nn/backend';
import { tf } from '../../src/nn/tf';

describe('backend choice (Node: wasm and cpu)', () => {
  it('should measure the candidates, choose the fastest and say why the others were passed over', async () => {
    const report = await chooseBackend({ candidates: ['wasm', 'cpu'], benchmarkSeconds: 0.2 });
    expect(['wasm', 'cpu']).toContain(report.chosen);
    expect(tf.getBackend()).toBe(report.chosen);
    expect(report.stepsPerSecond.wasm).toBeGreaterThan(0);
    expect(report.stepsPerSecond.cpu).toBeGreaterThan(0);
    const other = report.chosen === 'wasm' ? 'cpu' : 'wasm';
    expect(report.reasons[report.chosen]).toMatch(/^chosen: fastest \(\d+ steps\/s\)$/);
    expect(report.reasons[other]).toMatch(/^passed over: \d+ steps\/s$/);
    expect(report.stepsPerSecond[report.chosen]!).toBeGreaterThanOrEqual(report.stepsPerSecond[other]!);
  });

  it('should skip backends that cannot run here, with the reason', async () => {
    const report = await chooseBackend({ candidates: ['webgpu', 'webgl', 'cpu'], benchmarkSeconds: 0.1 });
    expect(report.chosen).toBe('cpu');
    expect(report.reasons.webgl).toBe('skipped: not in a browser');
    expect(report.reasons.webgpu).toMatch(/^skipped: /);
  });

  it('should honour an override and remember a measured choice', async () => {
    expect((await chooseBackend({ override: 'cpu' })).chosen).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const cache = memoryBackendCache();
    const first = await chooseBackend({ candidates: ['wasm', 'cpu'], benchmarkSeconds: 0.1, cache });
    expect(cache.get()?.chosen).toBe(first.chosen);
    const second = await chooseBackend({ candidates: ['wasm', 'cpu'], benchmarkSeconds: 0.1, cache });
    expect(second.chosen).toBe(first.chosen);
    expect(second.reasons[second.chosen]).toMatch(/^chosen: remembered/);
  });

  it('should say a remembered choice once, however many visits remembered it', async () => {
    const nested = { chosen: 'cpu' as const, stepsPerSecond: { cpu: 4 }, reasons: { cpu: 'chosen: remembered (chosen: remembered (chosen: fastest (4 steps/s)))' }, overridden: false };
    const cache = memoryBackendCache();
    cache.set(nested);
    const report = await chooseBackend({ candidates: ['wasm', 'cpu'], cache });
    expect(report.reasons.cpu).toBe('chosen: remembered (chosen: fastest (4 steps/s))');
  });
});

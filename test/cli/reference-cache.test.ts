import { describe, expect, it } from 'vitest';
import { importClosure } from '../../scripts/import-closure';
import { referenceCodeDigest } from '../../scripts/reference-cache';

describe('reference cache key', () => {
  it("follows a task's imports and the reference samplers, and nothing of other tasks", () => {
    const files = importClosure(['src/benchmarks/two-moons.ts', 'src/reference/create-reference-sampler.ts']);
    expect(files).toContain('src/benchmarks/two-moons.ts');
    expect(files).toContain('src/core/rng.ts');
    expect(files).toContain('src/reference/parallel-tempering.ts');
    expect(files).toContain('src/benchmarks/task.ts');
    expect(files).not.toContain('src/benchmarks/slcp.ts');
    expect(files).not.toContain('src/benchmarks/lorenz96.ts');
    expect(files).not.toContain('src/benchmarks/registry.ts');
  });

  it('follows sub-folder imports (Hodgkin–Huxley neuron and statistics)', () => {
    const files = importClosure(['src/benchmarks/hodgkin-huxley.ts']);
    expect(files).toContain('src/benchmarks/hodgkin-huxley/neuron.ts');
    expect(files).toContain('src/benchmarks/hodgkin-huxley/statistics.ts');
  });

  it('gives each task its own digest, the same on every call', () => {
    expect(referenceCodeDigest('slcp')).toMatch(/^[0-9a-f]{16}$/);
    expect(referenceCodeDigest('slcp')).not.toBe(referenceCodeDigest('two_moons'));
    expect(referenceCodeDigest('gaussian_mixture')).toBe(referenceCodeDigest('gaussian_mixture_wide'));
  });

  it('names the file and specifier when an import resolves to nothing', () => {
    expect(() => importClosure(['test/cli/fixtures/broken-import.txt'])).toThrow(/"\.\/does-not-exist" in test\/cli\/fixtures\/broken-import\.txt names no \.ts file/);
  });
});

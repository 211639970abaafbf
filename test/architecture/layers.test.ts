import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importsOf, type Layer, layerOf, readLayerMap, sourceFiles, valueImportViolations } from './import-graph';

/**
 * The architecture (issue 21): the layer map is written once, in the README's Layout section,
 * and every import of src/, workers/ and scripts/ is checked against it. Values may only flow
 * from a layer to those it lists; types may cross anywhere, but no two layers may import each
 * other (directly or around a loop). Data files (.json) are not code and are not checked.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const layers = readLayerMap(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const files = sourceFiles(ROOT, ['src', 'workers', 'scripts']);
const imports = files.flatMap((file) => importsOf(ROOT, file)).filter((entry) => !entry.to.endsWith('.json') && !existsSync(join(ROOT, `${entry.to}.json`)));
const byName = new Map(layers.map((layer) => [layer.name, layer]));

describe('the layer map', () => {
  it('should name known layers only, and hold every source file', () => {
    for (const layer of layers) for (const name of layer.mayImport) expect(byName.has(name), `${layer.name} may import "${name}"`).toBe(true);
    expect(files.filter((file) => layerOf(file, layers) === null)).toEqual([]);
  });

  it('should be kept by every value import', () => {
    const violations = valueImportViolations(imports, layers);
    expect(violations).toEqual([]);
  });

  it('should have no cycle between layers, types included', () => {
    const edges = new Map<string, Set<string>>();
    for (const entry of imports) {
      const from = layerOf(entry.from, layers)!;
      const to = layerOf(`${entry.to}.ts`, layers);
      if (!to || to === from) continue;
      if (!edges.has(from.name)) edges.set(from.name, new Set());
      edges.get(from.name)!.add(to.name);
    }
    const found = cycles(edges).map((cycle) => {
      const witnesses = imports.filter((entry) => cycle.includes(layerOf(entry.from, layers)!.name) && cycle.includes(layerOf(`${entry.to}.ts`, layers)?.name ?? '') && layerOf(entry.from, layers) !== layerOf(`${entry.to}.ts`, layers));
      return `${cycle.join(' ↔ ')}: ${witnesses.map((entry) => `${entry.from} → ${entry.to}`).join(', ')}`;
    });
    expect(found).toEqual([]);
  });

  it('should catch an import against the map and a cycle (the checks can fail)', () => {
    const toy: Layer[] = [
      { name: 'core', folder: 'src/core', mayImport: [] },
      { name: 'store', folder: 'src/store', mayImport: ['core'] },
    ];
    expect(layerOf('src/store/a.ts', toy)?.name).toBe('store');
    expect(valueImportViolations([{ from: 'src/store/a.ts', to: 'src/core/b', typeOnly: false }], toy)).toEqual([]);
    expect(valueImportViolations([{ from: 'src/core/b.ts', to: 'src/store/a', typeOnly: true }], toy)).toEqual([]);
    expect(valueImportViolations([{ from: 'src/core/b.ts', to: 'src/store/a', typeOnly: false }], toy)).toEqual(['src/core/b.ts → src/store/a (core → store)']);
    expect(valueImportViolations([{ from: 'src/store/a.ts', to: 'test/helpers/x', typeOnly: false }], toy)).toHaveLength(1);
    expect(cycles(new Map([['core', new Set(['store'])], ['store', new Set(['core'])]]))).toEqual([['core', 'store']]);
    expect(cycles(new Map([['store', new Set(['core'])]]))).toEqual([]);
  });
});

describe('the page bundle', () => {
  it('should hold no simulator, likelihood, sampler, network or TensorFlow.js code: the value imports from src/main.tsx reach only the page layers', () => {
    const pageLayers = new Set(['pages', 'components', 'store', 'charts', 'protocol', 'metadata', 'core']);
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/^\s*import\s+(?!type\b)[^'";]*?from\s*'(@tensorflow[^']*)'/gm)) outside.push(`${file} → ${match[1]}`);
      for (const entry of importsOf(ROOT, file)) {
        if (entry.typeOnly || entry.to.endsWith('.json') || existsSync(join(ROOT, `${entry.to}.json`))) continue;
        const target = [`${entry.to}.ts`, `${entry.to}.tsx`, `${entry.to}/index.ts`].find((path) => existsSync(join(ROOT, path)));
        if (!target) continue; // a non-code asset (?url, css)
        const layer = layerOf(target, layers);
        if (!layer || !pageLayers.has(layer.name)) outside.push(`${file} → ${target} (${layer?.name ?? 'no layer'})`);
        else visit(target);
      }
    };
    visit('src/main.tsx');
    expect(outside).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});

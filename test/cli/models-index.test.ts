import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModelsIndex } from '../../scripts/model-files';
import { parseModelsIndex } from '../../src/store/shipped-models';

describe('public/models/index.json', () => {
  it('should list exactly the shipped model folders with their cards (pretrain rewrites it)', () => {
    const committed = JSON.parse(readFileSync('public/models/index.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildModelsIndex('public/models'))));
    const models = parseModelsIndex(committed, 'index.json');
    expect(models.map((model) => `${model.task}/${model.route}`)).toEqual(expect.arrayContaining(['two_moons/b-nle', 'two_moons/b-nre', 'gaussian_mixture/b-nle', 'gaussian_mixture/b-nre']));
    for (const model of models) expect(model.card).toMatchObject({ task: model.task, route: model.route });
  });

  it('should refuse a malformed index with a message naming it', () => {
    expect(() => parseModelsIndex({ format: 'x' }, 'index.json')).toThrow(/index.json: expected a models index/);
    expect(() => parseModelsIndex({ format: 'tempered-sbi-lab/models-index@1', models: [{ task: 1 }] }, 'index.json')).toThrow(/expected models\[0\] to have task, route and card/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModelsIndex } from '../../scripts/model-files';
import { parseModelsIndex, SHIPPED_MODELS_BUDGET } from '../../src/store/shipped-models';

describe('public/models/index.json', () => {
  it('should list exactly the shipped model folders with their cards (pretrain rewrites it)', () => {
    const committed = JSON.parse(readFileSync('public/models/index.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildModelsIndex('public/models'))));
    const { models, problems } = parseModelsIndex(committed, 'index.json');
    expect(problems).toEqual([]);
    expect(models.map((model) => `${model.task}/${model.route}`)).toEqual(expect.arrayContaining(['two_moons/b-nle', 'two_moons/b-nre', 'gaussian_mixture/b-nle', 'gaussian_mixture/b-nre']));
    // The page refines a shipped model as its committed results at SHIPPED_MODELS_BUDGET were refined.
    for (const model of models) expect(model.card).toMatchObject({ task: model.task, route: model.route, budget: SHIPPED_MODELS_BUDGET });
  });

  it('should refuse a malformed index with a message naming it', () => {
    expect(() => parseModelsIndex({ format: 'x' }, 'index.json')).toThrow('index.json: format: expected "tempered-sbi-lab/models-index@1", got "x"');
    expect(() => parseModelsIndex(null, 'index.json')).toThrow('index.json: expected an object, got null');
  });

  it('should drop only the entries that fail, saying which field and what arrived', () => {
    const committed = JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { format: string; models: { card: Record<string, unknown> }[] };
    const [first, second, ...rest] = committed.models;
    const { commit: _, ...noCommit } = second!.card;
    const index = { ...committed, models: [{ task: first!.card.task }, { ...second, card: noCommit }, { ...rest[0], card: { ...rest[0]!.card, budget: '<img src=x>' } }, ...rest.slice(1)] };
    const { models, problems } = parseModelsIndex(index, 'index.json');
    expect(models).toHaveLength(committed.models.length - 3);
    expect(problems).toEqual([
      'index.json models[0]: route: expected a value, got nothing',
      'index.json models[1]: card.commit: expected a value, got nothing',
      'index.json models[2]: card.budget: expected a number, got "<img src=x>"',
    ]);
  });
});

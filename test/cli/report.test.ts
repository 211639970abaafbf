import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refinementMarkdown } from '../../src/protocol/results-summary';
import { parseResultFile, RESULT_SCHEMA, type ResultFile } from '../../src/protocol/results';
import { CALIBRATION_SCHEMA } from '../../src/protocol/calibration';
import { COVERAGE_LEVELS } from '../../src/metrics/coverage';
import { lastJsonLine, runCli, runCliInProcess } from '../helpers/cli';

function resultFile(route: string, c2stValues: number[], budget = 10_000): ResultFile {
  return {
    schema: RESULT_SCHEMA,
    task: 'two_moons',
    route,
    budget,
    provenance: {
      command: `npm run cli -- evaluate --task two_moons --route ${route}`,
      commit: 'a'.repeat(40),
      createdAt: '2026-11-30T00:00:00.000Z',
      seeds: { training: 1, c2st: 2 },
      sampleSizes: { reference: 10_000, candidate: 10_000 },
    },
    cells: c2stValues.flatMap((c2st, k) =>
      [1, 2].map((observation) => ({
        beta: [0.5, 1][k]!,
        observation,
        c2st: c2st + 0.01 * observation,
        mmd: 0.001,
        essFraction: route === 'b-nle' ? 0.4 : null,
        seconds: 0.2,
        floor: { c2st: 0.5, mmd: 0 },
      })),
    ),
  };
}

describe('npm run cli -- report', () => {
  it('should read calibration files beside the results and set their coverage out per β, the chosen β in bold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-report-'));
    writeFileSync(join(dir, 'b-nle-10000.json'), JSON.stringify(resultFile('b-nle', [0.6, 0.55])));
    const row = (beta: number, coverage: number) => ({ beta, curve: COVERAGE_LEVELS.map(() => coverage), atLevel: { coverage, low: coverage - 0.04, high: coverage + 0.04 }, sbcHistogram: [[10, 10], [10, 10]] });
    const calibration = {
      schema: CALIBRATION_SCHEMA,
      task: 'two_moons',
      route: 'b-nle',
      budget: 10_000,
      simulator: { kind: 'misspecified', name: 'radial noise ×3', description: 'with probability ε …', epsilon: 0.5 },
      level: 0.9,
      levels: COVERAGE_LEVELS,
      numDataSets: 200,
      drawsPerDataSet: 500,
      perBeta: [row(0.3, 0.9), row(1, 0.62)],
      choice: { beta: 0.3, level: 0.9, explanation: 'β = 0.3 is the largest β …' },
      referenceCheck: { numDataSets: 50, drawsPerDataSet: 500, perBeta: [{ ...row(1, 0.6), sbcHistogram: undefined }].map(({ sbcHistogram: _unused, ...rest }) => rest) },
      seconds: 12,
      provenance: resultFile('b-nle', [0.6]).provenance,
    };
    writeFileSync(join(dir, 'b-nle-coverage-misspecified.json'), JSON.stringify(calibration));
    // A route whose coverage reaches 90 % at no β: the summary gives the reference at the β it checked instead.
    const strip = ({ sbcHistogram: _unused, ...rest }: ReturnType<typeof row>) => rest;
    const none = { ...calibration, route: 'b-nre', choice: { beta: null, level: 0.9, explanation: 'No β from 0.3 to 1 reaches 90 % …' }, referenceCheck: { numDataSets: 50, drawsPerDataSet: 500, perBeta: [strip(row(1, 0.5)), strip(row(0.3, 0.96))] } };
    writeFileSync(join(dir, 'b-nre-coverage-misspecified.json'), JSON.stringify(none));
    const { status, stdout } = runCli(['report', '--results', dir, '--out', dir]);
    expect(status).toBe(0);
    expect(lastJsonLine(stdout)).toMatchObject({ files: 1, calibrations: 2 });
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('from 1 result files and 2 calibration files');
    expect(report).toContain('## Coverage across β');
    expect(report).toContain('| two_moons | b-nle | radial noise ×3, ε = 0.5 | 0.9 | 0.3 | 90 % (86 %–94 %) | — | **0.3** |');
    expect(report).toContain('| two_moons | b-nle | radial noise ×3, ε = 0.5 | 0.9 | 1 | 62 % (58 %–66 %) | 60 % |  |');
    // The one-line summary: β = 1 beside the reference, the chosen β (no reference check there).
    expect(report).toContain('| two_moons | b-nle | radial noise ×3, ε = 0.5 | 0.9 | 62 % (58 %–66 %) | 60 % | 0.3 | 90 % | — |');
    expect(report).toContain('| two_moons | b-nre | radial noise ×3, ε = 0.5 | 0.9 | 62 % (58 %–66 %) | 50 % | none | — | β = 0.3: 96 % |');
  });

  it('should set one route’s training seeds side by side: each seed’s mean, their mean and sd', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-report-'));
    const seeded = (route: string, c2st: number[], seed: number): ResultFile => {
      const file = resultFile(route, c2st);
      return { ...file, provenance: { ...file.provenance, seeds: { ...file.provenance.seeds, training: seed } } };
    };
    writeFileSync(join(dir, 'b-nle-10000.json'), JSON.stringify(seeded('b-nle', [0.6, 0.55], 1)));
    writeFileSync(join(dir, 'b-nle-seed-101-10000.json'), JSON.stringify(seeded('b-nle/seed-101', [0.64, 0.59], 101)));
    writeFileSync(join(dir, 'b-nle-seed-201-10000.json'), JSON.stringify(seeded('b-nle/seed-201', [0.62, 0.57], 201)));
    writeFileSync(join(dir, 'a-10000.json'), JSON.stringify(resultFile('a', [0.7, 0.65])));
    const { status } = runCli(['report', '--results', dir, '--out', dir]);
    expect(status).toBe(0);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('## Training seeds side by side');
    // Per seed: the mean of its cells (0.6, 0.55 shifted by 0.01·observation → 0.59; 0.63; 0.61); sd 0.02.
    expect(report).toContain('| two_moons | b-nle | 10000 | 3 | 1: 0.590, 101: 0.630, 201: 0.610 | 0.610 | 0.020 | 0.500 |');
    expect(report.slice(report.indexOf('## Training seeds'))).not.toContain('| two_moons | a |');
  });

  it('should print a Markdown table of means and write report.md, .csv and .html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-report-'));
    mkdirSync(join(dir, 'two_moons'));
    writeFileSync(join(dir, 'two_moons', 'b-nle-10000.json'), JSON.stringify(resultFile('b-nle', [0.6, 0.55])));
    writeFileSync(join(dir, 'two_moons', 'a-10000.json'), JSON.stringify(resultFile('a', [0.7, 0.65])));
    const { status, stdout } = runCli(['report', '--results', dir, '--out', join(dir, 'out')]);
    expect(status).toBe(0);
    expect(stdout).toContain('| two_moons | b-nle | 10000 | 0.5 | 2 | 0.615 | 1.00e-3 | 0.400 | 0.500 | 0.20 |');
    expect(stdout).toContain('| two_moons | a | 10000 | 1 | 2 | 0.665 | 1.00e-3 | — | 0.500 | 0.20 |');
    expect(lastJsonLine(stdout)).toMatchObject({ command: 'report', files: 2, rows: 4 });
    const csv = readFileSync(join(dir, 'out', 'report.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 8);
    expect(existsSync(join(dir, 'out', 'report.md'))).toBe(true);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('Plotly.newPlot');
    expect(html).toContain('b-nle (10000 sims)');
  });

  it('should set the budgets of one task × route side by side and skip saved-model folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-report-'));
    writeFileSync(join(dir, 'b-nre-10000.json'), JSON.stringify(resultFile('b-nre', [0.6, 0.55])));
    writeFileSync(join(dir, 'b-nre-100000.json'), JSON.stringify(resultFile('b-nre', [0.58, 0.52], 100_000)));
    writeFileSync(join(dir, 'a-10000.json'), JSON.stringify(resultFile('a', [0.7, 0.65])));
    mkdirSync(join(dir, 'models-100000', 'two_moons', 'b-nre'), { recursive: true });
    writeFileSync(join(dir, 'models-100000', 'two_moons', 'b-nre', 'model.json'), '{"not": "a result file"}');
    const { status, stdout } = runCli(['report', '--results', dir, '--out', dir]);
    expect(status).toBe(0);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('## Simulation budgets side by side');
    expect(report).toContain('**two_moons · b-nre**');
    expect(report).toContain('| β | C2ST 10000 | ESS/N 10000 | C2ST 100000 | ESS/N 100000 |');
    expect(report).toContain('| 0.5 | 0.615 | — | 0.595 | — |');
    expect(report).not.toContain('**two_moons · a**');
    expect(lastJsonLine(stdout)).toMatchObject({ files: 3 });
  });

  it('should set refined cells beside their unrefined scores and say which refinement made worse or left untrustworthy', () => {
    const plain = resultFile('b-nre', [0.6, 0.55]);
    const refined: ResultFile = {
      ...plain,
      route: 'b-nre/refined',
      cells: plain.cells.map((cell, i) => ({
        ...cell,
        c2st: cell.c2st - (i === 0 ? -0.02 : 0.03),
        refinement: { numProposals: 100_000, defensive: 0, ess: 20_000, essFraction: 0.2, paretoK: i === 3 ? 0.9 : 0.4, trustworthy: i !== 3, unrefined: { c2st: cell.c2st, mmd: cell.mmd }, worseThanUnrefined: i === 0 },
      })),
    };
    expect(refinementMarkdown([plain])).toBe('');
    const table = refinementMarkdown([plain, refined]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toBe('| two_moons | b-nre/refined | 10000 | 0.5 | 0.610 | 0.615 | 0.200 | 0.40 | 1 of 2 | 0 of 2 |');
    expect(table[3]).toBe('| two_moons | b-nre/refined | 10000 | 1 | 0.535 | 0.565 | 0.200 | 0.90 | 0 of 2 | 1 of 2 |');
  });

  it('should refuse a result file without provenance, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-lab-report-'));
    const { provenance: _, ...bare } = resultFile('b-nre', [0.6, 0.6]);
    writeFileSync(join(dir, 'b-nre-10000.json'), JSON.stringify(bare));
    const { status, stderr } = await runCliInProcess(['report', '--results', dir]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/b-nre-10000\.json: provenance: expected a value, got nothing/);
  });

  it('should refuse an empty results folder with a usage message', async () => {
    const { status, stderr } = await runCliInProcess(['report', '--results', mkdtempSync(join(tmpdir(), 'sbi-lab-empty-'))]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/expected result files/);
  });
});

describe('result files', () => {
  it.each([
    ['a wrong schema', (f: Record<string, unknown>) => ({ ...f, schema: 'x' }), 'f.json: schema: expected "tempered-sbi-lab/result@1", got "x"'],
    ['a bad commit', (f: Record<string, unknown>) => ({ ...f, provenance: { ...(f.provenance as object), commit: 'HEAD' } }), 'f.json: provenance.commit: expected a 40-hex-digit git commit, got "HEAD"'],
    ['no seeds', (f: Record<string, unknown>) => ({ ...f, provenance: { ...(f.provenance as object), seeds: {} } }), 'f.json: provenance.seeds: expected at least one seed, got an empty object'],
    ['no sample sizes', (f: Record<string, unknown>) => ({ ...f, provenance: { ...(f.provenance as object), sampleSizes: undefined } }), 'f.json: provenance.sampleSizes: expected a value, got nothing'],
    ['an observation out of range', (f: Record<string, unknown>) => ({ ...f, cells: [{ ...(f.cells as object[])[0], observation: 11 }] }), 'f.json: cells[0].observation: expected an integer in [1, 10], got 11'],
    ['a NaN score', (f: Record<string, unknown>) => ({ ...f, cells: [{ ...(f.cells as object[])[0], c2st: 'NaN' }] }), 'f.json: cells[0].c2st: expected a number, got "NaN"'],
  ])('should reject %s', (_, mutate, message) => {
    const good = JSON.parse(JSON.stringify(resultFile('a', [0.6, 0.6]))) as Record<string, unknown>;
    expect(parseResultFile(good, 'f.json').route).toBe('a');
    expect(() => parseResultFile(mutate(good), 'f.json')).toThrow(message);
  });
});

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { evaluationFigure } from '../../src/charts/evaluation-figure';
import { parseResultFile, type ResultFile } from '../../src/protocol/results';
import { type CalibrationFile, isCalibrationJson, parseCalibrationFile } from '../../src/protocol/calibration';
import { coverageMarkdown, coverageSummaryMarkdown } from '../../src/metrics/coverage-report';
import { budgetComparisonMarkdown, refinementMarkdown, resultsCsv, seedsMarkdown, summarizeResults, summaryMarkdown } from '../../src/protocol/results-summary';
import { type Command, SEED_OPTION, SEED_USAGE, UsageError, writableOut } from '../command';

/** Every `*.json` below `dir`, depth first, sorted; folders named `models…` hold saved models, not results, and are skipped. */
function findJsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name.startsWith('models') ? [] : findJsonFiles(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

/** A standalone HTML page with the Figure-1-style chart (Plotly inlined, so it opens offline). */
function reportHtml(files: readonly ResultFile[]): string {
  const figure = evaluationFigure(summarizeResults(files));
  const plotly = readFileSync(createRequire(import.meta.url).resolve('plotly.js/dist/plotly.min.js'), 'utf8');
  const commits = [...new Set(files.map((file) => file.provenance.commit))].join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tempered SBI Lab — evaluation report</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d232b}#chart{width:100%;height:520px}</style>
<script>${plotly.replace(/<\/script/gi, '<\\/script')}</script></head>
<body><h1>Evaluation report</h1>
<p>${files.length} result files; commits ${commits}. Regenerate with <code>npm run cli -- report</code>.</p>
<div id="chart"></div>
<script>Plotly.newPlot('chart', ${JSON.stringify(figure.data)}, ${JSON.stringify(figure.layout)}, {responsive: true});</script>
</body></html>
`;
}

/**
 * `report [--results DIR] [--out DIR]`: gathers every result file below `results/`, prints a
 * Markdown table (mean over observations per task × route × budget × β), and writes
 * `report.md` (with the budgets side by side where a task × route has several), `report.csv` and
 * `report.html` (the Figure-1-style chart) to the out folder. Folders named `models…` are skipped.
 * A result file without provenance, or malformed in any way, stops the report with its path.
 */
export const reportCommand: Command = {
  name: 'report',
  summary: 'gather results/**/*.json into a Markdown table, a CSV and an HTML chart',
  usage: [
    '  --results DIR   folder of result files (default results)',
    '  --out DIR       where report.md, report.csv and report.html go (default: the results folder)',
    SEED_USAGE,
  ].join('\n'),
  options: { results: { type: 'string' }, out: { type: 'string' }, ...SEED_OPTION },

  async run(values) {
    const resultsDir = typeof values.results === 'string' ? values.results : 'results';
    const outDir = writableOut(typeof values.out === 'string' ? values.out : resultsDir, 'dir');
    let paths: string[];
    try {
      paths = findJsonFiles(resultsDir);
    } catch {
      throw new UsageError(`--results: expected a readable folder, got "${resultsDir}"`);
    }
    if (paths.length === 0) throw new UsageError(`--results: expected result files (*.json) in "${resultsDir}", found none`);
    const files: ResultFile[] = [];
    const calibrations: CalibrationFile[] = [];
    for (const path of paths) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`${path}: expected JSON, got a parse error: ${(error as Error).message}`);
      }
      const source = relative(process.cwd(), path) || path;
      if (isCalibrationJson(json)) calibrations.push(parseCalibrationFile(json, source));
      else files.push(parseResultFile(json, source));
    }
    const rows = summarizeResults(files);
    const budgets = budgetComparisonMarkdown(rows);
    const refinement = refinementMarkdown(files);
    const seeds = seedsMarkdown(files);
    const coverage = coverageMarkdown(calibrations);
    const markdown = [
      summaryMarkdown(rows),
      budgets === '' ? null : `## Simulation budgets side by side\n\n${budgets}`,
      refinement === '' ? null : `## Refinement beside the unrefined draws\n\n${refinement}`,
      seeds === '' ? null : `## Training seeds side by side\n\n${seeds}`,
      coverage === '' ? null : `## Coverage across β\n\nOne line per calibration file (\`calibrate\`): β = 1 and the chosen β, each beside the reference check's coverage where it ran.\n\n${coverageSummaryMarkdown(calibrations)}\n\nEvery β:\n\n${coverage}`,
    ]
      .filter((part) => part !== null)
      .join('\n\n');
    console.log(markdown);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.md'), `# Evaluation report\n\nMade by \`npm run cli -- report\` from ${files.length} result files${calibrations.length > 0 ? ` and ${calibrations.length} calibration files` : ''}.\n\n${markdown}\n`);
    writeFileSync(join(outDir, 'report.csv'), resultsCsv(files));
    writeFileSync(join(outDir, 'report.html'), reportHtml(files));
    return { command: 'report', files: files.length, calibrations: calibrations.length, rows: rows.length, out: outDir };
  },
};

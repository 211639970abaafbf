import type { ResultFile } from './results';

/** One line of the report: a (task, route, budget, β) cell averaged over its observations. */
export interface SummaryRow {
  readonly task: string;
  readonly route: string;
  readonly budget: number;
  readonly beta: number;
  readonly numObservations: number;
  readonly c2stMean: number;
  readonly mmdMean: number;
  /** Mean ESS/N, or null where the route has no weights. */
  readonly essFractionMean: number | null;
  readonly floorC2stMean: number;
  readonly secondsMean: number;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Averages every file's cells over observations, per β; sorted by task, route, budget, β. */
export function summarizeResults(files: readonly ResultFile[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const file of files) {
    const betas = [...new Set(file.cells.map((cell) => cell.beta))].sort((a, b) => a - b);
    for (const beta of betas) {
      const cells = file.cells.filter((cell) => cell.beta === beta);
      const ess = cells.map((cell) => cell.essFraction).filter((value): value is number => value !== null);
      rows.push({
        task: file.task,
        route: file.route,
        budget: file.budget,
        beta,
        numObservations: cells.length,
        c2stMean: mean(cells.map((cell) => cell.c2st)),
        mmdMean: mean(cells.map((cell) => cell.mmd)),
        essFractionMean: ess.length > 0 ? mean(ess) : null,
        floorC2stMean: mean(cells.map((cell) => cell.floor.c2st)),
        secondsMean: mean(cells.map((cell) => cell.seconds)),
      });
    }
  }
  return rows.sort(
    (a, b) =>
      a.task.localeCompare(b.task) || a.route.localeCompare(b.route) || a.budget - b.budget || a.beta - b.beta,
  );
}

/** The summary as a Markdown table. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const header = '| task | route | simulations | β | observations | C2ST | MMD² | ESS/N | C2ST floor | seconds |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = rows.map(
    (row) =>
      `| ${row.task} | ${row.route} | ${row.budget} | ${row.beta} | ${row.numObservations} | ${row.c2stMean.toFixed(3)} | ` +
      `${row.mmdMean.toExponential(2)} | ${formatEss(row.essFractionMean)} | ` +
      `${row.floorC2stMean.toFixed(3)} | ${row.secondsMean.toFixed(2)} |`,
  );
  return [header, rule, ...lines].join('\n');
}

/** ESS/N for a table: three decimals, or two significant digits below 0.001 (where the weights have collapsed, 0.000 would hide by how much). */
function formatEss(value: number | null): string {
  if (value === null) return '—';
  return value >= 0.001 || value === 0 ? value.toFixed(3) : value.toExponential(1);
}

/**
 * The simulation budgets side by side: for every task × route evaluated at more than one budget,
 * one line per β with each budget's C2ST and ESS/N (issue 6 asks for 10 000 beside 100 000).
 * Empty when no task × route has two budgets.
 */
export function budgetComparisonMarkdown(rows: readonly SummaryRow[]): string {
  const groups = new Map<string, SummaryRow[]>();
  for (const row of rows) {
    const key = `${row.task} | ${row.route}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const tables: string[] = [];
  for (const [key, group] of groups) {
    const budgets = [...new Set(group.map((row) => row.budget))].sort((a, b) => a - b);
    if (budgets.length < 2) continue;
    const betas = [...new Set(group.map((row) => row.beta))].sort((a, b) => a - b);
    const header = `| β | ${budgets.map((budget) => `C2ST ${budget} | ESS/N ${budget}`).join(' | ')} |`;
    const rule = `| ---: | ${budgets.map(() => '---: | ---:').join(' | ')} |`;
    const lines = betas.map((beta) => {
      const cells = budgets.map((budget) => {
        const row = group.find((candidate) => candidate.budget === budget && candidate.beta === beta);
        if (!row) return '— | —';
        return `${row.c2stMean.toFixed(3)} | ${formatEss(row.essFractionMean)}`;
      });
      return `| ${beta} | ${cells.join(' | ')} |`;
    });
    tables.push([`**${key.replace(' | ', ' · ')}**`, '', header, rule, ...lines].join('\n'));
  }
  return tables.join('\n\n');
}

/** Every cell of every file as CSV, one row per (task, route, budget, β, observation). */
export function resultsCsv(files: readonly ResultFile[]): string {
  const lines = ['task,route,budget,beta,observation,c2st,mmd,ess_fraction,seconds,floor_c2st,floor_mmd,commit'];
  for (const file of files) {
    for (const cell of file.cells) {
      lines.push(
        [
          file.task, file.route, file.budget, cell.beta, cell.observation, cell.c2st, cell.mmd,
          cell.essFraction ?? '', cell.seconds, cell.floor.c2st, cell.floor.mmd, file.provenance.commit,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Refined files beside their unrefined scores (issue 19): per (task, route, budget, β), the mean
 * C2ST refined and unrefined, the mean ESS/M of the importance weights, the largest Pareto k̂, and
 * how many cells refinement made worse or left untrustworthy (k̂ > 0.7) — said, never hidden.
 * Empty when no file was refined.
 */
export function refinementMarkdown(files: readonly ResultFile[]): string {
  const header = '| task | route | simulations | β | C2ST refined | C2ST unrefined | ESS/M | largest k̂ | cells worse | cells untrustworthy |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines: string[] = [];
  for (const file of files) {
    const refined = file.cells.filter((cell) => cell.refinement);
    if (refined.length === 0) continue;
    for (const beta of [...new Set(refined.map((cell) => cell.beta))].sort((a, b) => a - b)) {
      const cells = refined.filter((cell) => cell.beta === beta);
      const ks = cells.map((cell) => cell.refinement!.paretoK);
      const largestK = ks.some((k) => k === null) ? 'not judged' : Math.max(...(ks as number[])).toFixed(2);
      lines.push(
        `| ${file.task} | ${file.route} | ${file.budget} | ${beta} | ${mean(cells.map((cell) => cell.c2st)).toFixed(3)} | ${mean(cells.map((cell) => cell.refinement!.unrefined.c2st)).toFixed(3)} | ` +
          `${formatEss(mean(cells.map((cell) => cell.refinement!.essFraction)))} | ${largestK} | ${cells.filter((cell) => cell.refinement!.worseThanUnrefined).length} of ${cells.length} | ${cells.filter((cell) => !cell.refinement!.trustworthy).length} of ${cells.length} |`,
      );
    }
  }
  return lines.length === 0 ? '' : [header, rule, ...lines].join('\n');
}

/** A route label without its training-seed tag (`evaluate --tag seed-S`): b-nle/seed-101 → b-nle. */
export function untaggedRoute(route: string): string {
  return route.replace(/\/seed-\d+(?=\/|$)/, '');
}

/**
 * One model trained from several seeds (issue 19's headline cells): per (task, route, budget),
 * where files of at least two training seeds exist (the shipped model's and `evaluate --tag
 * seed-S` ones), each seed's mean C2ST over all its cells (every β and observation), their mean
 * and sample standard deviation, and the mean floor. Empty when no route has two seeds.
 */
export function seedsMarkdown(files: readonly ResultFile[]): string {
  const groups = new Map<string, ResultFile[]>();
  for (const file of files) {
    const key = `${file.task} | ${untaggedRoute(file.route)} | ${file.budget}`;
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  const lines: string[] = [];
  for (const [key, group] of groups) {
    const bySeed = [...group].sort((a, b) => (a.provenance.seeds.training ?? 0) - (b.provenance.seeds.training ?? 0));
    if (new Set(bySeed.map((file) => file.provenance.seeds.training)).size < 2) continue;
    const means = bySeed.map((file) => mean(file.cells.map((cell) => cell.c2st)));
    const m = mean(means);
    const sd = Math.sqrt(means.reduce((acc, value) => acc + (value - m) ** 2, 0) / (means.length - 1));
    const perSeed = bySeed.map((file, i) => `${file.provenance.seeds.training}: ${means[i]!.toFixed(3)}`).join(', ');
    const floor = mean(bySeed.flatMap((file) => file.cells.map((cell) => cell.floor.c2st)));
    lines.push(`| ${key} | ${bySeed.length} | ${perSeed} | ${m.toFixed(3)} | ${sd.toFixed(3)} | ${floor.toFixed(3)} |`);
  }
  if (lines.length === 0) return '';
  return ['| task | route | simulations | seeds | mean C2ST per training seed | mean | sd | floor |', '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |', ...lines].join('\n');
}

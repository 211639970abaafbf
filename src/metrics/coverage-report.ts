import type { CalibrationFile } from '../protocol/calibration';

const percent = (value: number) => `${Math.round(value * 100)} %`;

/**
 * Calibration files as one Markdown table (issue 20): per (task, route, simulator) and β, the
 * coverage at the file's level with its bootstrap interval, the reference check's coverage where
 * it ran, and the chosen β. Empty when there are none.
 */
export function coverageMarkdown(files: readonly CalibrationFile[]): string {
  if (files.length === 0) return '';
  const lines = ['| task | route | simulator | level | β | coverage (interval) | reference coverage | chosen β |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'];
  const sorted = [...files].sort((a, b) => a.task.localeCompare(b.task) || a.route.localeCompare(b.route) || a.simulator.kind.localeCompare(b.simulator.kind));
  for (const file of sorted) {
    const simulator = file.simulator.kind === 'nominal' ? 'nominal' : `${file.simulator.name}, ε = ${file.simulator.epsilon}`;
    for (const row of file.perBeta) {
      const reference = file.referenceCheck?.perBeta.find((check) => check.beta === row.beta);
      lines.push(
        `| ${file.task} | ${file.route} | ${simulator} | ${file.level} | ${row.beta} | ${percent(row.atLevel.coverage)} (${percent(row.atLevel.low)}–${percent(row.atLevel.high)}) | ` +
          `${reference ? percent(reference.atLevel.coverage) : '—'} | ${file.choice.beta === row.beta ? `**${row.beta}**` : ''} |`,
      );
    }
    if (file.choice.beta === null) lines.push(`| ${file.task} | ${file.route} | ${simulator} | ${file.level} | — | ${file.choice.explanation} | | none |`);
  }
  return lines.join('\n');
}

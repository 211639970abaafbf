import type { CalibrationFile } from '../protocol/calibration';

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** The simulator of a file in words: "nominal" or "gross errors, ε = 0.3". */
function simulatorText(file: CalibrationFile): string {
  return file.simulator.kind === 'nominal' ? 'nominal' : `${file.simulator.name}, ε = ${file.simulator.epsilon}`;
}

function byTaskRouteSimulator(files: readonly CalibrationFile[]): CalibrationFile[] {
  return [...files].sort((a, b) => a.task.localeCompare(b.task) || a.route.localeCompare(b.route) || a.simulator.kind.localeCompare(b.simulator.kind));
}

/** Where no β reaches the level, the reference check's other β (the grid's smallest) with its coverage, e.g. "β = 0.1: 96 %". */
function fallback(file: CalibrationFile): string {
  const other = file.referenceCheck?.perBeta.find((row) => row.beta !== 1);
  return other ? `β = ${other.beta}: ${percent(other.atLevel.coverage)}` : '—';
}

/**
 * One line per calibration file (issue 20): the coverage at the file's level at β = 1 with its
 * interval and the reference check's beside it, and the chosen β with its coverage and the
 * reference's there (or "none" when no β reaches the level, with the reference at the β it checked
 * instead). Empty when there are none.
 */
export function coverageSummaryMarkdown(files: readonly CalibrationFile[]): string {
  if (files.length === 0) return '';
  const lines = ['| task | route | simulator | level | coverage at β = 1 (interval) | reference at β = 1 | chosen β | its coverage | reference there |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const file of byTaskRouteSimulator(files)) {
    const standard = file.perBeta.find((row) => row.beta === 1);
    const chosen = file.perBeta.find((row) => row.beta === file.choice.beta);
    const reference = (beta: number | null | undefined) => {
      const row = beta === null || beta === undefined ? undefined : file.referenceCheck?.perBeta.find((check) => check.beta === beta);
      return row ? percent(row.atLevel.coverage) : '—';
    };
    lines.push(
      `| ${file.task} | ${file.route} | ${simulatorText(file)} | ${file.level} | ${standard ? `${percent(standard.atLevel.coverage)} (${percent(standard.atLevel.low)}–${percent(standard.atLevel.high)})` : '—'} | ${reference(standard?.beta)} | ` +
        `${chosen ? chosen.beta : 'none'} | ${chosen ? percent(chosen.atLevel.coverage) : '—'} | ${chosen ? reference(chosen.beta) : fallback(file)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Calibration files as one Markdown table (issue 20): per (task, route, simulator) and β, the
 * coverage at the file's level with its bootstrap interval, the reference check's coverage where
 * it ran, and the chosen β. Empty when there are none.
 */
export function coverageMarkdown(files: readonly CalibrationFile[]): string {
  if (files.length === 0) return '';
  const lines = ['| task | route | simulator | level | β | coverage (interval) | reference coverage | chosen β |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const file of byTaskRouteSimulator(files)) {
    const simulator = simulatorText(file);
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

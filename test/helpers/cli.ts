import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- …args` the way a person would (through tsx, a process of its own), and returns what it printed. */
export function runCli(args: readonly string[]): CliRun {
  const result = spawnSync(process.execPath, ['--import', './scripts/node-hooks/register.mjs', 'scripts/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the same command line inside the test's process (scripts/cli-main's `main`, console
 * captured): for refusals, which end before any work. A process of the command line costs ~3 s
 * of start-up (tsx and TensorFlow.js's ~600 modules), which ~60 refusal cases paid one by one.
 * The exit code and the printed lines are the process's (test/cli/flags checks both ways agree).
 */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const { main } = await import('../../scripts/cli-main');
  const printed = { stdout: [] as string[], stderr: [] as string[] };
  const [log, error] = [console.log, console.error];
  console.log = (...values: unknown[]) => void printed.stdout.push(values.map(String).join(' '));
  console.error = (...values: unknown[]) => void printed.stderr.push(values.map(String).join(' '));
  try {
    const status = await main(args);
    return { status, stdout: printed.stdout.map((line) => `${line}\n`).join(''), stderr: printed.stderr.map((line) => `${line}\n`).join('') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

/** The one-line JSON summary every command prints last. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as Record<string, unknown>;
}

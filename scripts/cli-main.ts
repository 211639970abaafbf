/**
 * The lab's command line, `npm run cli -- <command> [flags]` (DESIGN.md §7), as a function of
 * its arguments (scripts/cli.ts runs it as the process; tests run refusals in-process). Every command
 * takes `--seed` and prints a one-line JSON summary last. A bad flag prints one line naming the
 * flag, what was expected and what arrived, then the usage, and exits 2 (`--help` prints the usage
 * and exits 0); a failure at run time
 * prints one line naming the cause and exits 1 (with the stack trace under `--verbose`).
 */
import { parseArgs } from 'node:util';
import { type Command, joinDashedValues, UsageError } from './command';
import { currentCommit } from './provenance';
import { tf } from '../src/nn/tf';
import { benchCommand } from './commands/bench';
import { calibrateCommand } from './commands/calibrate';
import { evaluateCommand } from './commands/evaluate';
import { observationsCommand } from './commands/observations';
import { sampleCommand } from './commands/sample';
import { simulateCommand } from './commands/simulate';
import { trainCommand } from './commands/train';
import { pretrainCommand } from './commands/pretrain';
import { predictiveCommand } from './commands/predictive';
import { referenceCommand } from './commands/reference';
import { reportCommand } from './commands/report';
import { c2stCommand, mmdCommand } from './commands/two-sample';

const COMMANDS: readonly Command[] = [simulateCommand, referenceCommand, trainCommand, sampleCommand, evaluateCommand, calibrateCommand, pretrainCommand, c2stCommand, mmdCommand, reportCommand, benchCommand, observationsCommand, predictiveCommand];

function overview(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(14)}${command.summary}`);
  return ['usage: npm run cli -- <command> [flags]   (npm run cli -- <command> --help: its flags)', '', 'commands:', ...lines].join('\n');
}

function usageOf(command: Command): string {
  return `usage: npm run cli -- ${command.name} [flags]\n${command.usage}`;
}

/** parseArgs' errors in the tool's own words: the flag, what was expected, what arrived. */
function usageMessage(error: Error & { code?: string }, command: Command): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
  const known = Object.keys(command.options).map((name) => `--${name}`).join(', ');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${flag ?? 'a flag'}: expected one of ${known}, --verbose, got an unknown flag`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(error.message) ? `${flag ?? 'a flag'}: expected a value, got nothing` : `${flag ?? 'a flag'}: expected no value (it is a switch), got one`;
  }
  return error.message;
}

/** Runs one command line; returns the exit code (0 done, 1 failed at run time, 2 refused). */
export async function main(argv: readonly string[]): Promise<number> {
  currentCommit(); // pin the commit this run's provenance will name, before any work
  // TensorFlow.js's banner about its native Node binding (which cannot be installed here) is not the tool's to print.
  tf.env().set('PROD', true);
  const verbose = argv.includes('--verbose');
  const [name, ...rest] = argv.filter((arg) => arg !== '--verbose');
  const asksHelp = (arg: string) => arg === '--help' || arg === '-h';
  if (name !== undefined && (asksHelp(name) || name === 'help')) {
    console.log(overview());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command && rest.some(asksHelp)) {
    console.log(usageOf(command));
    return 0;
  }
  if (!command) {
    console.error(`${name === undefined ? 'expected a command' : `unknown command "${name}"`}\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: joinDashedValues(rest, command.options), options: command.options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`expected only --flags, got "${positionals.join(' ')}"`);
    const summary = await command.run(values);
    console.log(JSON.stringify(summary));
    return 0;
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (isUsage) {
      console.error(`${command.name}: ${usageMessage(error as Error, command)}\n\n${usageOf(command)}`);
      return 2;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(verbose && error instanceof Error ? `${command.name} failed: ${error.stack}` : `${command.name} failed: ${message} (--verbose for the stack trace)`);
    return 1;
  }
}


/**
 * The lab's command line: `npm run cli -- <command> [flags]` (DESIGN.md §7). Every command
 * takes `--seed`, prints a one-line JSON summary last, and on a bad flag prints its usage and
 * exits with status 2.
 */
import { parseArgs } from 'node:util';
import { type Command, UsageError } from './command';
import { currentCommit } from './provenance';
import { benchCommand } from './commands/bench';
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

const COMMANDS: readonly Command[] = [simulateCommand, referenceCommand, trainCommand, sampleCommand, evaluateCommand, pretrainCommand, c2stCommand, mmdCommand, reportCommand, benchCommand, observationsCommand, predictiveCommand];

function overview(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(14)}${command.summary}`);
  return ['usage: npm run cli -- <command> [flags]', '', 'commands:', ...lines].join('\n');
}

function usageOf(command: Command): string {
  return `usage: npm run cli -- ${command.name} [flags]\n${command.usage}`;
}

async function main(argv: readonly string[]): Promise<number> {
  currentCommit(); // pin the commit this run's provenance will name, before any work
  const [name, ...rest] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`${name === undefined ? 'expected a command' : `unknown command "${name}"`}\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: command.options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`expected only --flags, got "${positionals.join(' ')}"`);
    const summary = await command.run(values);
    console.log(JSON.stringify(summary));
    return 0;
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (isUsage) {
      console.error(`${command.name}: ${(error as Error).message}\n\n${usageOf(command)}`);
      return 2;
    }
    console.error(`${command.name} failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

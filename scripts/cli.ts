/**
 * `npm run cli -- <command> [flags]`: the lab's command line as a process (the commands, their
 * flags and how each failure is worded are in ./cli-main).
 */
import { main } from './cli-main';

process.exitCode = await main(process.argv.slice(2));

import { readFileSync } from 'node:fs';
import { parseSampleCsv } from '../src/core/csv';
import type { Matrix } from '../src/core/matrix';
import { UsageError } from './command';

/** Reads the θ columns of a sample file (DESIGN.md §7); a missing or malformed file is a clear error. */
export function readThetaSamples(path: string, flag: string): Matrix {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: expected a readable sample file, got "${path}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  return parseSampleCsv(text, path).theta;
}

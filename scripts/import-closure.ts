import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** `import … from './x'`, `export … from '../y'`, `import './z'`, `import('./w')`: relative specifiers. */
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The file a relative specifier names: `x.ts`, `x.tsx`, or `x/index.ts`, as the bundler resolves it. */
function resolveSpecifier(fromFile: string, specifier: string): string {
  const base = normalize(join(dirname(fromFile), specifier));
  const candidate = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => /\.tsx?$/.test(path) && existsSync(path) && statSync(path).isFile());
  if (!candidate) throw new Error(`import closure: "${specifier}" in ${fromFile} names no .ts file`);
  return candidate;
}

/**
 * Every source file the entry files reach through relative imports (type-only imports included),
 * sorted — what a run of their code can depend on. Package imports are not followed.
 */
export function importClosure(entryFiles: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = entryFiles.map((path) => normalize(path));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const match of readFileSync(path, 'utf8').matchAll(RELATIVE_IMPORT)) pending.push(resolveSpecifier(path, match[1]!));
  }
  return [...seen].sort();
}

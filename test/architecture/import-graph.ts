import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One import of a source file: the file it names (repository-relative, without extension) and whether only types cross. */
export interface SourceImport {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

/** A layer of the README's map: its folders and the layers it may import values from. */
export interface Layer {
  readonly name: string;
  readonly folder: string;
  readonly mayImport: readonly string[];
}

/**
 * Reads the layer map from the README's Layout section: the fenced block tagged `layers`, one
 * line per layer — name, folder, then the layers it may import values from (`-` for none).
 */
export function readLayerMap(readme: string): Layer[] {
  const block = /```layers\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md: expected a ```layers block in the Layout section, got none');
  return block[1]!
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => {
      const [name, folder, ...mayImport] = line.trim().split(/\s+/);
      if (!name || !folder) throw new Error(`README.md layers: expected "name folder layers…", got "${line}"`);
      return { name, folder, mayImport: mayImport.filter((entry) => entry !== '-') };
    });
}

/** The layer a file belongs to: the one with the longest folder that contains it; null outside the map. */
export function layerOf(file: string, layers: readonly Layer[]): Layer | null {
  let best: Layer | null = null;
  for (const layer of layers) {
    const inside = layer.folder === 'src' ? dirname(file) === 'src' : file.startsWith(`${layer.folder}/`);
    if (inside && (!best || layer.folder.length > best.folder.length)) best = layer;
  }
  return best;
}

/** Every .ts/.tsx file under the folders (AssemblyScript sources, `.as.ts`, and declarations, `.d.ts`, excluded). */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.as.ts') && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  folders.forEach(walk);
  return out;
}

const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'/gm;
const BARE_IMPORT = /^\s*import\s+'([^']+)'/gm;
const DYNAMIC_IMPORT = /import\(\s*'([^']+)'\s*\)/g;

/** The relative imports of one file (static, side-effect and dynamic; `?url` suffixes dropped). */
export function importsOf(root: string, file: string): SourceImport[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: SourceImport[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return;
    const to = normalize(join(dirname(file), specifier.replace(/\?.*$/, ''))).replace(/\.(tsx?|json)$/, '');
    out.push({ from: file, to, typeOnly });
  };
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const clause = match[3]!;
    const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
    const everyNameIsType = named !== null && named[1]!.split(',').filter((part) => part.trim() !== '').every((part) => part.trim().startsWith('type '));
    add(match[4]!, match[2] !== undefined || everyNameIsType);
  }
  for (const match of text.matchAll(BARE_IMPORT)) add(match[1]!, false);
  for (const match of text.matchAll(DYNAMIC_IMPORT)) add(match[1]!, false);
  return out;
}

/** The value imports that run against the map, each as "from → to (layer → layer)"; nothing outside test/ may import test/. */
export function valueImportViolations(imports: readonly SourceImport[], layers: readonly Layer[]): string[] {
  return imports
    .filter((entry) => !entry.typeOnly)
    .flatMap((entry) => {
      const from = layerOf(entry.from, layers);
      if (!from) return [`${entry.from} (in no layer)`];
      if (entry.to.startsWith('test/')) return [`${entry.from} → ${entry.to} (nothing outside test/ imports test/)`];
      const to = layerOf(`${entry.to}.ts`, layers);
      if (!to || to === from || from.mayImport.includes(to.name)) return [];
      return [`${entry.from} → ${entry.to} (${from.name} → ${to.name})`];
    });
}

/** The folder-level cycles of a directed graph (its strongly connected components of more than one node). */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return out;
}

/** `path` relative to root, with forward slashes. */
export const repoPath = (root: string, path: string) => relative(root, path).split('\\').join('/');

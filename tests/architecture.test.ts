/**
 * The import rule of docs/architecture.md, held by a test rather than by reading: every import between stages —
 * static, `export … from` or dynamic `import()` — points DOWN the stage order, nothing under scripts/ imports tests/,
 * only the benchmark and test support import scripts/testing/, and no file imports itself back through a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Low to high: a stage may import only stages on an earlier line (and itself). New stage folder → add it here. */
const STAGE_ORDER: readonly (readonly string[])[] = [
  ['core'],
  ['config'],
  ['rules', 'schema', 'tree', 'git', 'history', 'net', 'github'],
  ['validate', 'records', 'artifacts', 'proofs', 'scaffold'],
  ['api', 'site', 'gate', 'import', 'publish'],
  ['edge'],
  ['build', 'preview', 'site/src'],
  ['testing'],
  ['bench'],
  ['commands'],
  ['cli'],
];

const ROOT = resolve(import.meta.dirname, '..');
const rank = new Map(STAGE_ORDER.flatMap((stages, i) => stages.map((s) => [s, i] as const)));

/** `scripts/<stage>/…` or `scripts/<stage>.ts` → stage; `site/src/…` → `site/src`; anything else → its top folder. */
function stageOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'scripts') return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
  if (parts[0] === 'site' && parts[1] === 'src') return 'site/src';
  return parts[0]!;
}

interface Edge {
  from: string;
  to: string;
}

function scan(): Edge[] {
  const edges: Edge[] = [];
  for (const dir of ['scripts', 'site/src']) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mts|mjs|astro)$/.test(entry.name)) continue;
      const file = join(entry.parentPath, entry.name);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        edges.push({ from: relative(ROOT, file), to: relative(ROOT, resolve(dirname(file), m[1]!)) });
      }
    }
  }
  return edges;
}

describe('architecture: imports point down the stage order', () => {
  const edges = scan();

  it('the scan finds static, re-export and dynamic imports', () => {
    expect(edges.some((e) => e.from === 'scripts/cli.ts' && e.to.startsWith('scripts/commands/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('scripts/build/') && e.to.startsWith('scripts/validate/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('site/src/') && e.to.startsWith('scripts/'))).toBe(true);
  });

  it('every stage folder has a place in the order', () => {
    const unknown = new Set(
      [...edges.flatMap((e) => [e.from, e.to])].map(stageOf).filter((s) => !rank.has(s) && s !== 'tests'),
    );
    expect([...unknown], 'add new stage folders to STAGE_ORDER (tests/architecture.test.ts)').toEqual([]);
  });

  it('no import points up or sideways', () => {
    const wrong = edges
      .filter((e) => stageOf(e.from) !== stageOf(e.to) && stageOf(e.to) !== 'tests')
      .filter((e) => (rank.get(stageOf(e.to)) ?? Infinity) >= (rank.get(stageOf(e.from)) ?? -1))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('nothing under scripts/ or site/src imports tests/', () => {
    expect(edges.filter((e) => e.to.startsWith('tests/')).map((e) => e.from)).toEqual([]);
  });

  it('only the benchmark and test support import scripts/testing/', () => {
    const users = edges.filter((e) => stageOf(e.to) === 'testing' && !['bench', 'testing'].includes(stageOf(e.from)));
    expect(users.map((e) => e.from)).toEqual([]);
  });

  it('no file reaches itself through its imports', () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

/**
 * scripts/testing/ is test support that the gate benchmark also runs: the product never imports it, and nothing
 * under scripts/ imports tests/ (moving a test file must never break `npm run bench`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPTS = join(ROOT, 'scripts');

/** Every relative import (static or dynamic) of every .ts file under scripts/, resolved to a repository path. */
function importsUnderScripts(): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (const entry of readdirSync(SCRIPTS, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      out.push({ from: relative(ROOT, file), to: relative(ROOT, resolve(dirname(file), m[1]!)) });
    }
  }
  return out;
}

describe('the scripts/testing boundary', () => {
  const edges = importsUnderScripts();

  it('finds the imports it checks (the scan itself works)', () => {
    expect(edges.some((e) => e.from === 'scripts/bench/sections/gate.ts' && e.to.startsWith('scripts/testing/'))).toBe(
      true,
    );
  });

  it('nothing under scripts/ imports tests/', () => {
    expect(edges.filter((e) => e.to.startsWith('tests/'))).toEqual([]);
  });

  it('only scripts/bench/ and scripts/testing/ import scripts/testing/', () => {
    const outside = edges.filter(
      (e) =>
        e.to.startsWith('scripts/testing/') &&
        !e.from.startsWith('scripts/bench/') &&
        !e.from.startsWith('scripts/testing/'),
    );
    expect(outside).toEqual([]);
  });
});

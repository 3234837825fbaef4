/**
 * The hostile corpus (tests/fixtures/hostile/expected.json): every fixture goes through the real
 * validator; each must raise its expected rule at its JSONPath, line and column, valid boundaries
 * must stay silent, and nothing may make the validator throw.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { validateDocument } from '../../scripts/validate/document.ts';
import { validateTree } from '../../scripts/validate/tree.ts';
import { readTreeFiles, type TreeFile } from '../../scripts/tree/files.ts';
import { parseConfig } from '../../scripts/config/config.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import type { DocFixture, Expect, TreeFixture } from '../fixtures/hostile/generate.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/hostile/expected.json'), 'utf8')) as {
  documents: DocFixture[];
  trees: TreeFixture[];
};
const config = parseConfig({});

function describeProblems(problems: Problem[]): string {
  return (
    problems.map((p) => `${p.rule} ${p.file} ${p.jsonPath} ${p.line ?? '-'}:${p.column ?? '-'}`).join('\n  ') ||
    '(none)'
  );
}

/** Does one problem satisfy one expectation? */
function matches(p: Problem, e: Expect): boolean {
  const rules = Array.isArray(e.rule) ? e.rule : [e.rule];
  if (!rules.includes(p.rule)) return false;
  if (e.jsonPath !== undefined && p.jsonPath !== e.jsonPath) return false;
  if (e.line !== undefined && p.line !== e.line) return false;
  if (e.column !== undefined && p.column !== e.column) return false;
  if (e.severity !== undefined && p.severity !== e.severity) return false;
  if (e.file !== undefined && !(Array.isArray(e.file) ? e.file : [e.file]).includes(p.file)) return false;
  return true;
}

function check(problems: Problem[], f: { expect: Expect[]; absent?: string[]; valid?: boolean }): void {
  for (const e of f.expect) {
    expect(
      problems.some((p) => matches(p, e)),
      `expected ${JSON.stringify(e)}\n got:\n  ${describeProblems(problems)}`,
    ).toBe(true);
  }
  for (const rule of f.absent ?? []) {
    expect(
      problems.filter((p) => p.rule === rule),
      `rule ${rule} must not fire`,
    ).toEqual([]);
  }
  if (f.valid) {
    expect(
      problems.filter((p) => p.severity === 'error'),
      'a valid boundary has no errors',
    ).toEqual([]);
  }
}

describe('hostile documents', () => {
  it('the corpus has at least 150 documents, each with an expectation', () => {
    expect(manifest.documents.length).toBeGreaterThanOrEqual(150);
    for (const f of manifest.documents) expect(f.expect.length > 0 || (f.absent ?? []).length > 0, f.file).toBe(true);
  });

  it.each(manifest.documents.map((f) => [f.file.replace('tests/fixtures/hostile/docs/', ''), f] as const))(
    '%s',
    (_name, f) => {
      const bytes = readFileSync(join(ROOT, f.file));
      let result: ReturnType<typeof validateDocument> | undefined;
      expect(() => (result = validateDocument(bytes, f.file, config))).not.toThrow();
      const problems = result!.problems;
      for (const p of problems) expect(p.file).toBe(f.file);
      check(problems, f);
    },
  );
});

/** Memory and generated cases as TreeFile arrays. */
function memoryFiles(t: TreeFixture): TreeFile[] {
  if (t.memory) return t.memory.map((m) => ({ path: m.path, bytes: new Uint8Array(Buffer.from(m.base64, 'base64')) }));
  if (t.generator === 'versions-too-many') return manyVersions(10_001);
  throw new Error(`tree case ${t.case} has no files`);
}

function manyVersions(n: number): TreeFile[] {
  const enc = new TextEncoder();
  const files: TreeFile[] = [];
  for (let i = 0; i < n; i++) {
    const version = `0.${Math.floor(i / 1000)}.${i % 1000}`;
    const doc = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: 'io.github.alice/busy',
      description: 'Many versions.',
      version,
    };
    files.push({ path: `servers/io.github.alice/busy/${version}/server.json`, bytes: enc.encode(JSON.stringify(doc)) });
  }
  return files;
}

/** A path a Linux file system can store (no `.`/`..` segments, no NUL, names of at most 255 bytes of valid UTF-8). */
function storable(path: string): boolean {
  return path
    .split('/')
    .every(
      (s) =>
        s !== '.' && s !== '..' && s !== '' && !s.includes('\u0000') && s.isWellFormed() && Buffer.byteLength(s) <= 255,
    );
}

describe('hostile trees', () => {
  it.each(manifest.trees.map((t) => [t.case, t] as const))('%s', async (_name, t) => {
    const files = t.dir ? await readTreeFiles(join(ROOT, t.dir)) : memoryFiles(t);
    expect(files.length).toBeGreaterThan(0);
    let result: ReturnType<typeof validateTree> | undefined;
    expect(() => (result = validateTree(files, config))).not.toThrow();
    check(result!.problems, t);
  });

  // In-memory cases that Linux can store are also written to disk and read back, so the file
  // adapter is exercised with the same names (case collisions, control characters, backslashes).
  const onDisk = manifest.trees.filter((t) => t.memory?.every((m) => storable(m.path)));
  it.each(onDisk.map((t) => [t.case, t] as const))('%s (through readTreeFiles)', async (_name, t) => {
    const root = mkdtempSync(join(tmpdir(), 'hostile-tree-'));
    try {
      for (const m of t.memory!) {
        const p = join(root, m.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, Buffer.from(m.base64, 'base64'));
      }
      const files = await readTreeFiles(root);
      expect(files.map((f) => f.path).sort()).toEqual(t.memory!.map((m) => m.path).sort());
      check(validateTree(files, config).problems, t);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // Symbolic links cannot be committed portably; they are built here. A link must never be
  // followed: it could point a reviewer-visible path at anything on the machine.
  it.each([
    ['a symlinked server.json', 'servers/io.github.alice/weather/1.0.0/server.json', 'file'],
    ['a symlinked version folder', 'servers/io.github.alice/weather/1.0.0', 'dir'],
  ] as const)('%s is refused as a stray file', async (_name, linkPath, kind) => {
    const root = mkdtempSync(join(tmpdir(), 'hostile-link-'));
    try {
      const target = join(root, 'outside');
      mkdirSync(target, { recursive: true });
      const doc = JSON.stringify({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: 'io.github.alice/weather',
        description: 'd',
        version: '1.0.0',
      });
      writeFileSync(join(target, 'server.json'), doc);
      mkdirSync(dirname(join(root, linkPath)), { recursive: true });
      symlinkSync(kind === 'file' ? join(target, 'server.json') : target, join(root, linkPath));
      const files = await readTreeFiles(root);
      const problems = validateTree(files, config).problems;
      expect(
        problems.some((p) => p.rule === 'tree-stray-file' && p.file === linkPath),
        JSON.stringify(problems),
      ).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('10,000 versions of one server are allowed', () => {
    const problems = validateTree(manyVersions(10_000), config).problems;
    expect(problems.filter((p) => p.rule === 'versions-too-many')).toEqual([]);
  });
});

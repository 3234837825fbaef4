import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRegistry, copyRegistry, appendChanges } from '../../scripts/bench/generate.ts';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { validateTree } from '../../scripts/validate/tree.ts';
import { parseConfig } from '../../scripts/config/config.ts';
import type { GeneratedRegistry } from '../../scripts/bench/types.ts';

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

let tmp: string;
let original: GeneratedRegistry;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bench-append-'));
  original = await generateRegistry({ dir: join(tmp, 'orig'), servers: 40, versions: 120, seed: 5 });
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('appendChanges', () => {
  it('refuses to change a registry that is not a copy', async () => {
    await expect(appendChanges(original, { commits: 1, servers: 1 })).rejects.toThrow(/not a copy/);
  });

  it('adds N commits on main publishing a new version of M distinct servers, valid, work tree updated', async () => {
    const copy = await copyRegistry(original, join(tmp, 'copy'));
    const r = await appendChanges(copy, { commits: 3, servers: 10, seed: 1 });
    expect(r.base).toBe(original.head);
    expect(r.commits).toBe(3);
    expect(git(copy.dir, ['rev-list', '--count', `${r.base}..${r.head}`]).trim()).toBe('3');
    expect(new Set(r.changed.map((c) => c.name)).size).toBe(10);
    for (const c of r.changed) {
      const doc = JSON.parse(await readFile(join(copy.dir, c.file), 'utf8')) as { name: string; version: string };
      expect(doc).toMatchObject({ name: c.name, version: c.version });
    }
    expect(r.changed.filter((c) => c.deprecated)).toHaveLength(2);
    const changedFiles = git(copy.dir, ['diff', '--name-only', r.base, r.head]).trim().split('\n');
    expect(changedFiles).toHaveLength(12);
    expect(git(copy.dir, ['status', '--porcelain']).trim()).toBe('');
    // The changed tree still passes the validator, and later commits are later in time.
    expect(validateTree(await readTreeFiles(copy.dir), parseConfig({})).problems).toEqual([]);
    const time = (ref: string) => Number(git(copy.dir, ['log', '-1', '--format=%ct', ref]).trim());
    expect(time(r.head)).toBeGreaterThan(time(`${r.head}~1`));
    expect(time(`${r.head}~2`)).toBeGreaterThan(time(r.base));
    // The original is untouched.
    expect(git(original.dir, ['rev-parse', 'main']).trim()).toBe(original.head);
  });
});

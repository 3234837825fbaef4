import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import semver from 'semver';
import fg from 'fast-glob';
import { generateRegistry, cachedRegistry, treeStats, cacheKey } from '../../scripts/bench/generate.ts';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { validateTree } from '../../scripts/validate/tree.ts';
import { parseConfig } from '../../scripts/config/config.ts';
import type { GeneratedRegistry } from '../../scripts/bench/types.ts';
import type { ServerJson } from '../../scripts/core/types.ts';

const SCHEMA = join(import.meta.dirname, '../../schemas/official/2025-12-11/server.schema.json');

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

let tmp: string;
let reg: GeneratedRegistry;
let docs: Array<{ path: string; doc: ServerJson }>;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bench-gen-'));
  reg = await generateRegistry({ dir: join(tmp, 'r'), servers: 300, versions: 900, seed: 42 });
  const paths = await fg('servers/*/*/*/server.json', { cwd: reg.dir });
  docs = await Promise.all(
    paths.map(async (path) => ({ path, doc: JSON.parse(await readFile(join(reg.dir, path), 'utf8')) as ServerJson })),
  );
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('generateRegistry: documents', () => {
  it('writes exactly the requested servers and versions, and reports the files it wrote', async () => {
    expect(docs).toHaveLength(900);
    expect(new Set(docs.map((d) => d.doc.name)).size).toBe(300);
    expect(reg.versions).toBe(900);
    const stats = await treeStats(reg.dir);
    expect(stats).toEqual({ files: reg.files, bytes: reg.bytes });
    expect(reg.files).toBe(900 + reg.statusFiles + reg.ownersFiles);
  });

  it('produces zero problems from the registry validator (layers 1–4)', async () => {
    const files = await readTreeFiles(reg.dir);
    const result = validateTree(files, parseConfig({}));
    expect(result.problems).toEqual([]);
    expect(result.entries).toHaveLength(900);
  });

  it('is valid against the official 2025-12-11 schema, checked independently with Ajv', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const bad = docs.filter((d) => !validate(d.doc)).map((d) => ({ path: d.path, errors: validate.errors }));
    expect(bad).toEqual([]);
  });

  it('follows the official naming, length, URL and remote-ownership rules', () => {
    const remoteOwner = new Map<string, string>();
    for (const { path, doc } of docs) {
      expect(path).toBe(`servers/${doc.name}/${doc.version}/server.json`);
      const [ns, server, ...rest] = doc.name.split('/');
      expect(rest).toEqual([]);
      expect(ns).toMatch(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/);
      expect(server).toMatch(/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/);
      expect(doc.description.length).toBeGreaterThan(0);
      expect(doc.description.length).toBeLessThanOrEqual(100);
      for (const r of doc.remotes ?? []) {
        expect(r.url).toMatch(/^https:\/\//);
        expect(remoteOwner.get(r.url) ?? doc.name).toBe(doc.name);
        remoteOwner.set(r.url, doc.name);
      }
      if (doc.websiteUrl) expect(doc.websiteUrl).toMatch(/^https:\/\//);
    }
    expect(remoteOwner.size).toBeGreaterThan(0);
  });

  it('mixes every package type, remotes, both namespace styles, and some non-semver versions', () => {
    const types = new Set(docs.flatMap((d) => (d.doc.packages ?? []).map((p) => p.registryType)));
    expect([...types].sort()).toEqual(['mcpb', 'npm', 'nuget', 'oci', 'pypi']);
    expect(docs.some((d) => d.doc.remotes?.length)).toBe(true);
    expect(docs.some((d) => d.doc.name.startsWith('io.github.'))).toBe(true);
    expect(docs.some((d) => !d.doc.name.startsWith('io.github.'))).toBe(true);
    const nonSemver = docs.filter((d) => semver.valid(d.doc.version) === null).length;
    expect(nonSemver).toBeGreaterThan(0);
    expect(nonSemver).toBeLessThan(docs.length * 0.2);
    expect(reg.statusFiles).toBeGreaterThan(0);
    expect(reg.ownersFiles).toBeGreaterThan(0);
  });
});

describe('generateRegistry: history', () => {
  it('spreads several commits a day over the requested year, dates strictly increasing along first-parent main', () => {
    const times = git(reg.dir, ['log', '--first-parent', '--format=%ct', 'main'])
      .trim()
      .split('\n')
      .map(Number)
      .reverse();
    expect(times.length).toBe(reg.mainCommits);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    const spanDays = (times[times.length - 1]! - times[0]!) / 86_400;
    expect(spanDays).toBeGreaterThan(330);
    expect(spanDays).toBeLessThanOrEqual(366);
    expect(new Date(times[times.length - 1]! * 1000).toISOString()).toBe(reg.lastCommitAt);
    // ~900 changes over a year: more than two commits on an average active day.
    const days = new Set(times.map((t) => Math.floor(t / 86_400)));
    expect(times.length / days.size).toBeGreaterThan(2);
  });

  it('lands some changes through merge commits whose side commit is older and off the first-parent line', () => {
    const merges = git(reg.dir, ['rev-list', '--merges', 'main']).trim().split('\n').filter(Boolean);
    expect(merges.length).toBe(reg.merges);
    expect(merges.length).toBeGreaterThan(10);
    const firstParent = new Set(git(reg.dir, ['rev-list', '--first-parent', 'main']).trim().split('\n'));
    for (const m of merges.slice(0, 5)) {
      const [, p1, p2] = git(reg.dir, ['rev-list', '--parents', '-n', '1', m]).trim().split(' ');
      expect(firstParent.has(p1!)).toBe(true);
      expect(firstParent.has(p2!)).toBe(false);
      const [mt, st] = [m, p2!].map((c) => Number(git(reg.dir, ['log', '-1', '--format=%ct', c]).trim()));
      expect(st!).toBeLessThanOrEqual(mt!);
      // The merge on main brings the side commit's files.
      expect(git(reg.dir, ['diff', '--name-only', `${m}^1`, m]).trim()).not.toBe('');
    }
    expect(git(reg.dir, ['branch', '--list']).trim()).toBe('* main');
  });

  it('leaves a clean work tree checked out at main', () => {
    expect(git(reg.dir, ['status', '--porcelain']).trim()).toBe('');
    expect(git(reg.dir, ['rev-parse', 'HEAD']).trim()).toBe(reg.head);
  });
});

describe('generateRegistry: determinism and cache', () => {
  it('gives the same commits for the same seed and different ones for another seed', async () => {
    const a = await generateRegistry({ dir: join(tmp, 'a'), servers: 40, versions: 100, seed: 7 });
    const b = await generateRegistry({ dir: join(tmp, 'b'), servers: 40, versions: 100, seed: 7 });
    const c = await generateRegistry({ dir: join(tmp, 'c'), servers: 40, versions: 100, seed: 8 });
    expect(b.head).toBe(a.head);
    expect(c.head).not.toBe(a.head);
    expect(git(b.dir, ['ls-files']).split('\n').length).toBe(git(a.dir, ['ls-files']).split('\n').length);
  });

  it('caches by parameters: the second call reuses the repository', async () => {
    const spec = { servers: 10, versions: 25, seed: 3 };
    const first = await cachedRegistry(join(tmp, 'cache'), spec);
    expect(first.generatedInSeconds).toBeGreaterThan(0);
    expect(first.dir).toBe(join(tmp, 'cache', 'registries', cacheKey(spec)));
    const second = await cachedRegistry(join(tmp, 'cache'), spec);
    expect(second.generatedInSeconds).toBe(0);
    expect(second.head).toBe(first.head);
    expect(cacheKey({ ...spec, seed: 4 })).not.toBe(cacheKey(spec));
  });

  it('honours a shorter history span', async () => {
    const r = await generateRegistry({ dir: join(tmp, 'short'), servers: 30, versions: 200, seed: 2, days: 30 });
    const times = git(r.dir, ['log', '--first-parent', '--format=%ct', 'main']).trim().split('\n').map(Number);
    const span = (Math.max(...times) - Math.min(...times)) / 86_400;
    expect(span).toBeGreaterThan(25);
    expect(span).toBeLessThanOrEqual(31);
    expect(r.days).toBe(30);
    // 200 versions over 30 days: several commits a day.
    expect(times.length / 30).toBeGreaterThan(4);
  });

  it('refuses impossible sizes', async () => {
    await expect(generateRegistry({ dir: join(tmp, 'x'), servers: 10, versions: 5, seed: 1 })).rejects.toThrow(
      /servers ≤ versions/,
    );
  });
});

/**
 * The site build's processes (scripts/site/build-site.ts): two Astro processes produce the very files one does; the
 * processes start before the records exist and wait for them; a build that stops early leaves no process, work
 * folder or output folder behind; and the main build starts them before validation without changing that promise.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRegistry } from '../../scripts/build/pipeline.ts';
import { loadConfig } from '../../scripts/config/config.ts';
import { OFFICIAL_META_KEY } from '../../scripts/core/types.ts';
import { SITE_WORK_DIR } from '../../scripts/core/url-layout.ts';
import { buildSite, startSite } from '../../scripts/site/build-site.ts';
import { tempRepo } from '../helpers/git.ts';
import { fixtureConfig, fixtureRecords } from './fixture.ts';

const temp = mkdtempSync(join(tmpdir(), 'site-processes-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Every path under `dir` with its bytes (folders as "/"). */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (lstatSync(join(dir, path)).isDirectory()) {
        out.set(path, '/');
        walk(path);
      } else out.set(path, readFileSync(join(dir, path), 'latin1'));
    }
  };
  walk('');
  return out;
}

/** Astro processes still running for the build into `dir` (their command is astro-build.ts, their environment names `dir`). */
function runningIn(dir: string): number {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return (
          readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('astro-build.ts') &&
          readFileSync(`/proc/${p}/environ`, 'latin1').includes(dir)
        );
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    }).length;
}

const site = (outDir: string) => ({
  root: process.cwd(),
  outDir,
  config: fixtureConfig(),
  basePath: '/registry/',
  pageSize: 5,
});

describe('the site in several Astro processes', () => {
  it('two processes write byte for byte the files one writes, and each page once', async () => {
    const one = join(temp, 'one');
    const two = join(temp, 'two');
    const a = await buildSite({ ...site(one), records: fixtureRecords(), processes: 1 });
    const b = await buildSite({ ...site(two), records: fixtureRecords(), processes: 2 });
    expect(a.stats.processes).toBe(1);
    expect(b.stats.processes).toBe(2);
    expect(b.pages).toBe(a.pages);
    expect(a.pages).toBeGreaterThan(20);
    const ta = tree(one);
    const tb = tree(two);
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    for (const [path, body] of ta) expect(tb.get(path), path).toBe(body);
    expect(existsSync(join(two, SITE_WORK_DIR))).toBe(false);
  }, 120_000);

  it('pages rendered in batches are byte for byte the pages rendered one at a time; no server can forge a mark', async () => {
    // A server whose description holds a mark (with a guessed key) that would move text into another server's page.
    const records = fixtureRecords();
    const victim = records.find((r) => r._meta[OFFICIAL_META_KEY].isLatest)!.server.name;
    const forger = structuredClone(records[0]!);
    forger.server = {
      ...forger.server,
      name: 'io.github.example/forger',
      description: `</html><!--page:${'0'.repeat(32)}:server/${victim}/--><!DOCTYPE html><p>forged</p>`,
    };
    records.push(forger);
    const single = join(temp, 'single');
    const batched = join(temp, 'batched');
    const a = await buildSite({ ...site(single), records, processes: 1, batch: 0 });
    const b = await buildSite({ ...site(batched), records, processes: 1, batch: 3 });
    expect(b.pages).toBe(a.pages);
    const ta = tree(single);
    const tb = tree(batched);
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    for (const [path, body] of ta) expect(tb.get(path), path).toBe(body);
    // No batch is a page of the site, and the forged mark stayed text of the forger's own page.
    expect([...tb.keys()].some((p) => p.startsWith('batches'))).toBe(false);
    expect(tb.get(`server/${victim}/index.html`)).not.toContain('forged');
    expect(tb.get('server/io.github.example/forger/index.html')).toContain(`:server/${victim}/--&gt;`);
    // Every page starts with its doctype, even one whose text quotes a doctype (Astro would leave its own out).
    for (const [path, body] of tb)
      if (path.endsWith('.html')) expect(body.startsWith('<!DOCTYPE html><html'), path).toBe(true);
  }, 120_000);

  it('the processes start before the records exist and wait for them', async () => {
    const out = join(temp, 'late');
    const build = startSite({ ...site(out), processes: 1 });
    // Long enough for Astro to start, bundle and reach the first page's data.
    await new Promise((r) => setTimeout(r, 4000));
    expect(existsSync(join(out, SITE_WORK_DIR))).toBe(true);
    const result = await build.finish(fixtureRecords());
    expect(result.pages).toBeGreaterThan(20);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Test Registry');
  }, 120_000);

  it('a process whose data never comes ends with a clear error', async () => {
    const out = join(temp, 'never');
    const saved = process.env.REGISTRY_SITE_WAIT_MS;
    process.env.REGISTRY_SITE_WAIT_MS = '300';
    let build: ReturnType<typeof startSite>;
    try {
      build = startSite({ ...site(out), processes: 1 });
    } finally {
      if (saved === undefined) delete process.env.REGISTRY_SITE_WAIT_MS;
      else process.env.REGISTRY_SITE_WAIT_MS = saved;
    }
    await new Promise((r) => setTimeout(r, 6000));
    await expect(build.finish(fixtureRecords())).rejects.toThrow(/never wrote its data/);
    expect(existsSync(join(out, SITE_WORK_DIR))).toBe(false);
  }, 120_000);

  it('abort stops the processes and removes the work folder and an output folder it created', async () => {
    const out = join(temp, 'aborted');
    const build = startSite({ ...site(out), processes: 2 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(runningIn(out)).toBe(2);
    await build.abort();
    expect(runningIn(out)).toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('the main build with the site', () => {
  it('a tree with errors stops before dist/ exists, and no site process outlives the build', async () => {
    const repo = tempRepo();
    try {
      repo.write('servers/io.github.alice/x/1.0.0/server.json', '{ "name": "io.github.alice/x", "version": ');
      repo.commit('broken');
      const outDir = join(temp, 'stopped-dist');
      const result = await buildRegistry({ root: repo.dir, outDir, config: loadConfig(repo.dir, {}) });
      expect(result.ok).toBe(false);
      expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
      expect(existsSync(outDir)).toBe(false);
      expect(runningIn(outDir)).toBe(0);
    } finally {
      repo.cleanup();
    }
  }, 60_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../scripts/api/manifest.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { GitRepo, readTree, serverJson, versionFile } from './fixture.ts';
import { buildInto } from './build-helpers.ts';
import { treeShape } from './tree-shape.ts';
import { CONFIG, NAMES, at, makeRegistry, status } from './registry-fixture.ts';
import { buildRegistry, type BuildResult } from '../../scripts/build/pipeline.ts';
import { loadConfig } from '../../scripts/config/config.ts';
import { main as buildMain } from '../../scripts/commands/build.ts';

let repo: GitRepo;
let outDir: string;
let result: BuildResult;
let files: Map<string, Buffer>;
const json = (path: string) => {
  const b = files.get(path);
  if (!b) throw new Error(`missing dist/${path}`);
  return JSON.parse(b.toString('utf8'));
};
const key = (r: ServerRecord) => `${r.server.name}@${r.server.version}`;
const tmp: string[] = [];

beforeAll(async () => {
  repo = makeRegistry();
  ({ outDir, result } = await buildInto(repo.dir));
  files = readTree(outDir);
});
afterAll(() => {
  repo?.remove();
  for (const d of [outDir, ...tmp]) rmSync(d, { recursive: true, force: true });
});

describe('determinism', () => {
  it('two builds of the same commit are byte-identical, and the time comes from the commit', async () => {
    const second = mkdtempSync(join(tmpdir(), 'registry-dist-'));
    tmp.push(second);
    await buildInto(repo.dir, second);
    const again = readTree(second);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, bytes] of files) expect(again.get(path)!.equals(bytes), path).toBe(true);
    const manifest = await readManifest(outDir);
    expect(manifest.generatedAt).toBe(at(6));
    expect(manifest.sourceCommit).toBe(repo.head());
    expect(manifest.buildId).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('no data lost', () => {
  it('every version folder appears exactly once in the snapshot, the feed and the all-versions pages; the live ones in their versions list', () => {
    const folders = result.records
      .map((r) => r._meta[CONFIG.metaKey] as { path: string })
      .map((m) => m.path)
      .sort();
    expect(folders).toHaveLength(8);
    const manifest = json('v0.1/_build.json');
    const snapshot: ServerRecord[] = json(manifest.assets.snapshot).servers;
    const index = json('v0.1/servers/_changes/index.json');
    const feed: ServerRecord[] = index.days.flatMap(
      (d: { path: string }) => json(`v0.1/servers/_changes/${d.path}`).servers,
    );
    // the paginated all-versions listing, walked through nextPage
    const walked: ServerRecord[] = [];
    let page: string | undefined = 'v0.1/servers/_page/all/2/1.json';
    while (page) {
      const body = json(page);
      walked.push(...body.servers);
      page = body.metadata.nextPage ? page.replace(/[^/]+$/, body.metadata.nextPage) : undefined;
    }
    for (const source of [snapshot, feed, walked]) {
      const seen = source.map((r) => (r._meta[CONFIG.metaKey] as { path: string }).path).sort();
      expect(seen).toEqual(folders); // each exactly once: same sorted list, no duplicates, nothing missing
    }
    expect(walked.map(key)).toEqual(snapshot.map(key));
    expect(index.count).toBe(8);
    const live = result.records.filter((r) => r._meta[OFFICIAL_META_KEY].status !== 'deleted');
    const lists = Object.values(NAMES)
      .filter((name) => name !== NAMES.gone)
      .flatMap((name) => json(`v0.1/servers/${name}/versions.json`).servers as ServerRecord[]);
    expect(lists.map(key).sort()).toEqual(live.map(key).sort());
  });
});

describe('official paths', () => {
  it("the list holds every server's latest non-deleted version, a count and never a nextCursor", () => {
    for (const p of ['v0.1/servers/index.html', 'v0/servers/index.html', 'v0.1/servers.json', 'v0/servers.json']) {
      const body = json(p);
      expect(body.metadata).toEqual({ count: 4 });
      expect(body.servers.map(key)).toEqual([
        'com.example/tool@2024.01',
        'io.github.alice/weather@1.1.0-rc.1',
        'io.github.bob-org/dash_board@3.0.0',
        'org.sample/solo@v1',
      ]);
    }
  });

  it('every spelling of a version path holds the same bytes, under /v0.1 and /v0', () => {
    const canonical = files.get('v0.1/servers/io.github.alice/weather/versions/1.0.1+build.5.json')!;
    const expected: string[] = [];
    for (const prefix of ['v0.1', 'v0']) {
      for (const name of ['io.github.alice/weather', 'io.github.alice%2Fweather']) {
        for (const v of ['1.0.1+build.5', '1.0.1%2Bbuild.5']) {
          expected.push(`${prefix}/servers/${name}/versions/${v}`, `${prefix}/servers/${name}/versions/${v}.json`);
        }
      }
    }
    const actual = [...files.keys()].filter((p) => /weather\/versions\/1\.0\.1/.test(p)).sort();
    expect(actual).toEqual(expected.sort());
    for (const p of expected) expect(files.get(p)!.equals(canonical), p).toBe(true);
    // one file on disk: the other spellings are hard links and symbolic links to it
    const disk = (p: string) => lstatSync(join(outDir, p));
    expect(disk('v0').isSymbolicLink()).toBe(true);
    expect(disk('v0.1/servers/io.github.alice%2Fweather').isSymbolicLink()).toBe(true);
    expect(disk('v0.1/servers/io.github.alice/weather/versions/1.0.1+build.5').nlink).toBe(4);
  });

  it('as include_deleted=false: a server whose every version is deleted has no path at all, in no spelling or prefix', () => {
    const gone = [...files.keys()].filter((p) => /com\.example(\/|%2F)gone/.test(p));
    expect(gone).toEqual([]);
    for (const p of ['v0.1', 'v0']) expect(existsSync(join(outDir, `${p}/servers/com.example%2Fgone`))).toBe(false);
    // …but its tombstones stay where mirrors read them, and it keeps isLatest on its highest version
    const snapshot: ServerRecord[] = json(json('v0.1/_build.json').assets.snapshot).servers;
    expect(
      snapshot.filter((r) => r.server.name === NAMES.gone).map((r) => [r.server.version, r._meta[OFFICIAL_META_KEY]]),
    ).toEqual([
      ['0.1.0', expect.objectContaining({ status: 'deleted', isLatest: false })],
      ['0.2.0', expect.objectContaining({ status: 'deleted', isLatest: true, statusMessage: 'malware' })],
    ]);
  });

  it('a version list is newest publish first, deleted versions left out', () => {
    expect(
      json('v0.1/servers/io.github.alice/weather/versions/index.html').servers.map(
        (r: ServerRecord) => r.server.version,
      ),
    ).toEqual(['1.0.1+build.5', '1.1.0-rc.1', '1.0.0']);
  });

  it('every record names the build; the manifest counts and names the hashed assets', () => {
    const manifest = json('v0.1/_build.json');
    expect(json('v0/servers/org.sample/solo/versions/v1')._meta[CONFIG.metaKey].buildId).toBe(manifest.buildId);
    expect(manifest.counts).toMatchObject({ servers: 5, versions: 8, latest: 4, deleted: 2, deprecated: 1, active: 5 });
    expect(manifest.assets.snapshot).toMatch(/^v0\.1\/servers\/_snapshot\/[0-9a-f]{16}\.json$/);
    expect(files.has(manifest.assets.snapshot)).toBe(true);
    expect(manifest.counts.apiFiles).toBe(files.size - 2); // all but the manifest itself, served as /v0.1/_build.json and /v0/_build.json
    expect(result.apiFiles).toBe(files.size);
  });
});

describe('the Pages artifact', () => {
  it('archived as upload-pages-artifact does (tar --dereference --hard-dereference), every path is a plain file with the served bytes', () => {
    const work = mkdtempSync(join(tmpdir(), 'registry-artifact-'));
    tmp.push(work);
    // The exact command of actions/upload-pages-artifact's Linux step.
    execFileSync('tar', [
      '--dereference',
      '--hard-dereference',
      '--directory',
      outDir,
      '-cf',
      join(work, 'artifact.tar'),
      '--exclude=.git',
      '--exclude=.github',
      '.',
    ]);
    const extracted = join(work, 'site');
    mkdirSync(extracted);
    execFileSync('tar', ['-xf', join(work, 'artifact.tar'), '-C', extracted]);
    const unpacked = readTree(extracted);
    expect([...unpacked.keys()]).toEqual([...files.keys()]);
    for (const [path, bytes] of files) expect(unpacked.get(path)!.equals(bytes), path).toBe(true);
    // no symbolic link, and no file sharing its inode with another path
    const shape = treeShape(extracted);
    expect(
      [...shape.entries()].filter(([p, v]) => v !== 'dir' && !(v.startsWith('file ') && v.endsWith(` same as ${p}`))),
    ).toEqual([]);
    expect(unpacked.size).toBe(result.apiFiles);
  });
});

describe('rebuilding over an earlier dist/', () => {
  it('gives exactly what a fresh build of the new commit gives: added, removed and re-statused versions', async () => {
    const repo2 = makeRegistry();
    tmp.push(repo2.dir);
    const { outDir: reused } = await buildInto(repo2.dir);
    tmp.push(reused);
    writeFileSync(join(reused, 'left-over.html'), 'from an older site');
    repo2.commit(at(7), {
      [versionFile(NAMES.weather, '1.2.0')]: serverJson(NAMES.weather, '1.2.0'),
      [versionFile(NAMES.solo, 'v1')]: null,
      [versionFile(NAMES.dash, '3.0.0', 'status.json')]: status('deprecated'),
    });
    const { result: again } = await buildInto(repo2.dir, reused);
    const { outDir: clean } = await buildInto(repo2.dir);
    tmp.push(clean);
    expect(treeShape(reused)).toEqual(treeShape(clean));
    expect(existsSync(join(reused, 'v0.1/servers/org.sample'))).toBe(false);
    expect(again.records.map(key)).toContain('io.github.alice/weather@1.2.0');
  });
});

describe("configuration: /v0 and the host's size limit", () => {
  it('"serveV0": false serves /v0.1 only, says so in the manifest, and no rule or OpenAPI path names /v0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'registry-dist-'));
    tmp.push(out);
    const config = { ...loadConfig(repo.dir, {}), serveV0: false, siteSizeLimit: 1000 };
    const r = await buildRegistry({ root: repo.dir, outDir: out, config, site: false });
    expect(r.ok).toBe(true);
    expect(existsSync(join(out, 'v0'))).toBe(false);
    expect(existsSync(join(out, 'v0.1/servers/io.github.alice%2Fweather/versions/latest'))).toBe(true);
    expect((await readManifest(out)).prefixes).toEqual(['v0.1']);
    expect(readFileSync(join(out, '_redirects'), 'utf8')).not.toMatch(/\/v0\/|\/v0 /);
    expect(
      Object.keys(JSON.parse(readFileSync(join(out, 'v0.1/openapi.json'), 'utf8')).paths).filter((p) =>
        p.startsWith('/v0/'),
      ),
    ).toEqual([]);
    expect(r.apiBytes).toBeLessThan(result.apiBytes / 1.9);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/over the 0\.00 GB the host accepts \(siteSizeLimit\)/);
    expect(r.warnings[0]).not.toMatch(/serveV0/);
  });

  it('the default build serves both prefixes while the site fits, and says nothing', async () => {
    expect((await readManifest(outDir)).prefixes).toEqual(['v0.1', 'v0']);
    expect(result.warnings).toEqual([]);
    expect(result.droppedV0).toBe(false);
    expect(result.servedBytes).toBeGreaterThanOrEqual(result.apiBytes);
  });

  it('by default ("auto") a site that would pass the limit with /v0 leaves /v0 out, with the same documents and a warning', async () => {
    const out = mkdtempSync(join(tmpdir(), 'registry-dist-'));
    tmp.push(out);
    // between the size with /v0 and without it
    const limit = Math.round(result.servedBytes * 0.75);
    const r = await buildRegistry({
      root: repo.dir,
      outDir: out,
      config: { ...loadConfig(repo.dir, {}), siteSizeLimit: limit },
      site: false,
    });
    expect(r.droppedV0).toBe(true);
    expect(r.servedBytes).toBeLessThanOrEqual(limit);
    expect(r.warnings[0]).toMatch(/^\/v0 is not served: with it dist\/ would serve/);
    expect(existsSync(join(out, 'v0'))).toBe(false);
    expect((await readManifest(out)).prefixes).toEqual(['v0.1']);
    expect(readFileSync(join(out, '_redirects'), 'utf8')).not.toMatch(/\/v0\/|\/v0 /);
    // the documents do not depend on the prefixes: same build id, same bytes under /v0.1
    expect(r.manifest!.buildId).toBe(result.manifest!.buildId);
    const narrow = readTree(out);
    for (const [path, bytes] of narrow) {
      if (path.startsWith('v0.1/servers/')) expect(bytes.equals(files.get(path)!), path).toBe(true);
    }
    // rebuilt over the wide build (and back), a folder ends exactly as a fresh build leaves it
    const wide = mkdtempSync(join(tmpdir(), 'registry-dist-'));
    tmp.push(wide);
    await buildInto(repo.dir, wide);
    await buildRegistry({
      root: repo.dir,
      outDir: wide,
      config: { ...loadConfig(repo.dir, {}), siteSizeLimit: limit },
      site: false,
    });
    expect(treeShape(wide)).toEqual(treeShape(out));
    await buildInto(repo.dir, wide);
    expect(treeShape(wide)).toEqual(treeShape(outDir));
    // still over without /v0: the size warning
    const tiny = await buildRegistry({
      root: repo.dir,
      outDir: out,
      config: { ...loadConfig(repo.dir, {}), siteSizeLimit: 1000 },
      site: false,
    });
    expect(tiny.warnings[0]).toMatch(/over the 0\.00 GB the host accepts[\s\S]*already left out/);
  });

  it('"serveV0": true keeps /v0 past the limit and names what leaving it out would give', async () => {
    const out = mkdtempSync(join(tmpdir(), 'registry-dist-'));
    tmp.push(out);
    const r = await buildRegistry({
      root: repo.dir,
      outDir: out,
      config: { ...loadConfig(repo.dir, {}), serveV0: true, siteSizeLimit: 1000 },
      site: false,
    });
    expect((await readManifest(out)).prefixes).toEqual(['v0.1', 'v0']);
    expect(r.warnings[0]).toMatch(/"serveV0": "auto" \(or false\) in registry\.config\.json brings the site to about/);
  });
});

describe('paginated listing', () => {
  it('latest pages chain by cursor and by relative URL, the last page has neither', () => {
    const p1 = json('v0.1/servers/_page/latest/2/1.json');
    const p2 = json('v0.1/servers/_page/latest/2/2.json');
    expect(p1.metadata).toEqual({ nextCursor: '2', count: 2, page: 1, pages: 2, total: 4, nextPage: '2.json' });
    expect(p2.metadata).toEqual({ count: 2, page: 2, pages: 2, total: 4 });
    expect([...p1.servers, ...p2.servers].map(key)).toEqual(json('v0.1/servers.json').servers.map(key));
  });
});

describe('hosts with rewrite rules', () => {
  it('_redirects maps the official query parameters onto prebuilt files (tests/api/redirects.test.ts runs them)', () => {
    const rules = files.get('_redirects')!.toString('utf8');
    expect(rules).toContain('/v0.1/servers cursor=:cursor /v0.1/servers/_page/latest/2/:cursor.json 200!');
    expect(rules).toContain('/v0/servers updated_since=:since /v0.1/servers/_page/all/2/1.json 200!');
    expect(files.get('_headers')!.toString('utf8')).toContain('Access-Control-Allow-Origin: *');
  });
});

describe('the build command', () => {
  it('stops on validation errors, prints them and writes nothing', async () => {
    const bad = new GitRepo();
    tmp.push(bad.dir);
    bad.commit(at(1), { [versionFile('com.example/x', '1.0.0')]: serverJson('com.example/x', '9.9.9') });
    const out = join(bad.dir, '..', `${bad.dir.split('/').pop()}-dist`);
    tmp.push(out);
    const printed: string[] = [];
    const [out1, out2] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((s: string) => (printed.push(String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => (printed.push(String(s)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await buildMain(['--root', bad.dir, '--out', out]);
    } finally {
      process.stdout.write = out1;
      process.stderr.write = out2;
    }
    expect(code).toBe(1);
    expect(printed.join('')).toMatch(/servers\/com\.example\/x\/1\.0\.0\/server\.json/);
    expect(printed.join('')).toMatch(/error/);
    expect(existsSync(out)).toBe(false);
  });

  it('warns past the host size limit, as a workflow annotation inside GitHub Actions', async () => {
    const small = new GitRepo();
    tmp.push(small.dir);
    small.commit(at(1), {
      'registry.config.json': JSON.stringify({ ...CONFIG, siteSizeLimit: 1000 }),
      [versionFile('com.example/tiny', '1.0.0')]: serverJson('com.example/tiny', '1.0.0'),
    });
    // dated before the commit beneath it: its time is raised, and the summary says so
    small.commit('2026-03-31T12:00:00Z', {
      [versionFile('com.example/tiny', '1.0.1')]: serverJson('com.example/tiny', '1.0.1'),
    });
    const out = `${small.dir}-dist`;
    tmp.push(out);
    const errors: string[] = [];
    const [out1, out2, before] = [process.stdout.write, process.stderr.write, process.env.GITHUB_ACTIONS];
    process.stdout.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    process.env.GITHUB_ACTIONS = 'true';
    try {
      const code = await buildMain(['--root', small.dir, '--out', out]);
      if (code !== 0) console.log(errors.join(''));
      expect(code).toBe(0);
    } finally {
      process.stdout.write = out1;
      process.stderr.write = out2;
      if (before === undefined) delete process.env.GITHUB_ACTIONS;
      else process.env.GITHUB_ACTIONS = before;
    }
    const annotation = errors
      .join('')
      .split('\n')
      .find((l) => l.startsWith('::warning title=Site size::'));
    expect(annotation).toMatch(
      /::dist\/ serves \d+\.\d\d GB, over the 0\.00 GB the host accepts \(siteSizeLimit\)[^\n]*%0A/,
    );
    const printed = errors.join('');
    expect(printed).toMatch(/\| served +\| \d+\.\d MB of the 0 MB the host accepts \(siteSizeLimit\) \|/);
    expect(printed).toMatch(/\| prefixes +\| \/v0\.1 \(\/v0 left out to fit siteSizeLimit, see the warning\) \|/);
    expect(printed).toMatch(/Note: 1 commit\(s\) on the branch are dated before a commit beneath them/);
    expect(existsSync(join(out, 'v0.1/servers.json'))).toBe(true);
  });

  it('refuses an --out folder that holds the registry', async () => {
    await expect(buildMain(['--root', repo.dir, '--out', repo.dir])).rejects.toThrow(/contains the registry/);
    const other = mkdtempSync(join(tmpdir(), 'not-dist-'));
    tmp.push(other);
    mkdirSync(join(other, 'servers'));
    writeFileSync(join(other, 'servers', 'keep'), 'x');
    await expect(buildMain(['--root', repo.dir, '--out', other])).rejects.toThrow(/refusing/);
    expect(statSync(join(other, 'servers', 'keep')).isFile()).toBe(true);
  });
});

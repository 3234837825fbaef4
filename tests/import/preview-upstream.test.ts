/**
 * Another deployment of this project as the upstream: a real build of a real git repository, served by the
 * `npm run preview` server (GitHub Pages' behaviour: query strings ignored, /dir → /dir/ 301s, the list is complete
 * and never pages), behind an HTTPS front because the safe fetch speaks https only. What such a host cannot do is
 * filter by updated_since: the import notices (records older than it asked for), reads every allowed server in full,
 * and still writes only what changed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type RegistryConfig } from '../../scripts/config/config.ts';
import { nameFilter } from '../../scripts/import/globs.ts';
import { runImport, type ImportResult } from '../../scripts/import/run.ts';
import { createFetchContext } from '../../scripts/net/context.ts';
import { startPreview, type Preview } from '../../scripts/preview/server.ts';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { buildInto } from '../api/build-helpers.ts';
import { serverJson, versionFile } from '../api/fixture.ts';
import { fakeConfig } from '../fakes/index.ts';
import type { HttpsFake } from '../fakes/index.ts';
import { startHttpsProxy } from '../fakes/index.ts';
import { tempRepo, type TempRepo } from '../helpers/git.ts';

const TOOL = 'io.github.acme/tool';
const GONE = 'io.github.acme/gone';
const OTHER = 'io.github.other/elsewhere';
const status = (s: string, message?: string) => `${JSON.stringify({ status: s, ...(message ? { message } : {}) })}\n`;

let source: TempRepo;
let outDir: string;
let preview: Preview;
let front: HttpsFake;
let target: string;
let config: RegistryConfig;

async function rebuild(): Promise<void> {
  await buildInto(source.dir, outDir);
}

const run = async (): Promise<ImportResult> =>
  runImport({
    root: target,
    config,
    upstream: `${front.url}/`,
    filter: nameFilter(['io.github.acme/*'], []),
    dryRun: false,
    fetch: createFetchContext(await fakeConfig()),
  });

beforeAll(async () => {
  source = tempRepo('import-source-');
  source.write('registry.config.json', `${JSON.stringify({ baseUrl: 'https://mirror.example.org/' })}\n`);
  source.write(versionFile(TOOL, '1.0.0'), serverJson(TOOL, '1.0.0', { title: 'Tool' }));
  source.write(versionFile(TOOL, '1.1.0'), serverJson(TOOL, '1.1.0'));
  source.write(versionFile(TOOL, '1.1.0', 'status.json'), status('deprecated', 'Use 1.0.0'));
  source.write(versionFile(GONE, '1.0.0'), serverJson(GONE, '1.0.0'));
  source.write(versionFile(OTHER, '1.0.0'), serverJson(OTHER, '1.0.0'));
  source.commit('seed', '2026-06-01T10:00:00Z');
  outDir = mkdtempSync(join(tmpdir(), 'import-preview-dist-'));
  await rebuild();
  preview = await startPreview({ dir: outDir });
  front = await startHttpsProxy(preview.url);
  target = mkdtempSync(join(tmpdir(), 'import-preview-target-'));
  config = parseConfig({});
});
afterAll(async () => {
  await front?.close();
  await preview?.close();
  source?.cleanup();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
});

describe('a build of this project, served by preview, as the upstream', () => {
  it('imports byte for byte what the other registry published, with its statuses', async () => {
    const r = await run();
    expect(r.plan.added.map((a) => `${a.name} ${a.version} ${a.status}`)).toEqual([
      `${GONE} 1.0.0 active`,
      `${TOOL} 1.0.0 active`,
      `${TOOL} 1.1.0 deprecated`,
    ]);
    expect(r.pages).toBe(1); // the static list never pages
    for (const [name, version] of [
      [TOOL, '1.0.0'],
      [TOOL, '1.1.0'],
      [GONE, '1.0.0'],
    ] as const)
      expect(readFileSync(join(target, versionFile(name, version)), 'utf8')).toBe(
        serverJson(name, version, name === TOOL && version === '1.0.0' ? { title: 'Tool' } : {}),
      );
    expect(JSON.parse(readFileSync(join(target, versionFile(TOOL, '1.1.0', 'status.json')), 'utf8'))).toEqual({
      status: 'deprecated',
      message: 'Use 1.0.0',
    });
    expect(front.requests.map((q) => q.path)).toContain(
      '/v0.1/servers/io.github.acme%2Ftool/versions/?include_deleted=true',
    );
  });

  it('reads what changed from its documented changes feed next time (a static host ignores updated_since)', async () => {
    const before = (await readTreeFiles(target)).map((f) => f.path);
    front.requests.length = 0;
    const r = await run();
    expect(r.query).toBeDefined();
    expect(r.via).toBe('feed');
    expect(front.requests[0]!.path).toBe('/v0.1/servers/_changes/index.json');
    expect(r.plan.writes).toEqual([]);
    expect((await readTreeFiles(target)).map((f) => f.path)).toEqual(before);
  });

  it('follows a new version, and a server whose every version was deleted (absent from the static list)', async () => {
    source.write(versionFile(TOOL, '2.0.0'), serverJson(TOOL, '2.0.0'));
    source.write(versionFile(GONE, '1.0.0', 'status.json'), status('deleted', 'Withdrawn'));
    source.commit('more', '2026-06-02T10:00:00Z');
    await rebuild();
    const r = await run();
    expect(r.plan.added.map((a) => `${a.name} ${a.version}`)).toEqual([`${TOOL} 2.0.0`]);
    expect(r.plan.statusChanges).toEqual([
      { name: GONE, version: '1.0.0', from: 'active', to: 'deleted', message: 'Withdrawn' },
    ]);
    expect(r.via).toBe('feed');
    expect(r.servers).toEqual([GONE, TOOL]);
  });

  it('without a feed (any static host), notices updated_since was ignored and reads every allowed server in full', async () => {
    source.write(versionFile(TOOL, '2.0.0', 'status.json'), status('deprecated'));
    source.commit('deprecate', '2026-06-03T10:00:00Z');
    await rebuild();
    rmSync(join(outDir, 'v0.1/servers/_changes'), { recursive: true });
    const r = await run();
    expect(r.via).toBe('list');
    expect(r.filterIgnored).toBe(true);
    expect(r.plan.statusChanges).toEqual([{ name: TOOL, version: '2.0.0', from: 'active', to: 'deprecated' }]);
    // GONE is absent from the static list (every version deleted) but held here, so its versions were asked for too:
    // a static host answers as include_deleted=false (404 for a server whose every version is deleted), so it is
    // reported as not at the upstream and nothing of ours changes (its tombstone came through the feed before).
    expect(r.servers).toEqual([TOOL]);
    expect(r.missing).toEqual([GONE]);
    expect(r.plan.writes.map((w) => w.path)).toEqual([versionFile(TOOL, '2.0.0', 'status.json')]);
    expect(r.sync).toEqual({ from: '2026-06-02T10:00:00Z', to: '2026-06-03T10:00:00Z' });
  });
});

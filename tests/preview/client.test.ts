/**
 * An official-API client against the real preview server over a real build of a real git
 * repository: list, latest, versions, a build-metadata version by its encoded path, the
 * paginated listing, and feed sync across new commits (the query API through `_redirects` is run with Netlify's own
 * engine in tests/api/redirects.test.ts).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { startPreview, type Preview } from '../../scripts/preview/server.ts';
import { buildInto } from '../api/build-helpers.ts';
import { versionFile, serverJson, type GitRepo } from '../api/fixture.ts';
import { CONFIG, NAMES, at, makeRegistry, status } from '../api/registry-fixture.ts';
import { HttpError, OfficialClient, recordKey, syncMirror, type ServerList } from './official-client.ts';

let repo: GitRepo;
let outDir: string;
let decoding: Preview;
let literal: Preview;
let mounted: Preview;

beforeAll(async () => {
  repo = makeRegistry();
  ({ outDir } = await buildInto(repo.dir));
  decoding = await startPreview({ dir: outDir });
  literal = await startPreview({ dir: outDir, percentDecoding: 'literal' });
  mounted = await startPreview({ dir: outDir, basePath: '/registry/' });
});
afterAll(async () => {
  await Promise.all([decoding?.close(), literal?.close(), mounted?.close()]);
  repo?.remove();
  rmSync(outDir, { recursive: true, force: true });
});

const versionsOf = (l: ServerList) => l.servers.map((r) => r.server.version);

describe('an official-API client against preview', () => {
  it('lists, follows versions/latest, lists versions and fetches a build-metadata version by its encoded path', async () => {
    for (const preview of [decoding, literal, mounted]) {
      const client = new OfficialClient(preview.url);
      const list = await client.list();
      expect(list.metadata).toEqual({ count: 4 });
      const weather = list.servers.find((r) => r.server.name === NAMES.weather)!;
      const latest = await client.version(NAMES.weather, 'latest');
      expect(latest).toEqual(weather);
      expect(latest._meta[OFFICIAL_META_KEY].isLatest).toBe(true);
      expect(versionsOf(await client.versions(NAMES.weather))).toEqual(['1.0.1+build.5', '1.1.0-rc.1', '1.0.0']);
      const build = await client.version(NAMES.weather, '1.0.1+build.5');
      expect(build.server.version).toBe('1.0.1+build.5');
      expect(build._meta[OFFICIAL_META_KEY]).toMatchObject({ isLatest: false, publishedAt: at(4) });
      await expect(client.version(NAMES.weather, '9.9.9')).rejects.toMatchObject({ status: 404 });
      await expect(client.versions('com.example/missing')).rejects.toBeInstanceOf(HttpError);
    }
  });

  it('a query-string client ends after one request: the list never carries a nextCursor', async () => {
    const client = new OfficialClient(decoding.url);
    const all = await client.listAll({ limit: '2', cursor: 'bogus' });
    expect(all.requests).toBe(1);
    expect(all.servers).toHaveLength(4);
  });

  it('walks the paginated listing by its nextPage links', async () => {
    const client = new OfficialClient(mounted.url);
    let url: URL | undefined = new URL('v0.1/servers/_page/latest/2/1.json', mounted.url);
    const seen: string[] = [];
    while (url) {
      const page: ServerList = await client.getJson(url);
      seen.push(...page.servers.map(recordKey));
      url = page.metadata?.nextPage ? new URL(page.metadata.nextPage, url) : undefined;
    }
    expect(seen).toEqual((await client.list()).servers.map(recordKey));
    expect(client.requests).toBe(3);
  });
});

describe('syncing a mirror with the updated_since feed', () => {
  it('after new commits: added version, deprecated, deleted → tombstone, restored', async () => {
    const client = new OfficialClient(decoding.url);
    const mirror = new Map<string, ServerRecord>();
    const since = await syncMirror(client, mirror);
    expect(since).toBe(at(6));
    expect(mirror.size).toBe(8);

    repo.commit(at(8, 9), { [versionFile(NAMES.weather, '2.0.0')]: serverJson(NAMES.weather, '2.0.0') }, 'added');
    repo.commit(
      at(8, 15),
      { [versionFile(NAMES.dash, '3.0.0', 'status.json')]: status('deprecated', 'use 4') },
      'deprecated',
    );
    repo.commit(at(9), { [versionFile(NAMES.solo, 'v1', 'status.json')]: status('deleted', 'gone') }, 'deleted');
    repo.commit(at(10), { [versionFile(NAMES.gone, '0.1.0', 'status.json')]: null }, 'restored');
    await buildInto(repo.dir, outDir);

    const before = { requests: client.requests, bytes: client.bytes };
    const next = await syncMirror(client, mirror, since);
    expect(next).toBe(at(10));
    const syncRequests = client.requests - before.requests;
    const syncBytes = client.bytes - before.bytes;

    const fresh = new Map<string, ServerRecord>();
    const full = new OfficialClient(decoding.url);
    await syncMirror(full, fresh);
    const strip = (m: Map<string, ServerRecord>) =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, r]) => [k, r.server, r._meta[OFFICIAL_META_KEY]]);
    expect(strip(mirror)).toEqual(strip(fresh));

    const official = (name: string, v: string) => mirror.get(`${name}@${v}`)!._meta[OFFICIAL_META_KEY];
    expect(official(NAMES.weather, '2.0.0')).toMatchObject({ status: 'active', isLatest: true, publishedAt: at(8, 9) });
    expect(official(NAMES.weather, '1.1.0-rc.1').isLatest).toBe(false);
    expect(official(NAMES.dash, '3.0.0')).toMatchObject({
      status: 'deprecated',
      statusMessage: 'use 4',
      updatedAt: at(8, 15),
    });
    expect(official(NAMES.solo, 'v1')).toMatchObject({
      status: 'deleted',
      statusMessage: 'gone',
      isLatest: true,
      updatedAt: at(9),
    });
    expect(official(NAMES.gone, '0.1.0')).toMatchObject({ status: 'active', isLatest: true, updatedAt: at(10) });
    expect(official(NAMES.gone, '0.2.0')).toMatchObject({ status: 'deleted', isLatest: false }); // a tombstone losing isLatest
    // as include_deleted=false: the withdrawn server has no official path, the restored one answers again
    await expect(client.version(NAMES.solo, 'latest')).rejects.toMatchObject({ status: 404 });
    await expect(client.versions(NAMES.solo)).rejects.toMatchObject({ status: 404 });
    expect((await client.version(NAMES.gone, 'latest')).server.version).toBe('0.1.0');

    // cost proportional to the changes: index + the boundary day and the three new days (isLatest moves come with them)
    expect(syncRequests).toBe(1 + 4);
    expect(syncBytes).toBeGreaterThan(0); // the byte ratio at scale is a benchmark figure (scripts/bench/sections/api.ts)
    expect(mirror.get(`${NAMES.solo}@v1`)!._meta[CONFIG.metaKey]).toMatchObject({
      path: `servers/${NAMES.solo}/v1/server.json`,
    });
  });
});

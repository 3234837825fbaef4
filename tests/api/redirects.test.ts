/**
 * `_redirects` run by Netlify's own redirect engine (netlify-redirector) over a real build, in every mode a host
 * may apply around it (tests/api/netlify-host.ts): the official query API over the prebuilt files, VS Code's walk,
 * cursor walks that end with every server once, and 404 for what is not served.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectsFile } from '../../scripts/api/redirects.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { buildInto } from './build-helpers.ts';
import type { GitRepo } from './fixture.ts';
import { HOST_MODES, NetlifyHost, parseRules } from './netlify-host.ts';
import { NAMES, makeRegistry } from './registry-fixture.ts';

interface List {
  servers: ServerRecord[];
  metadata: { count: number; nextCursor?: string };
}
const key = (r: ServerRecord) => `${r.server.name}@${r.server.version}`;

let repo: GitRepo;
let outDir: string;
let latest: string[];
let every: string[];
beforeAll(async () => {
  repo = makeRegistry(); // pageSize 2: 4 servers with a live version, 8 versions
  ({ outDir } = await buildInto(repo.dir));
  const files = await NetlifyHost.open(outDir, HOST_MODES[0]!);
  latest = files.json<List>('/v0.1/servers.json').servers.map(key);
  const index = files.json<{ snapshot: string }>('/v0.1/servers/_changes/index.json');
  every = files.json<List>(`/v0.1/servers/_snapshot/${index.snapshot.split('/').pop()}`).servers.map(key);
});
afterAll(() => {
  repo?.remove();
  rmSync(outDir, { recursive: true, force: true });
});

/** The official pagination loop: follow metadata.nextCursor with `cursor=` (bounded, to catch a loop). */
function walk(host: NetlifyHost, prefix: string, query: Record<string, string>): { keys: string[]; requests: number } {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (let requests = 1; requests <= 50; requests++) {
    const q = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const page = host.json<List>(`/${prefix}/servers?${q}`);
    expect(page.metadata.count).toBe(page.servers.length);
    keys.push(...page.servers.map(key));
    cursor = page.metadata.nextCursor;
    if (!cursor) return { keys, requests };
  }
  throw new Error(`no end after 50 pages: ${prefix} ${JSON.stringify(query)}`);
}

describe.each(HOST_MODES)('Netlify ($shadowing file lookup, $decoding paths)', (mode) => {
  let host: NetlifyHost;
  beforeAll(async () => {
    host = await NetlifyHost.open(outDir, mode);
  });

  it("VS Code's gallery: probe, list by cursor to the end, search, open by %2F name, latest, a version", () => {
    const probe = host.get('/v0.1/servers?limit=1');
    expect(probe).toMatchObject({ status: 200, file: 'v0.1/servers/_page/latest/2/1.json' });
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page: List = host.json(`/v0.1/servers?limit=50&version=latest${cursor ? `&cursor=${cursor}` : ''}`);
      listed.push(...page.servers.map(key));
      cursor = page.metadata.nextCursor;
    } while (cursor);
    expect(listed).toEqual(latest); // every server once, none missed, in name order
    expect(new Set(listed.map((k) => k.split('@')[0])).size).toBe(4);
    // search is not prebuilt: the unfiltered first page (docs/api.md)
    expect(host.json<List>('/v0.1/servers?limit=50&version=latest&search=weather').servers.map(key)).toEqual(
      latest.slice(0, 2),
    );
    const name = encodeURIComponent(NAMES.weather);
    const open = host.json<ServerRecord>(`/v0.1/servers/${name}/versions/latest`);
    expect(open._meta[OFFICIAL_META_KEY].isLatest).toBe(true);
    expect(listed).toContain(key(open));
    expect(host.json<List>(`/v0.1/servers/${name}/versions`).servers.map((r) => r.server.version)).toEqual([
      '1.0.1+build.5',
      '1.1.0-rc.1',
      '1.0.0',
    ]);
    const build = host.json<ServerRecord>(`/v0.1/servers/${name}/versions/${encodeURIComponent('1.0.1+build.5')}`);
    expect(build.server.version).toBe('1.0.1+build.5');
  });

  it('cursor walks end with every server once, whatever the limit, under both prefixes', () => {
    const queries: Array<Record<string, string>> = [
      {},
      { limit: '1' },
      { limit: '2' },
      { limit: '7' },
      { version: 'latest', limit: '100' },
    ];
    for (const prefix of ['v0.1', 'v0']) {
      for (const query of queries) {
        const isPlain = Object.keys(query).length === 0;
        const { keys, requests } = walk(host, prefix, query);
        expect(keys, `${prefix} ${JSON.stringify(query)}`).toEqual(latest);
        expect(requests).toBe(isPlain ? 1 : 2); // the plain list is complete; any limit gets pages of the prebuilt size
      }
      // updated_since: every version, tombstones included (a superset of the changes), each once
      const since = '2026-04-05T00:00:00Z';
      const sinceQueries: Array<Record<string, string>> = [
        { updated_since: since },
        { updated_since: since, limit: '3' },
      ];
      for (const query of sinceQueries) {
        const { keys, requests } = walk(host, prefix, query);
        expect(keys).toEqual(every);
        expect(requests).toBe(4);
      }
    }
  });

  it('a limit answers with the prebuilt page it maps to; a cursor with that page', () => {
    for (const limit of ['1', '2', '30', '100', '0', 'x']) {
      expect(host.get(`/v0.1/servers?limit=${limit}`).file).toBe('v0.1/servers/_page/latest/2/1.json');
    }
    expect(host.get('/v0.1/servers?cursor=2').file).toBe('v0.1/servers/_page/latest/2/2.json');
    expect(host.get('/v0/servers?cursor=2&limit=9&version=latest').file).toBe('v0.1/servers/_page/latest/2/2.json');
    expect(host.get('/v0.1/servers?updated_since=2026-01-01T00:00:00Z&cursor=3').file).toBe(
      'v0.1/servers/_page/all/2/3.json',
    );
    expect(host.get('/v0.1/servers?cursor=99')).toMatchObject({ status: 404 }); // past the last page
  });

  it('what is not served answers 404: an exact version filter, deleted versions, a server whose every version is deleted', () => {
    expect(host.get('/v0.1/servers?version=1.0.0').status).toBe(404);
    expect(host.get('/v0.1/servers?version=all&limit=2').status).toBe(404);
    for (const name of [NAMES.gone, encodeURIComponent(NAMES.gone)]) {
      for (const p of ['versions', 'versions/latest', 'versions/0.1.0', 'versions/0.2.0', 'versions/0.2.0.json']) {
        expect(host.get(`/v0.1/servers/${name}/${p}`).status, `${name}/${p}`).toBe(404);
      }
    }
    expect(host.get(`/v0/servers/${encodeURIComponent(NAMES.solo)}/versions/latest`).status).toBe(200);
  });

  it('the plain list and the folder-shaped paths answer without a query, with or without the trailing slash', () => {
    for (const path of [
      '/v0.1/servers',
      '/v0.1/servers/',
      '/v0/servers',
      '/v0.1/servers?search=x&include_deleted=true',
    ]) {
      const body = host.json<List>(path);
      expect(body.servers.map(key)).toEqual(latest);
      expect(body.metadata).toEqual({ count: 4 });
    }
    for (const name of [NAMES.dash, encodeURIComponent(NAMES.dash)]) {
      expect(host.json<List>(`/v0/servers/${name}/versions`).servers.map(key)).toEqual([`${NAMES.dash}@3.0.0`]);
    }
  });
});

describe('the rule file', () => {
  it('forces every rule (200!, 404!), so no file at the request path shadows one', () => {
    const lines = readFileSync(join(outDir, '_redirects'), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toHaveLength(2 * 10); // per prefix: 2 + 2 + 1 + 2 query rules, the list, two versions rules
    for (const l of lines) expect(l, l).toMatch(/ (200|404)!$/);
  });

  it('an unforced query rule is shadowed where servers/index.html counts as the file (the bug this avoids)', async () => {
    const unforced = redirectsFile('/', [2]).replaceAll(' 200!', ' 200');
    const pretty = await NetlifyHost.open(outDir, { shadowing: 'pretty', decoding: 'decode' }, unforced);
    const exact = await NetlifyHost.open(outDir, { shadowing: 'exact', decoding: 'decode' }, unforced);
    expect(pretty.get('/v0.1/servers?limit=1')).toEqual({ status: 200, file: 'v0.1/servers/index.html' });
    expect(exact.get('/v0.1/servers?limit=1').file).toBe('v0.1/servers/_page/latest/2/1.json');
  });

  it('with a second prebuilt size, that size answers by value and any other limit gets the first', async () => {
    const matcher = await parseRules(redirectsFile('/registry/', [100, 30], ['v0.1']));
    const to = (query: string) =>
      matcher.match({
        scheme: 'https',
        host: 'x',
        path: '/registry/v0.1/servers',
        query,
        getHeader: () => '',
        getCookie: () => '',
      })?.to;
    expect(to('limit=30')).toBe('/registry/v0.1/servers/_page/latest/30/1.json');
    expect(to('limit=30&cursor=4')).toBe('/registry/v0.1/servers/_page/latest/30/4.json');
    expect(to('cursor=4&limit=50&version=latest')).toBe('/registry/v0.1/servers/_page/latest/100/4.json');
    expect(to('version=latest&limit=30')).toBe('/registry/v0.1/servers/_page/latest/30/1.json');
    expect(to('updated_since=2026-01-01T00:00:00Z&limit=30&cursor=2')).toBe(
      '/registry/v0.1/servers/_page/all/30/2.json',
    );
    expect(to('limit=1')).toBe('/registry/v0.1/servers/_page/latest/100/1.json');
    expect(to('')).toBe('/registry/v0.1/servers/index.html');
  });
});

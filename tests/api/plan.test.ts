import { describe, expect, it } from 'vitest';
import { partsText } from '../../scripts/api/arena.ts';
import { planApi } from '../../scripts/api/plan.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { rootEntries, serverEntries } from '../../scripts/core/url-layout.ts';

const KEY = 'org.example.registry/static';
const record = (name: string, version: string, extra: Record<string, unknown> = {}): ServerRecord => ({
  server: { name, version, description: 'd' },
  _meta: {
    [OFFICIAL_META_KEY]: {
      status: 'active',
      statusChangedAt: '2026-01-01T00:00:00Z',
      publishedAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      isLatest: true,
    },
    [KEY]: { path: `servers/${name}/${version}/server.json`, ...extra },
  },
});
const options = { metaKey: KEY, pageSizes: [2], sourceCommit: 'abc', generatedAt: '2026-01-02T00:00:00Z' };
const body = (plan: ReturnType<typeof planApi>, path: string) => {
  const o = plan.outputs.find((x) => x.path === path);
  if (!o || !('parts' in o)) throw new Error(`no content at ${path}`);
  return JSON.parse(partsText(o.parts, plan.arena));
};

describe('planApi', () => {
  it('splices the build id into our own _meta entry without disturbing anything else', () => {
    const plan = planApi([record('a.b/c', '1.0.0', { nested: { deep: [1, { x: '}}}' }] } })], options);
    const r = body(plan, 'v0.1/servers/a.b/c/versions/1.0.0.json');
    expect(r._meta[KEY]).toEqual({
      path: 'servers/a.b/c/1.0.0/server.json',
      nested: { deep: [1, { x: '}}}' }] },
      buildId: plan.buildId,
    });
    expect(Object.keys(r._meta[OFFICIAL_META_KEY])).toHaveLength(5);
  });

  it('a different repository state gives a different build id; the same state the same one', () => {
    const a = planApi([record('a.b/c', '1.0.0')], options).buildId;
    expect(planApi([record('a.b/c', '1.0.0')], options).buildId).toBe(a);
    expect(planApi([record('a.b/c', '1.0.1')], options).buildId).not.toBe(a);
    expect(planApi([record('a.b/c', '1.0.0')], { ...options, sourceCommit: 'def' }).buildId).not.toBe(a);
  });

  it('plans exactly the entries the URL layout lists, each as the same kind of entry', () => {
    const older = record('a.b/c', '1.0.0');
    older._meta[OFFICIAL_META_KEY].isLatest = false;
    const plan = planApi([older, record('a.b/c', '2.0.0+b')], options);
    const kindOf = (o: (typeof plan.outputs)[number]) =>
      'parts' in o ? 'file' : 'sameAs' in o ? `alias ${o.sameAs}` : `symlink ${o.symlinkTo}`;
    const planned = new Map(plan.outputs.map((o) => [o.path, kindOf(o)]));
    // Only /v0.1: the other prefixes are links the build adds once it knows which it serves (write-api.ts).
    const layout = [...rootEntries(['v0.1']), ...serverEntries('a.b/c', ['1.0.0', '2.0.0+b'], '2.0.0+b')];
    for (const e of layout) {
      const kind = e.kind === 'file' ? 'file' : e.kind === 'alias' ? `alias ${e.sameAs}` : `symlink ${e.symlinkTo}`;
      expect(planned.get(e.path), e.path).toBe(kind);
    }
    // Everything else is our own (`_page`, `_changes`, `_snapshot`).
    const official = plan.outputs.filter((o) => !o.path.includes('/_'));
    expect(official.map((o) => o.path).sort()).toEqual(layout.map((e) => e.path).sort());
    expect(body(plan, 'v0.1/servers/a.b/c/versions/2.0.0+b.json').server.version).toBe('2.0.0+b');
    expect(body(plan, 'v0.1/servers/a.b/c/versions.json').servers.map((r: ServerRecord) => r.server.version)).toEqual([
      '2.0.0+b',
      '1.0.0',
    ]);
  });

  it('official paths follow include_deleted=false; tombstones stay in the feed, the snapshot and the all pages', () => {
    const deleted = (r: ServerRecord, isLatest: boolean) => {
      Object.assign(r._meta[OFFICIAL_META_KEY], { status: 'deleted', isLatest, updatedAt: '2026-01-03T00:00:00Z' });
      return r;
    };
    const older = record('a.b/c', '1.0.0');
    const newer = deleted(record('a.b/c', '2.0.0'), false); // deleting the newest moved isLatest to 1.0.0
    const gone = [deleted(record('a.b/gone', '1.0.0'), false), deleted(record('a.b/gone', '2.0.0'), true)];
    const plan = planApi([older, newer, ...gone], options);
    const paths = plan.outputs.map((o) => o.path);
    const official = paths.filter((p) => !p.includes('/_'));
    expect(official.filter((p) => p.includes('2.0.0'))).toEqual([]);
    expect(official.filter((p) => p.includes('gone'))).toEqual([]);
    expect(official).toEqual(
      [...rootEntries(['v0.1']), ...serverEntries('a.b/c', ['1.0.0'], '1.0.0')].map((e) => e.path),
    );
    expect(body(plan, 'v0.1/servers/a.b/c/versions.json').servers.map((r: ServerRecord) => r.server.version)).toEqual([
      '1.0.0',
    ]);
    expect(body(plan, 'v0.1/servers.json').servers.map((r: ServerRecord) => r.server.name)).toEqual(['a.b/c']);
    expect(body(plan, 'v0.1/servers/_page/latest/2/1.json').metadata.total).toBe(1);
    expect(body(plan, 'v0.1/servers/_page/all/2/2.json').servers).toHaveLength(2);
    expect(plan.counts).toMatchObject({ servers: 2, latest: 1, withdrawn: 1, deleted: 3 });
    // The feed keeps every tombstone and names each touched server's isLatest version, deleted or not.
    const day = body(plan, 'v0.1/servers/_changes/2026-01-03.json');
    expect(day.servers.map((r: ServerRecord) => `${r.server.name}@${r.server.version}`)).toEqual([
      'a.b/c@2.0.0',
      'a.b/gone@1.0.0',
      'a.b/gone@2.0.0',
    ]);
    expect(day.metadata.latest).toEqual({ 'a.b/c': '1.0.0', 'a.b/gone': '2.0.0' });
    expect(body(plan, plan.assets.snapshot).servers).toHaveLength(4);
  });

  it('asserts that no two documents share a path (validation refuses such a tree first: dist-path-collision)', () => {
    expect(() => planApi([record('a.b/c', 'index.html')], options)).toThrow(
      /internal error: two documents want dist\/v0\.1\/servers\/a\.b\/c\/versions\/index\.html/,
    );
  });

  it('requires records in name, version order without duplicates', () => {
    expect(() => planApi([record('a.b/d', '1'), record('a.b/c', '1')], options)).toThrow(/sorted/);
    expect(() => planApi([record('a.b/c', '1'), record('a.b/c', '1')], options)).toThrow(/sorted/);
  });

  it('an empty registry still has a list, one empty page per listing, a feed index and a snapshot', () => {
    const plan = planApi([], options);
    expect(body(plan, 'v0.1/servers.json')).toEqual({ servers: [], metadata: { count: 0 } });
    expect(body(plan, 'v0.1/servers/_page/all/2/1.json').metadata).toEqual({ count: 0, page: 1, pages: 1, total: 0 });
    expect(body(plan, 'v0.1/servers/_changes/index.json')).toMatchObject({ count: 0, days: [] });
    expect(plan.assets.snapshot).toMatch(/_snapshot\/[0-9a-f]{16}\.json$/);
  });
});

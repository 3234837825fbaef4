import { describe, expect, it } from 'vitest';
import { listed, namespaceProof, namespaceShards, namespaces, siteServers } from '../../scripts/site/model.ts';
import { barChart, countBy, growth, lineChart } from '../../scripts/site/charts.ts';
import { OFFICIAL_META_KEY } from '../../scripts/core/types.ts';
import type { ServerRecord } from '../../scripts/core/types.ts';
import { fixtureRecords, META_KEY } from './fixture.ts';

function rec(
  name: string,
  version: string,
  publishedAt: string,
  isLatest: boolean,
  status: 'active' | 'deprecated' | 'deleted' = 'active',
): ServerRecord {
  return {
    server: { name, version, description: `${name} ${version}` },
    _meta: {
      [OFFICIAL_META_KEY]: { status, statusChangedAt: publishedAt, publishedAt, updatedAt: publishedAt, isLatest },
    },
  };
}

describe('site model', () => {
  it('takes the latest version from the records, never from version order', () => {
    // A backport published last is not latest; the record says so and the site follows it.
    const servers = siteServers(
      [rec('a.b/c', '2.0.0', '2025-01-02T00:00:00Z', true), rec('a.b/c', '1.0.1', '2025-03-01T00:00:00Z', false)],
      'x.y/z',
    );
    expect(servers).toHaveLength(1);
    expect(servers[0]!.latestVersion).toBe('2.0.0');
    expect(servers[0]!.description).toBe('a.b/c 2.0.0');
    expect(servers[0]!.versions.map((v) => v.version)).toEqual(['1.0.1', '2.0.0']); // newest publish first
    expect(servers[0]!.firstPublishedAt).toBe('2025-01-02T00:00:00Z');
  });

  it('status of a server is its latest record’s; deleted servers leave the lists', () => {
    const servers = siteServers(
      [
        rec('a.b/gone', '1.0.0', '2025-01-01T00:00:00Z', true, 'deleted'),
        rec('a.b/old', '1.0.0', '2025-01-01T00:00:00Z', true, 'deprecated'),
      ],
      'x.y/z',
    );
    expect(servers.map((s) => [s.name, s.status])).toEqual([
      ['a.b/gone', 'deleted'],
      ['a.b/old', 'deprecated'],
    ]);
    expect(listed(servers).map((s) => s.name)).toEqual(['a.b/old']);
  });

  it('packages, transports, kinds, hosts and our own _meta source links', () => {
    const servers = siteServers(fixtureRecords(), META_KEY);
    const hybrid = servers.find((s) => s.name === 'io.modelcontextprotocol.anonymous/hybrid-mcp')!;
    expect(hybrid.packageTypes).toEqual(['npm']);
    expect(hybrid.transports).toEqual(['sse', 'stdio', 'streamable-http']);
    expect(hybrid.kinds).toEqual(['local', 'remote']);
    expect(hybrid.remoteHosts).toEqual(['mcp.anonymous.modelcontextprotocol.io']);
    expect(hybrid.versions[0]!.sourceUrl).toContain(
      'servers/io.modelcontextprotocol.anonymous/hybrid-mcp/1.5.0/server.json',
    );
    const tenant = servers.find((s) => s.name === 'io.modelcontextprotocol.anonymous/multi-tenant-server')!;
    expect(tenant.remoteHosts).toEqual(['anonymous.modelcontextprotocol.io']);
  });

  it('namespaces and the kind of proof they take', () => {
    expect(namespaceProof('io.github.octocat')).toEqual({ kind: 'github', subject: 'octocat' });
    expect(namespaceProof('uk.co.example')).toEqual({ kind: 'domain', subject: 'example.co.uk' });
    const ns = namespaces(siteServers(fixtureRecords(), META_KEY));
    expect(ns.find((n) => n.namespace === 'io.github.domdomegg')!.servers).toBe(3);
  });

  it('namespace shards: each namespace in one process, contiguous runs, pages about even; one process: no map', () => {
    const recs = [];
    for (let n = 0; n < 40; n++)
      for (let k = 0; k <= n % 4; k++)
        recs.push(rec(`ns${String(n).padStart(2, '0')}.x/s${k}`, '1', '2025-01-05T00:00:00Z', true));
    const servers = siteServers(recs, META_KEY);
    expect(namespaceShards(servers, 1)).toEqual({});
    for (const count of [2, 3]) {
      const shardOf = namespaceShards(servers, count);
      const order = namespaces(servers).map((n) => ({
        ns: n.namespace,
        pages: n.servers + 1,
        shard: shardOf[n.namespace] ?? 0,
      }));
      // Contiguous and in order: the shard never goes down along the sorted namespaces, and every shard is used.
      expect(order.every((o, i) => i === 0 || o.shard >= order[i - 1]!.shard)).toBe(true);
      const pages = Array.from({ length: count }, (_, k) =>
        order.filter((o) => o.shard === k).reduce((a, o) => a + o.pages, 0),
      );
      const total = pages.reduce((a, b) => a + b, 0);
      for (const p of pages) expect(Math.abs(p - total / count)).toBeLessThanOrEqual(5);
      // Shard 0 is implicit: only the others are listed.
      expect(Object.values(shardOf).every((k) => k > 0 && k < count)).toBe(true);
    }
  });

  it('charts: cumulative growth by month, counts, and SVG with escaped labels', () => {
    const servers = siteServers(
      [
        rec('a.b/c', '1', '2025-01-05T00:00:00Z', false),
        rec('a.b/c', '2', '2025-03-05T00:00:00Z', true),
        rec('a.b/d', '1', '2025-03-09T00:00:00Z', true),
      ],
      'x.y/z',
    );
    const [versions, srv] = growth(servers);
    expect(versions!.points).toEqual([
      { x: '2025-01', y: 1 },
      { x: '2025-03', y: 3 },
    ]);
    expect(srv!.points).toEqual([
      { x: '2025-01', y: 1 },
      { x: '2025-03', y: 2 },
    ]);
    expect(countBy(servers, (s) => [s.namespace])).toEqual([{ label: 'a.b', value: 2 }]);
    const svg = barChart([{ label: '<npm>', value: 3 }], 'T & U');
    expect(svg).toContain('&lt;npm&gt;');
    expect(svg).toContain('<title>T &amp; U</title>');
    expect(lineChart(growth(servers), 'growth')).toMatch(/^<svg[^>]*role="img"/);
  });
});

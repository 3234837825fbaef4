/**
 * The edge layout: deterministic, one copy of each record, far fewer files than versions, and proportional to the
 * change — after one server publishes a version, only its pack, the indexes and the feed pieces it touches differ,
 * and a rebuild in place equals a fresh build byte for byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChanges, copyRegistry, generateRegistry } from '../../scripts/bench/generate.ts';
import type { GeneratedRegistry } from '../../scripts/bench/types.ts';
import { loadConfig } from '../../scripts/config/config.ts';
import { buildEdge, planEdge } from '../../scripts/edge/build.ts';
import { decodeRecords, MANIFEST_KEY } from '../../scripts/edge/format.ts';
import { contentDefinedGroups } from '../../scripts/edge/groups.ts';
import { readTree } from '../api/fixture.ts';

const temp = mkdtempSync(join(tmpdir(), 'edge-layout-'));
let reg: GeneratedRegistry;

beforeAll(async () => {
  reg = await generateRegistry({ dir: join(temp, 'source'), servers: 300, versions: 900, seed: 3, days: 90 });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const plan = async (root: string) => {
  const p = await planEdge({ root, config: loadConfig(root, {}) });
  if (!p.layout) throw new Error(JSON.stringify(p.problems));
  return p;
};

describe('content-defined groups', () => {
  it('keep every other group when an item is added, changed or removed', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `io.github.user${i}/server`);
    const opts = { key: (s: string) => s, bytes: () => 10, average: 8, maxBytes: 1e9 };
    const before = contentDefinedGroups(items, opts).map((g) => g.join());
    expect(before.length).toBeGreaterThan(2000 / 8 / 1.5);
    expect(before.length).toBeLessThan((2000 / 8) * 1.5);
    for (const after of [
      [...items.slice(0, 1000), 'io.github.new/one', ...items.slice(1000)],
      [...items.slice(0, 1000), ...items.slice(1001)],
    ]) {
      const groups = contentDefinedGroups(after, opts).map((g) => g.join());
      const kept = groups.filter((g) => before.includes(g));
      expect(groups.length - kept.length).toBeLessThanOrEqual(2);
    }
  });

  it('start a group where the next item would pass maxBytes', () => {
    const groups = contentDefinedGroups(['a', 'b', 'c', 'd'], {
      key: () => 'x',
      bytes: () => 6,
      average: 1e9,
      maxBytes: 12,
    });
    expect(groups).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('the layout', () => {
  it('is deterministic and holds each record once, with no build id inside any record or pack', async () => {
    const [a, b] = [await plan(reg.dir), await plan(reg.dir)];
    expect([...a.layout!.objects.keys()].sort()).toEqual([...b.layout!.objects.keys()].sort());
    for (const [k, v] of a.layout!.objects) expect(Buffer.compare(v, b.layout!.objects.get(k)!), k).toBe(0);
    const { manifest, objects } = a.layout!;
    expect(manifest.stampKey).toBe(loadConfig(reg.dir, {}).metaKey);
    let stored = 0;
    for (const [key, bytes] of objects) {
      if (!key.startsWith('_edge/p/')) continue;
      for (const record of decodeRecords(bytes)) {
        stored++;
        expect(Buffer.from(record).toString()).not.toContain(manifest.buildId);
      }
    }
    expect(stored).toBe(reg.versions);
    // About one file per `packServers` servers, plus the feed's days and a few indexes.
    expect(objects.size).toBeLessThan(reg.versions / 4);
    expect(manifest.counts.packs).toBeGreaterThan(reg.servers / 8 / 2);
    expect(manifest.counts.packs).toBeLessThan((reg.servers / 8) * 2);
  });

  it('changes only what one changed server touches, and a rebuild in place equals a fresh build', async () => {
    const copy = await copyRegistry(reg, join(temp, 'copy'));
    const config = loadConfig(copy.dir, {});
    const inPlace = join(temp, 'in-place');
    const first = await buildEdge({ root: copy.dir, outDir: inPlace, config });
    const before = new Set(first.layout!.objects.keys());
    await appendChanges(copy, { commits: 1, servers: 1 });
    const again = await buildEdge({ root: copy.dir, outDir: inPlace, config });
    const fresh = await buildEdge({ root: copy.dir, outDir: join(temp, 'fresh'), config });
    expect(readTree(join(inPlace, 'assets'))).toEqual(readTree(join(temp, 'fresh', 'assets')));

    const changed = [...fresh.layout!.objects.keys()].filter((k) => !before.has(k) || k === MANIFEST_KEY);
    const kinds = changed.map((k) => k.split('/')[1] ?? k).sort();
    // The new version's pack; the catalog, search, times and documents indexes; the manifest; the feed index, the
    // build manifest, the new day's bucket chunk and the snapshot chunk that holds the server (and a neighbour's,
    // when the deprecated version moved days).
    expect(changed.filter((k) => k.startsWith('_edge/p/'))).toHaveLength(1);
    expect(changed.length, kinds.join(' ')).toBeLessThanOrEqual(12);
    expect(again.write!.removed).toBeLessThanOrEqual(changed.length - 1);
    expect(again.write!.written).toBe(changed.length);
  });
});

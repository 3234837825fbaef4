/**
 * The feed never loses a change: a mirror following docs/api.md's algorithm (tests/preview/official-client.ts)
 * against the real preview server over real builds of a real git repository ends equal to a fresh snapshot, in
 * the two cases that used to lose data for good:
 *   - a record that changes again within the same second after a build was synced (its updatedAt does not move);
 *   - a first-parent commit dated before the commit beneath it (its changes would sit before the mirror's time).
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { startPreview, type Preview } from '../../scripts/preview/server.ts';
import { OfficialClient, syncMirror } from '../preview/official-client.ts';
import { buildInto } from './build-helpers.ts';
import { GitRepo, serverJson, versionFile } from './fixture.ts';
import { CONFIG, status } from './registry-fixture.ts';

const A = 'com.example/alpha';
const B = 'com.example/beta';
const at = (hour: number, minute = 0) =>
  `2026-05-01T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A registry repository with a build served by the preview, and a helper to rebuild it in place. */
async function served(repo: GitRepo): Promise<{ client: OfficialClient; rebuild: () => Promise<void> }> {
  const { outDir } = await buildInto(repo.dir);
  const preview: Preview = await startPreview({ dir: outDir });
  cleanup.push(
    () => repo.remove(),
    () => rmSync(outDir, { recursive: true, force: true }),
    () => preview.close(),
  );
  return { client: new OfficialClient(preview.url), rebuild: async () => void (await buildInto(repo.dir, outDir)) };
}

/** What a mirror holds, comparable with a fresh one: the documents and the official data, not the build id. */
const comparable = (m: Map<string, ServerRecord>) =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, r]) => [k, r.server, r._meta[OFFICIAL_META_KEY]]);

async function fresh(client: OfficialClient): Promise<Map<string, ServerRecord>> {
  const m = new Map<string, ServerRecord>();
  await syncMirror(new OfficialClient(client.base), m);
  return m;
}

function newRepo(): GitRepo {
  const repo = new GitRepo();
  repo.commit(at(9), {
    'registry.config.json': `${JSON.stringify(CONFIG, null, 2)}\n`,
    [versionFile(A, '1.0.0')]: serverJson(A, '1.0.0'),
    [versionFile(B, '1.0.0')]: serverJson(B, '1.0.0'),
  });
  return repo;
}

describe('the feed never loses a change', () => {
  it('a record that changes again within the same second after a sync is seen', async () => {
    const repo = newRepo();
    repo.commit(at(12), { [versionFile(A, '1.0.0', 'status.json')]: status('deprecated', 'use 2') });
    const { client, rebuild } = await served(repo);
    const mirror = new Map<string, ServerRecord>();
    const since = await syncMirror(client, mirror);
    expect(since).toBe(at(12));

    // Same second: 1.0.0 is deleted after all, 2.0.0 lands and takes isLatest, B's only version is deleted.
    repo.commit(at(12), {
      [versionFile(A, '1.0.0', 'status.json')]: status('deleted', 'broken'),
      [versionFile(A, '2.0.0')]: serverJson(A, '2.0.0'),
      [versionFile(B, '1.0.0', 'status.json')]: status('deleted'),
    });
    await rebuild();
    const next = await syncMirror(client, mirror, since);
    expect(next).toBe(at(12));

    const held = (name: string, v: string) => mirror.get(`${name}@${v}`)!._meta[OFFICIAL_META_KEY];
    // The changed record kept its updatedAt: only re-reading the boundary second can see it.
    expect(held(A, '1.0.0')).toMatchObject({ status: 'deleted', statusMessage: 'broken', updatedAt: at(12) });
    expect(held(A, '2.0.0')).toMatchObject({ status: 'active', isLatest: true });
    expect(held(B, '1.0.0')).toMatchObject({ status: 'deleted', isLatest: true });
    expect(comparable(mirror)).toEqual(comparable(await fresh(client)));
    // And the official paths follow include_deleted=false.
    await expect(client.version(A, '1.0.0')).rejects.toMatchObject({ status: 404 });
    await expect(client.version(B, 'latest')).rejects.toMatchObject({ status: 404 });
  });

  it('a first-parent commit dated before the commit beneath it lands at that time, after the mirror', async () => {
    const repo = newRepo();
    repo.commit(at(15), { [versionFile(A, '1.0.0', 'status.json')]: status('deprecated') });
    const { client, rebuild } = await served(repo);
    const mirror = new Map<string, ServerRecord>();
    const since = await syncMirror(client, mirror);
    expect(since).toBe(at(15));

    // Pushed with an older date (clock skew, an older commit pushed directly): 10:00, on top of 15:00.
    repo.commit(at(10), {
      [versionFile(B, '2.0.0')]: serverJson(B, '2.0.0'),
      [versionFile(A, '1.0.0', 'status.json')]: null,
    });
    await rebuild();
    const next = await syncMirror(client, mirror, since);
    expect(next).toBe(at(15));

    const held = (name: string, v: string) => mirror.get(`${name}@${v}`)?._meta[OFFICIAL_META_KEY];
    expect(held(B, '2.0.0')).toMatchObject({ publishedAt: at(15), updatedAt: at(15), isLatest: true });
    expect(held(B, '1.0.0')).toMatchObject({ isLatest: false });
    expect(held(A, '1.0.0')).toMatchObject({ status: 'active', updatedAt: at(15) });
    expect(comparable(mirror)).toEqual(comparable(await fresh(client)));
    expect([...mirror.keys()].sort()).toEqual([`${A}@1.0.0`, `${B}@1.0.0`, `${B}@2.0.0`]);
  });

  it('later syncs keep going: a change one second later, then nothing new', async () => {
    const repo = newRepo();
    const { client, rebuild } = await served(repo);
    const mirror = new Map<string, ServerRecord>();
    let since = await syncMirror(client, mirror);
    repo.commit(at(9, 1), { [versionFile(A, '1.1.0')]: serverJson(A, '1.1.0') });
    await rebuild();
    since = await syncMirror(client, mirror, since);
    expect(since).toBe(at(9, 1));
    const before = client.requests;
    expect(await syncMirror(client, mirror, since)).toBe(at(9, 1));
    expect(client.requests - before).toBe(2); // the index and the boundary day's bucket
    expect(comparable(mirror)).toEqual(comparable(await fresh(client)));
  });
});

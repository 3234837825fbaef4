/**
 * The same oracle checks again in workerd, the Workers runtime: real builds written as Workers projects, served
 * through wrangler's dev server (worker.ts bundled by esbuild, the layout as static assets), requests over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../scripts/bench/generate.ts';
import { loadConfig } from '../../scripts/config/config.ts';
import type { ServerRecord } from '../../scripts/core/types.ts';
import { buildEdge } from '../../scripts/edge/build.ts';
import { type EdgeServer, startEdgeServer } from '../../scripts/edge/dev.ts';
import type { GitRepo } from '../api/fixture.ts';
import { NAMES, makeRegistry } from '../api/registry-fixture.ts';
import { checkListQueries, checkServers, checkWalks, type Fetch, listQueries, walkFilters } from './cases.ts';

interface Served {
  records: ServerRecord[];
  server: EdgeServer;
  fetch: Fetch;
  buildId: string;
}

const temp = mkdtempSync(join(tmpdir(), 'edge-workerd-'));
let repo: GitRepo;
let generated: Served;
let fixture: Served;

async function serve(root: string, out: string, packServers: number, maxPackReads?: number): Promise<Served> {
  const built = await buildEdge({
    root,
    outDir: out,
    config: loadConfig(root, {}),
    packServers,
    ...(maxPackReads ? { wrangler: { maxPackReads } } : {}),
  });
  if (!built.write) throw new Error(JSON.stringify(built.problems));
  const server = await startEdgeServer({ dir: out, port: 0 });
  const fetch: Fetch = async (path) => {
    const r = await globalThis.fetch(new URL(path, server.url));
    return { status: r.status, body: await r.text(), headers: r.headers };
  };
  return { records: built.records, server, fetch, buildId: built.layout!.manifest.buildId };
}

beforeAll(async () => {
  const dir = join(temp, 'generated');
  await generateRegistry({ dir, servers: 120, versions: 400, seed: 5, days: 40 });
  generated = await serve(dir, join(temp, 'generated-edge'), 8);
  repo = makeRegistry();
  // One server per pack and at most two pack reads a page: pages stop early, walks must still be exact.
  fixture = await serve(repo.dir, join(temp, 'fixture-edge'), 1, 2);
});
afterAll(async () => {
  await Promise.all([generated?.server.close(), fixture?.server.close()]);
  repo?.remove();
  rmSync(temp, { recursive: true, force: true });
});

describe('the handler in workerd', () => {
  it('answers list queries exactly as the oracle', async () => {
    const { fetch, records } = generated;
    expect(await checkListQueries(fetch, records, listQueries(records, 150, 3))).toBeGreaterThan(300);
  });

  it('answers versions, latest and each version by either name spelling', async () => {
    await checkServers(generated.fetch, generated.records, 8);
    await checkServers(fixture.fetch, fixture.records);
    expect((await fixture.fetch(`v0.1/servers/${encodeURIComponent(NAMES.gone)}/versions/latest`)).status).toBe(404);
  });

  it('walks every filter by cursor, each version once, with pages cut at two pack reads', async () => {
    for (const [s, limits] of [
      [generated, [5, 50]],
      [fixture, [1, 3, 50]],
    ] as const) {
      const filters = walkFilters(s.records);
      expect(await checkWalks(s.fetch, s.records, filters, limits)).toBe(filters.length * limits.length);
    }
    const page = JSON.parse((await fixture.fetch('v0.1/servers?limit=100')).body) as {
      metadata: { count: number; nextCursor?: string };
    };
    // gone (deleted, skipped without a read), tool (1 version), weather (3): two packs, four versions of six.
    expect(page.metadata.count).toBe(4);
    expect(page.metadata.nextCursor).toBeDefined();
  });

  it('sends CORS, the build ETag and 304, answers preflights, serves our own files', async () => {
    const url = new URL('v0.1/servers?limit=1', fixture.server.url);
    const first = await fetch(url);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('etag')).toBe(`W/"${fixture.buildId}"`);
    const again = await fetch(url, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://vscode.dev', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    const index = await fetch(new URL('v0/servers/_changes/index.json', fixture.server.url));
    const feed = (await index.json()) as { buildId: string; snapshot: string };
    expect(feed.buildId).toBe(fixture.buildId);
    const snapshot = await fetch(
      new URL(feed.snapshot, new URL('v0.1/servers/_changes/index.json', fixture.server.url)),
    );
    expect(((await snapshot.json()) as { servers: unknown[] }).servers).toHaveLength(fixture.records.length);
    expect((await fetch(new URL('_edge/manifest.json', fixture.server.url))).status).toBe(404);
  });
});

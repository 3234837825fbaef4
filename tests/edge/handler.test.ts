/**
 * The request handler in-process over real builds of real git repositories, against the oracle of the official
 * semantics: every list parameter and error, cursor walks, search, deleted handling, both name spellings and
 * both prefixes; our own files byte-identical to the static build's; CORS, ETag, HEAD and the problem bodies.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../scripts/bench/generate.ts';
import { loadConfig } from '../../scripts/config/config.ts';
import type { ServerRecord } from '../../scripts/core/types.ts';
import { planEdge } from '../../scripts/edge/build.ts';
import { createHandler, type Handler, type HandlerOptions } from '../../scripts/edge/handler.ts';
import { MANIFEST_KEY } from '../../scripts/edge/format.ts';
import type { EdgeLayout } from '../../scripts/edge/layout.ts';
import { memoryStorage } from '../../scripts/edge/storage.ts';
import { buildInto } from '../api/build-helpers.ts';
import type { GitRepo } from '../api/fixture.ts';
import { NAMES, makeRegistry } from '../api/registry-fixture.ts';
import { checkListQueries, checkServers, checkWalks, type Fetch, listQueries, walkFilters } from './cases.ts';

interface Built {
  dir: string;
  dist: string;
  records: ServerRecord[];
  layout: EdgeLayout;
}

async function build(dir: string, packServers?: number): Promise<Built> {
  const { outDir, result } = await buildInto(dir);
  const planned = await planEdge({ root: dir, config: loadConfig(dir, {}), ...(packServers ? { packServers } : {}) });
  if (!planned.layout) throw new Error(JSON.stringify(planned.problems));
  expect(planned.layout.manifest.buildId).toBe(result.manifest!.buildId);
  return { dir, dist: outDir, records: result.records, layout: planned.layout };
}

function fetcher(h: Handler): Fetch {
  return async (path) => {
    const r = await h(new Request(`http://edge.test/${path}`));
    return { status: r.status, body: await r.text(), headers: r.headers };
  };
}

const handlerFor = (b: Built, o: HandlerOptions = {}) => createHandler(memoryStorage(b.layout.objects), o);

let repo: GitRepo;
let fixture: Built;
let generated: Built;
const generatedDir = mkdtempSync(join(tmpdir(), 'edge-generated-'));

beforeAll(async () => {
  repo = makeRegistry();
  fixture = await build(repo.dir, 2);
  await generateRegistry({ dir: generatedDir, servers: 120, versions: 400, seed: 5, days: 40 });
  generated = await build(generatedDir, 3);
});
afterAll(() => {
  repo?.remove();
  for (const d of [generatedDir, fixture?.dist, generated?.dist]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('the handler against the oracle', () => {
  it('answers every list parameter, alone and combined, exactly as the official registry (fixture)', async () => {
    const fetch = fetcher(handlerFor(fixture, { maxPackReads: Number.POSITIVE_INFINITY }));
    expect(await checkListQueries(fetch, fixture.records, listQueries(fixture.records, 400))).toBeGreaterThan(500);
  });

  it('answers every list parameter exactly as the official registry (generated, many packs)', async () => {
    expect(generated.layout.manifest.counts.packs).toBeGreaterThan(20);
    const fetch = fetcher(handlerFor(generated, { maxPackReads: Number.POSITIVE_INFINITY }));
    await checkListQueries(fetch, generated.records, listQueries(generated.records, 600, 2));
  });

  it('cursor walks visit every selected version exactly once, also when pages stop at the pack-read cap', async () => {
    for (const b of [fixture, generated]) {
      const filters = [...walkFilters(b.records), new URLSearchParams({ version: 'latest', search: 'e' })];
      for (const maxPackReads of [Number.POSITIVE_INFINITY, 2, 1]) {
        const fetch = fetcher(handlerFor(b, { maxPackReads }));
        expect(await checkWalks(fetch, b.records, filters, [1, 2, 7, 100])).toBe(24);
      }
    }
  });

  it('answers versions, latest and each version by either name spelling, hiding deleted ones unless asked', async () => {
    const fetch = fetcher(handlerFor(fixture));
    expect(await checkServers(fetch, fixture.records)).toBeGreaterThan(100);
    await checkServers(fetcher(handlerFor(generated)), generated.records);
    // A server whose every version is deleted is gone from the default views, present with include_deleted.
    const gone = encodeURIComponent(NAMES.gone);
    expect((await fetch(`v0.1/servers/${gone}/versions/latest`)).status).toBe(404);
    expect((await fetch(`v0.1/servers/${gone}/versions`)).status).toBe(404);
    expect((await fetch(`v0.1/servers/${gone}/versions/latest?include_deleted=true`)).status).toBe(200);
    const list = JSON.parse((await fetch('v0.1/servers?limit=100')).body) as { servers: ServerRecord[] };
    expect(list.servers.some((r) => r.server.name === NAMES.gone)).toBe(false);
    const since = JSON.parse((await fetch('v0.1/servers?updated_since=2026-04-05T00:00:00Z')).body) as {
      servers: ServerRecord[];
    };
    expect(since.servers.filter((r) => r.server.name === NAMES.gone)).toHaveLength(2);
  });

  it('serves each record byte for byte as the static build writes it', async () => {
    const fetch = fetcher(handlerFor(fixture));
    for (const r of fixture.records) {
      const file = join(fixture.dist, 'v0.1/servers', r.server.name, 'versions', `${r.server.version}.json`);
      if (!existsSync(file)) continue;
      const reply = await fetch(
        `v0.1/servers/${encodeURIComponent(r.server.name)}/versions/${encodeURIComponent(r.server.version)}?include_deleted=true`,
      );
      expect(reply.body).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('serves the feed, the snapshot and the OpenAPI document at their paths, byte for byte, under both prefixes', async () => {
    for (const b of [fixture, generated]) {
      const fetch = fetcher(handlerFor(b));
      const index = JSON.parse(readFileSync(join(b.dist, 'v0.1/servers/_changes/index.json'), 'utf8')) as {
        days: Array<{ path: string }>;
        snapshot: string;
      };
      const files = [
        'servers/_changes/index.json',
        ...index.days.map((d) => `servers/_changes/${d.path}`),
        `servers/_changes/${index.snapshot}`.replace('_changes/../', ''),
        'openapi.json',
      ];
      for (const f of files) {
        for (const prefix of ['v0.1', 'v0']) {
          const reply = await fetch(`${prefix}/${f}`);
          expect(reply.status, f).toBe(200);
          expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
          expect(reply.body, f).toBe(readFileSync(join(b.dist, 'v0.1', f), 'utf8'));
        }
      }
      const manifest = JSON.parse((await fetch('v0.1/_build.json')).body) as { buildId: string; prefixes: string[] };
      expect(manifest.buildId).toBe(b.layout.manifest.buildId);
      expect(manifest.prefixes).toEqual(['v0.1', 'v0']);
    }
  });
});

describe('HTTP behaviour', () => {
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type',
  };
  const headersOf = (r: Response) => {
    const out: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      out[k] = v;
    });
    return out;
  };

  it('puts CORS headers on every answer and answers preflights', async () => {
    const h = handlerFor(fixture);
    const answers = await Promise.all([
      h(new Request('http://edge.test/v0.1/servers')),
      h(new Request('http://edge.test/v0.1/servers?limit=0')),
      h(new Request('http://edge.test/v0.1/servers?updated_since=x')),
      h(new Request('http://edge.test/v0.1/servers/a%2Fb/versions')),
      h(new Request('http://edge.test/nowhere')),
      h(new Request('http://edge.test/v0.1/servers', { method: 'POST', body: '{}' })),
      h(new Request('http://edge.test/v0.1/servers/_changes/index.json')),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 422, 400, 404, 404, 405, 200]);
    for (const r of answers) expect(headersOf(r)).toMatchObject(cors);
    expect(answers[5]!.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    for (const r of answers.slice(1, 6)) {
      expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const body = (await r.json()) as Record<string, unknown>;
      expect(Object.keys(body).slice(0, 3)).toEqual(['title', 'status', 'detail']);
      expect(body.status).toBe(r.status);
    }
    const preflight = await h(
      new Request('http://edge.test/v0.1/servers?limit=50&version=latest', {
        method: 'OPTIONS',
        headers: { Origin: 'https://vscode.dev', 'Access-Control-Request-Method': 'GET' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(headersOf(preflight)).toMatchObject({ ...cors, 'access-control-max-age': '86400' });
  });

  it('sends Cache-Control and a per-build ETag, answers 304 to it and HEAD without a body', async () => {
    const h = handlerFor(fixture);
    const etag = `W/"${fixture.layout.manifest.buildId}"`;
    const first = await h(new Request('http://edge.test/v0.1/servers?limit=1'));
    expect(first.headers.get('etag')).toBe(etag);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const again = await h(new Request('http://edge.test/v0.1/servers?limit=1', { headers: { 'If-None-Match': etag } }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    const other = await h(
      new Request('http://edge.test/v0.1/servers?limit=1', { headers: { 'If-None-Match': '"x"' } }),
    );
    expect(other.status).toBe(200);
    const head = await h(new Request('http://edge.test/v0.1/servers', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 404 problem JSON for paths that are not the API, and never exposes the layout objects', async () => {
    const fetch = fetcher(handlerFor(fixture));
    const misses = [
      '',
      'v0.1',
      'v0.1/',
      'v0.1/servers/',
      'v2/servers',
      'v0.1/servers/com.example%2Ftool',
      'v0.1/servers/a/b/c/versions',
      'v0.1/servers/com.example%2Ftool/versions/',
      '_edge/manifest.json',
      `v0.1/${fixture.layout.manifest.catalog}`,
      'v0.1/servers/_page/latest/2/1.json',
    ];
    for (const m of misses) {
      const reply = await fetch(m);
      expect(reply.status, m).toBe(404);
      expect(JSON.parse(reply.body)).toMatchObject({ title: 'Not Found', status: 404 });
    }
    expect((await fetch('v0.1/servers/%E0%A4%A/versions')).status).toBe(400);
  });

  it('serves under a base path', async () => {
    const fetch = fetcher(handlerFor(fixture, { basePath: '/registry' }));
    expect((await fetch('registry/v0.1/servers')).status).toBe(200);
    expect((await fetch('v0.1/servers')).status).toBe(404);
  });

  it('reads a cursor whose `+` a client left unencoded in the query string', async () => {
    const fetch = fetcher(handlerFor(fixture));
    const all = JSON.parse((await fetch('v0.1/servers?limit=100&include_deleted=true')).body) as {
      servers: ServerRecord[];
    };
    const at = all.servers.findIndex((r) => r.server.version === '1.0.1+build.5');
    const raw = `v0.1/servers?limit=100&include_deleted=true&cursor=${NAMES.weather}:1.0.1+build.5`;
    const after = JSON.parse((await fetch(raw)).body) as { servers: ServerRecord[] };
    expect(after.servers.map((r) => r.server.version)).toEqual(all.servers.slice(at + 1).map((r) => r.server.version));
  });

  it('answers a failed read with a 500 and reads again on the next request', async () => {
    const objects = memoryStorage(fixture.layout.objects);
    const failing = new Set([MANIFEST_KEY, fixture.layout.manifest.search]);
    const h = createHandler({
      get: async (key) => {
        if (failing.delete(key)) throw new Error('storage hiccup');
        return objects.get(key);
      },
    });
    const get = async (path: string) => (await h(new Request(`http://edge.test/${path}`))).status;
    expect(await get('v0.1/servers')).toBe(500);
    expect(await get('v0.1/servers')).toBe(200);
    expect(await get('v0.1/servers?search=weather')).toBe(500);
    expect(await get('v0.1/servers?search=weather')).toBe(200);
  });

  it('refuses a layout it cannot read with a 500 problem, not a crash', async () => {
    const h = createHandler(memoryStorage(new Map()));
    const r = await h(new Request('http://edge.test/v0.1/servers'));
    expect(r.status).toBe(500);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await r.json()) as { detail: string }).detail).toMatch(/edge layout cannot be read/);
  });
});

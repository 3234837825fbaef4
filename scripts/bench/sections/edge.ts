/**
 * The edge (issue 10 §2, §5): the layout's build time, files and bytes a first deploy uploads (medium and large),
 * the objects a one-server change alters (medium), and request latency per endpoint in workerd (medium): the real
 * Worker bundled by wrangler, the layout as its static assets, requests over loopback HTTP.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig } from '../../config/config.ts';
import { buildEdge } from '../../edge/build.ts';
import { startEdgeServer } from '../../edge/dev.ts';
import { createHandler } from '../../edge/handler.ts';
import { folderStorage } from '../../edge/storage.ts';
import { ASSETS_DIR } from '../../edge/write.ts';
import { FREE_FILE_LIMIT } from '../../edge/deploy.ts';
import { appendChanges } from '../generate.ts';
import { median } from '../measure.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

interface Args {
  root: string;
  out: string;
}

/** The task: validate, history, records, static plan, then the edge layout planned and written. */
export async function buildEdgeTask({ root, out }: Args): Promise<TaskResult> {
  const r = await buildEdge({ root, outDir: out, config: loadConfig(root, {}) });
  if (!r.write) throw new Error(`edge build failed with ${r.problems.length} problems`);
  const stage = (s: string) => r.stages.find((x) => x.stage === s)?.ms ?? 0;
  let largest = 0;
  for (const bytes of r.layout!.objects.values()) largest = Math.max(largest, bytes.byteLength);
  return {
    files: r.write.files,
    bytes: r.write.bytes,
    packs: r.layout!.manifest.counts.packs,
    largest,
    layoutMs: stage('edge') + stage('write'),
    staticMs: stage('validate') + stage('history') + stage('records') + stage('plan'),
  };
}

/**
 * What an isolate holds once warm: the handler over the built layout answers a list, a search and a lookup
 * (catalog and search index parsed, packs cached), and the V8 heap grows by this much. Same engine as workerd.
 */
export async function handlerHeapTask({ out }: { out: string }): Promise<TaskResult> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const handler = createHandler(folderStorage(join(out, ASSETS_DIR)));
  const get = async (path: string) => (await handler(new Request(`http://edge.local/${path}`))).text();
  const page = JSON.parse(await get('v0.1/servers?limit=100')) as { servers: Array<{ server: { name: string } }> };
  await get('v0.1/servers?limit=50&version=latest&search=data');
  for (const s of page.servers.slice(0, 20)) await get(`v0.1/servers/${encodeURIComponent(s.server.name)}/versions`);
  gc();
  return { heapBytes: process.memoryUsage().heapUsed - before, keep: handler.length };
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const task = import.meta.url;

  // Build time, files and bytes, at 30,000 and 100,000 versions.
  for (const size of [ctx.sizes.medium, ctx.sizes.large]) {
    const reg = await ctx.registry(size);
    ctx.log(`edge build ${ctx.label(size)}`);
    const m = await ctx.measure({
      module: task,
      export: 'buildEdgeTask',
      args: { root: reg.dir, out: join(ctx.scratch, `edge-${size.versions}`) },
    });
    const layoutMs = median(m.runs.map((r) => Number(r.result.layoutMs)));
    const files = Number(m.result.files);
    rows.push({
      benchmark: 'edge layout: build (plan + write) and first upload',
      size: ctx.label(size),
      medianMs: layoutMs,
      peakRssBytes: m.maxRssBytes,
      files,
      bytes: Number(m.result.bytes),
      runs: m.runs.length,
      goal: `≤ ${FREE_FILE_LIMIT.toLocaleString('en-US')} files, each ≤ 25 MiB`,
      ok: files <= FREE_FILE_LIMIT && Number(m.result.largest) <= 25 * 1024 * 1024,
      extra: {
        packs: Number(m.result.packs),
        'largest object': Number(m.result.largest),
        'validate…plan': `${(median(m.runs.map((r) => Number(r.result.staticMs))) / 1000).toFixed(2)} s`,
      },
      note: 'time = edge layout only (the static build already validates, reads history and plans); RSS is the whole process',
    });
  }

  // One server publishes a version: which objects differ (what wrangler uploads again).
  const medium = await ctx.registry(ctx.sizes.medium);
  const copy = await ctx.copyRegistry(medium, join(ctx.scratch, 'repo'));
  const out = join(ctx.scratch, 'churn');
  const config = loadConfig(copy.dir, {});
  ctx.log('churn: build, one server publishes a version, build again in place');
  const before = await buildEdge({ root: copy.dir, outDir: out, config });
  const keys = new Set(before.layout!.objects.keys());
  await appendChanges(copy, { commits: 1, servers: 1, seed: 3 });
  const after = await buildEdge({ root: copy.dir, outDir: out, config });
  const changed = [...after.layout!.objects].filter(([k]) => !keys.has(k) || k === '_edge/manifest.json');
  const share = changed.length / after.layout!.objects.size;
  rows.push({
    benchmark: 'edge: objects changed by a one-server change',
    size: ctx.label(ctx.sizes.medium),
    files: changed.length,
    bytes: changed.reduce((a, [, b]) => a + b.byteLength, 0),
    goal: '≤ 1 % of objects',
    ok: share <= 0.01,
    extra: {
      objects: after.layout!.objects.size,
      share: `${(share * 100).toFixed(2)} %`,
      kinds: changed.map(([k]) => k.split('/')[1]).join(' '),
    },
    note: 'files/bytes = objects a deploy uploads again (content-addressed; the manifest always)',
  });

  // Latency per endpoint in workerd.
  ctx.log('latency: serving the medium build in workerd');
  const server = await startEdgeServer({ dir: join(ctx.scratch, `edge-${ctx.sizes.medium.versions}`), port: 0 });
  try {
    const get = async (path: string): Promise<{ ms: number; body: string }> => {
      const start = performance.now();
      const res = await fetch(new URL(path, server.url));
      const body = await res.text();
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - start, body };
    };
    const cold = (await get('v0.1/servers?limit=1')).ms;
    const coldSearch = (await get('v0.1/servers?limit=50&version=latest&search=zz')).ms;
    // Names and cursors to draw from, by walking the list once.
    const names: string[] = [];
    const cursors: string[] = [];
    for (let cursor = ''; ; ) {
      const page = JSON.parse((await get(`v0.1/servers?limit=100&version=latest${cursor}`)).body) as {
        servers: Array<{ server: { name: string; version: string } }>;
        metadata: { nextCursor?: string };
      };
      names.push(...page.servers.map((s) => s.server.name));
      if (!page.metadata.nextCursor) break;
      cursors.push(page.metadata.nextCursor);
      cursor = `&cursor=${encodeURIComponent(page.metadata.nextCursor)}`;
    }
    let seed = 17;
    const random = <T>(xs: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return xs[seed % xs.length]!;
    };
    const words = names.map((n) => n.split('/')[1]!.slice(0, 5));
    const since = new Date(Date.parse('2026-05-01T00:00:00Z') - 7 * 86_400_000).toISOString();
    const enc = encodeURIComponent;
    const endpoints: Array<[string, () => string]> = [
      ['probe ?limit=1', () => 'v0.1/servers?limit=1'],
      ['list limit=50&version=latest', () => 'v0.1/servers?limit=50&version=latest'],
      ['list … &cursor (any page)', () => `v0.1/servers?limit=50&version=latest&cursor=${enc(random(cursors))}`],
      ['list limit=100 (all versions)', () => `v0.1/servers?limit=100&cursor=${enc(random(cursors))}`],
      ['search limit=50&version=latest', () => `v0.1/servers?limit=50&version=latest&search=${enc(random(words))}`],
      ['updated_since (last 7 days)', () => `v0.1/servers?limit=100&updated_since=${since}`],
      ['versions/latest (%2F name)', () => `v0.1/servers/${enc(random(names))}/versions/latest`],
      ['versions (nested name)', () => `v0.1/servers/${random(names)}/versions`],
    ];
    const n = ctx.quick ? 20 : 300;
    for (const [label, url] of endpoints) {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) ms.push((await get(url())).ms);
      const p95 = percentile(ms, 95);
      const isListOrSearch = label.startsWith('list') || label.startsWith('search') || label.startsWith('probe');
      rows.push({
        benchmark: `edge GET ${label}`,
        size: ctx.label(ctx.sizes.medium),
        medianMs: percentile(ms, 50),
        runs: n,
        goal: isListOrSearch ? 'p95 ≤ 50 ms' : 'p95 ≤ 50 ms (no stated goal)',
        ok: p95 <= 50,
        extra: {
          p50: `${percentile(ms, 50).toFixed(1)} ms`,
          p95: `${p95.toFixed(1)} ms`,
          max: `${Math.max(...ms).toFixed(1)} ms`,
        },
      });
    }
    const load = loadavg()[0]!;
    const heap = await ctx.measure(
      {
        module: task,
        export: 'handlerHeapTask',
        args: { out: join(ctx.scratch, `edge-${ctx.sizes.medium.versions}`) },
      },
      { runs: 1 },
    );
    const heapBytes = Number(heap.result.heapBytes);
    rows.push({
      benchmark: 'edge: first requests after start (cold isolate)',
      size: ctx.label(ctx.sizes.medium),
      medianMs: cold,
      goal: 'warm isolate heap well inside 128 MB',
      ok: heapBytes < 48 * 1024 * 1024,
      extra: {
        'warm heap (V8, handler state)': `${(heapBytes / 2 ** 20).toFixed(1)} MB`,
        'first list': `${cold.toFixed(1)} ms`,
        'first search': `${coldSearch.toFixed(1)} ms`,
        'machine load (1 min)': load.toFixed(1),
      },
      note: 'cold = first requests after workerd starts (worker compiled, catalog then search index read and parsed); latencies go through wrangler dev’s local proxy',
    });
  } finally {
    await server.close();
  }
  return rows;
}

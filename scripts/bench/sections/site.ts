/**
 * The search site (issue 5 §5): the site build for 1,000 and 10,000 servers (wall time, peak RSS of the build and
 * of its `astro build` child, pages), the search index's bytes raw and gzip per 1,000 servers, and in Chromium at
 * 10,000 servers: the time to fetch and load the index and the p95 latency over a fixed query set.
 * Goals: 10,000 servers ≤ 60 s, index ≤ 1.5 MB gzip, p95 ≤ 30 ms.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildRegistry } from '../../build/pipeline.ts';
import { loadConfig } from '../../config/config.ts';
import type { ServerRecord } from '../../core/types.ts';
import { buildSite } from '../../site/build-site.ts';
import { ChromiumNotFound, launchChromium } from '../../site/chromium.ts';
import { startPreview } from '../../preview/server.ts';
import { WORDS } from '../catalogue.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

/** What the site's search script exposes for measurement (site/src/scripts/search.ts). */
type SearchWindow = {
  __registrySearch: {
    load(): Promise<{
      search(s: { q: string; types: string[]; kinds: string[]; ns: string; status: string }): unknown[];
    }>;
  };
};

/** Setup (child process, not a figure): the records of a generated registry, as the API build makes them. */
export async function prepareRecords({
  root,
  out,
  records,
}: {
  root: string;
  out: string;
  records: string;
}): Promise<TaskResult> {
  rmSync(out, { recursive: true, force: true });
  const result = await buildRegistry({ root, outDir: out, config: loadConfig(root, {}), site: false });
  if (!result.ok) throw new Error(`build failed with ${result.problems.length} problems`);
  writeFileSync(records, JSON.stringify(result.records));
  rmSync(out, { recursive: true, force: true });
  return { versions: result.records.length };
}

/** The measured task: the site build alone (model, search index, astro build, move into dist/). */
export async function buildSiteTask({
  root,
  out,
  records,
}: {
  root: string;
  out: string;
  records: string;
}): Promise<TaskResult> {
  rmSync(out, { recursive: true, force: true });
  const list = JSON.parse(readFileSync(records, 'utf8')) as ServerRecord[];
  const result = await buildSite({ root, outDir: out, config: loadConfig(root, {}), records: list, basePath: '/' });
  const index = readFileSync(join(out, result.assets.searchIndex!));
  return {
    files: result.pages,
    pages: result.pages,
    astroMs: result.stats.astroMs,
    astroPeakRssBytes: result.stats.astroPeakRssBytes,
    indexRaw: index.byteLength,
    indexGzip: gzipSync(index).byteLength,
    indexedServers: result.stats.indexedServers,
    indexPath: result.assets.searchIndex!,
  };
}

/** A fixed query set: topics, verbs and objects of the generated descriptions, prefixes, typos, identifiers. */
export function querySet(): string[] {
  const topics = WORDS.slice(0, 16);
  return [
    ...topics,
    ...topics.slice(0, 8).map((w) => w.slice(0, 3)),
    'databse',
    'serch',
    'calender',
    'githb',
    'postgre',
    'query records',
    'search documents',
    'monitor metrics',
    'sync messages',
    'manage issues',
    'io.github',
    'mcp server',
    '@modelcontextprotocol',
    'docker.io',
    'api key',
    'natural language',
    'real time',
    'fine-grained permissions',
    'weather github',
    'x',
  ];
}

interface BrowserFigures {
  loadMs: number;
  p50: number;
  p95: number;
  queries: number;
}

/** In Chromium against the preview: time to fetch + load the index, then each query of the set timed in the page. */
async function measureInBrowser(dir: string, repeats: number): Promise<BrowserFigures> {
  const { browser } = await launchChromium();
  const preview = await startPreview({ dir });
  try {
    const page = await browser.newPage();
    await page.goto(preview.url);
    await page.waitForFunction(() => (window as unknown as SearchWindow).__registrySearch);
    const figures = await page.evaluate(
      async ({ queries, repeats }) => {
        const t0 = performance.now();
        const engine = await (window as unknown as SearchWindow).__registrySearch.load();
        const loadMs = performance.now() - t0;
        const times: number[] = [];
        for (let r = 0; r < repeats; r++) {
          for (const q of queries) {
            const s = performance.now();
            engine.search({ q, types: [], kinds: [], ns: '', status: '' });
            times.push(performance.now() - s);
          }
        }
        times.sort((a, b) => a - b);
        const at = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
        return { loadMs, p50: at(0.5), p95: at(0.95), queries: times.length };
      },
      { queries: querySet(), repeats },
    );
    return figures;
  } finally {
    await browser.close();
    await preview.close();
  }
}

const MB = 1024 * 1024;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const sizes = [ctx.sizes.small, ctx.sizes.medium];
  for (const [n, size] of sizes.entries()) {
    const reg = await ctx.registry(size);
    const records = join(ctx.scratch, `records-${size.servers}.json`);
    const out = join(ctx.scratch, `dist-${size.servers}`);
    ctx.log(`site: records for ${ctx.label(size)}`);
    await ctx.measure(
      {
        module: import.meta.url,
        export: 'prepareRecords',
        args: { root: reg.dir, out: join(ctx.scratch, 'api'), records },
      },
      { runs: 1 },
    );
    ctx.log(`site: building the site for ${ctx.label(size)}`);
    const m = await ctx.measure({
      module: import.meta.url,
      export: 'buildSiteTask',
      args: { root: reg.dir, out, records },
    });
    const r = m.result;
    const astroRss = Number(r.astroPeakRssBytes ?? 0);
    const big = n === sizes.length - 1;
    const row = ctx.row(
      {
        benchmark: 'site build (pages + search index)',
        size: ctx.label(size),
        goal: big ? { maxMs: 60_000 } : undefined,
        extra: { pages: Number(r.pages), astroMs: Number(r.astroMs), astroPeakRssMB: Math.round(astroRss / MB) },
      },
      m,
    );
    row.note = `peak RSS = max(build process, astro child ${Math.round(astroRss / MB)} MB)`;
    row.peakRssBytes = Math.max(row.peakRssBytes ?? 0, astroRss);
    rows.push(row);

    const per1k = (b: number): number => Math.round((b * 1000) / Math.max(1, Number(r.indexedServers)));
    const gzip = Number(r.indexGzip);
    rows.push({
      benchmark: 'search index bytes',
      size: ctx.label(size),
      bytes: Number(r.indexRaw),
      goal: big ? 'gzip ≤ 1.5 MB' : undefined,
      ok: big ? gzip <= 1.5 * MB : undefined,
      extra: {
        rawBytes: Number(r.indexRaw),
        gzipBytes: gzip,
        rawPer1000: per1k(Number(r.indexRaw)),
        gzipPer1000: per1k(gzip),
      },
    });

    if (big) {
      ctx.log('site: index load and query latency in Chromium');
      const f = await measureInBrowser(out, ctx.quick ? 1 : 5).catch((err: unknown) => {
        if (err instanceof ChromiumNotFound) return err;
        throw err;
      });
      if (f instanceof ChromiumNotFound) {
        rows.push({ benchmark: 'search in Chromium', size: ctx.label(size), note: f.message });
      } else {
        rows.push({
          benchmark: 'search in Chromium: index load, p95 query',
          size: ctx.label(size),
          medianMs: Math.round(f.loadMs),
          goal: 'p95 ≤ 30 ms',
          ok: f.p95 <= 30,
          extra: {
            indexLoadMs: Math.round(f.loadMs),
            p50Ms: Number(f.p50.toFixed(2)),
            p95Ms: Number(f.p95.toFixed(2)),
            queries: f.queries,
          },
          note: 'medianMs = time to fetch and load the index',
        });
      }
    }
    rmSync(records, { force: true });
  }
  return rows;
}

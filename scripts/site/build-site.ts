/**
 * Builds the search site into the API's `dist/`: the records are grouped for the pages (model.ts), the search index
 * is written under a content-hashed name, and Astro builds `site/` in child processes (astro-process.ts) into a work
 * folder (`SITE_WORK_DIR` inside the output folder) whose files then move in (move-in.ts). The API's files are never
 * touched: the site owns no path under /v0 or /v0.1, and any other file that already exists and is not the site's own
 * is kept.
 *
 * The build's order: `startSite` starts the Astro processes at once (Node, Astro and Vite's bundle of the site take a
 * couple of seconds, spent while the caller validates the tree); they wait for the data file, which `finish` writes
 * once the records exist; the pages move in once `beforeMove` settles (the API's files are written).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryConfig } from '../config/config.ts';
import { normalizeBasePath } from '../core/base-path.ts';
import type { ServerRecord } from '../core/types.ts';
import { OFFICIAL_META_KEY } from '../core/types.ts';
import { SITE_WORK_DIR } from '../core/url-layout.ts';
import { cleanEnv, startAstro, type AstroProcess } from './astro-process.ts';
import { listed, namespaceShards, namespaces, siteServers } from './model.ts';
import type { SiteServer } from './model.ts';
import { moveIn, moveShardIn } from './move-in.ts';
import { BATCH_SIZE, batchKey } from './page-batches.ts';
import { buildSearchIndex } from './search-index.ts';
import type { SiteData } from './site-data.ts';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * From this many servers, on a machine with cores to spare, the site renders in two Astro processes: each costs ~2 s
 * of CPU to start and bundle, while a page costs ~0.7 ms, so below this one process is as fast.
 */
export const SHARD_FROM = 3_000;
/**
 * Cores a second Astro process needs: the API's writer takes two threads while the site renders, so with fewer than
 * four cores a second process only competes (measured on two cores: the same wall time, 20 % more CPU).
 */
const SHARD_CORES = 4;

export interface SiteOptions {
  root: string;
  outDir: string;
  config: RegistryConfig;
  basePath: string;
  /** Servers per no-JavaScript list page (default 100). */
  pageSize?: number;
  /**
   * Astro processes rendering side by side, each a share of the namespaces (default: 2 when `servers/` holds
   * `SHARD_FROM` servers or more and the machine has `SHARD_CORES` cores or more, else 1).
   */
  processes?: number;
  /** Server and namespace pages per Astro page (default `BATCH_SIZE`; 0: one Astro page each, as `astro dev` renders them). */
  batch?: number;
}

export interface BuildSiteOptions extends SiteOptions {
  records: ServerRecord[];
  /** Settles when the output folder may take the pages (the API's files are written); a rejection stops the site. */
  beforeMove?: Promise<unknown>;
}

export interface BuildSiteResult {
  pages: number;
  assets: Record<string, string>;
  /** Figures for reports and the benchmark. */
  stats: {
    /** From the processes' start until the last one finished. */
    astroMs: number;
    moveMs: number;
    /** The largest of the Astro processes. */
    astroPeakRssBytes: number;
    processes: number;
    indexBytes: number;
    indexedServers: number;
  };
}

/** A site build under way: its Astro processes started, waiting for the records. */
export interface SiteBuild {
  /** Hands the records over; the pages move in once `beforeMove` settles. Stops the processes if anything fails. */
  finish(records: ServerRecord[], beforeMove?: Promise<unknown>): Promise<BuildSiteResult>;
  /** The build stopped before `finish`: stop the processes, remove the work folder (and the output folder if the
   * build created it and it is empty). Safe to call more than once, and after `finish`. */
  abort(): Promise<void>;
}

function newest(records: ServerRecord[]): string {
  let max = '';
  for (const r of records) {
    const m = r._meta[OFFICIAL_META_KEY];
    if (m.updatedAt > max) max = m.updatedAt;
    if (m.publishedAt > max) max = m.publishedAt;
  }
  return max || '1970-01-01T00:00:00Z';
}

export function siteData(
  opts: SiteOptions,
  records: ServerRecord[],
  servers: SiteServer[],
  searchIndex: { path: string; docs: number },
  shardOf: Record<string, number> = {},
): SiteData {
  const c = opts.config;
  return {
    config: {
      siteTitle: c.siteTitle,
      siteDescription: c.siteDescription,
      baseUrl: c.baseUrl,
      repositoryUrl: c.repositoryUrl,
      defaultBranch: c.defaultBranch,
      metaKey: c.metaKey,
    },
    servers,
    namespaces: namespaces(servers),
    searchIndex: searchIndex.path,
    searchCount: searchIndex.docs,
    pageSize: opts.pageSize ?? 100,
    asOf: newest(records),
    shardOf,
  };
}

/** Server folders under `servers/<namespace>/` (two directory listings: cheap next to a build). */
function serverFolders(root: string): number {
  const dir = join(root, 'servers');
  let n = 0;
  try {
    for (const ns of readdirSync(dir, { withFileTypes: true })) {
      if (ns.isDirectory())
        n += readdirSync(join(dir, ns.name), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    }
  } catch {
    return 0;
  }
  return n;
}

function defaultProcesses(root: string): number {
  return availableParallelism() >= SHARD_CORES && serverFolders(root) >= SHARD_FROM ? 2 : 1;
}

function originEnv(baseUrl: string): NodeJS.ProcessEnv {
  try {
    return { REGISTRY_SITE_ORIGIN: new URL(baseUrl).origin };
  } catch {
    return {};
  }
}

/** Starts the Astro processes; everything here is synchronous, so they run while the caller goes on. */
export function startSite(opts: SiteOptions): SiteBuild {
  const t0 = performance.now();
  const processes = Math.max(1, opts.processes ?? defaultProcesses(opts.root));
  const createdOutDir = !existsSync(opts.outDir);
  const work = join(opts.outDir, SITE_WORK_DIR);
  const modules = join(work, 'node_modules');
  const dataFile = join(work, 'site-data.json');
  const outs = Array.from({ length: processes }, (_, k) => join(work, `out-${k}`));
  let children: AstroProcess[] = [];
  let started: Error | undefined;
  try {
    mkdirSync(opts.outDir, { recursive: true });
    // Left by a build that was killed: its node_modules link goes first (see cleanUp).
    rmSync(modules, { force: true });
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    // Astro's intermediate bundle (out/.prerender/) imports packages: let it find this project's node_modules.
    symlinkSync(NODE_MODULES, modules, 'junction');
    const env = {
      ...cleanEnv(process.env),
      ASTRO_TELEMETRY_DISABLED: '1',
      // Astro writes each page with an async mkdir and writeFile, each a hand-off to libuv's thread pool. One pool
      // thread instead of four keeps them in order without four more threads contending for the cores the API
      // writer uses meanwhile (30,000 versions on two cores: 0.3 s less in each of four paired builds).
      UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '1',
      REGISTRY_SITE_DATA: dataFile,
      REGISTRY_SITE_BATCH: String(opts.batch ?? BATCH_SIZE),
      REGISTRY_SITE_BATCH_KEY: batchKey(),
      REGISTRY_SITE_BASE: normalizeBasePath(opts.basePath),
      ...originEnv(opts.config.baseUrl),
    };
    children = outs.map((out, k) =>
      startAstro(
        {
          ...env,
          REGISTRY_SITE_SHARD: String(k),
          REGISTRY_SITE_OUT: out,
          REGISTRY_SITE_CACHE: join(work, `cache-${k}`),
        },
        work,
      ),
    );
  } catch (e) {
    started = e as Error;
  }

  // Every process stops before the work folder goes; the first failure is the one reported.
  const allDone = async (): Promise<number[]> => {
    const results = await Promise.allSettled(children.map((c) => c.done));
    return results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
  };
  let cleaned: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      for (const c of children) c.kill();
      await Promise.allSettled(children.map((c) => c.done));
      // Unlink the node_modules link first, so removing the folder can never reach into the real node_modules.
      await unlink(modules).catch(() => undefined);
      await rm(work, { recursive: true, force: true });
    })());

  return {
    async finish(records, beforeMove) {
      try {
        if (started) throw started;
        const servers = siteServers(records, opts.config.metaKey);
        const index = buildSearchIndex(listed(servers));
        const data = siteData(opts, records, servers, index, namespaceShards(servers, processes));
        // Whole or not at all: the processes read it as soon as its name appears.
        writeFileSync(`${dataFile}.part`, JSON.stringify(data));
        renameSync(`${dataFile}.part`, dataFile);
        const peaks = await allDone();
        const t1 = performance.now();
        const first = outs[0]!;
        mkdirSync(join(first, 'search'), { recursive: true });
        writeFileSync(join(first, index.path), index.body);
        await beforeMove;
        const t2 = performance.now();
        let pages = await moveIn(first, opts.outDir);
        for (const other of outs.slice(1)) pages += await moveShardIn(other, opts.outDir);
        const stats = {
          astroMs: Math.round(t1 - t0),
          moveMs: Math.round(performance.now() - t2),
          astroPeakRssBytes: Math.max(...peaks),
          processes,
          indexBytes: Buffer.byteLength(index.body),
          indexedServers: index.docs,
        };
        return { pages, assets: { searchIndex: index.path }, stats };
      } finally {
        await cleanUp();
      }
    },
    async abort() {
      await cleanUp();
      if (createdOutDir) {
        try {
          rmdirSync(opts.outDir); // only if empty: nothing else was written
        } catch {
          // not empty or already gone: leave it
        }
      }
    },
  };
}

/** The whole site build in one call (tests and the site benchmark); the main build uses `startSite`. */
export function buildSite(opts: BuildSiteOptions): Promise<BuildSiteResult> {
  return startSite(opts).finish(opts.records, opts.beforeMove);
}

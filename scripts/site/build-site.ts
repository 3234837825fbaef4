/**
 * Builds the search site into the API's `dist/`: the records are grouped for the pages (model.ts), the search index
 * is written under a content-hashed name, and Astro builds `site/` in a child process into a temporary folder whose
 * files are then copied in. The API's files are never touched: the site owns no path under /v0 or /v0.1, and any
 * other file that already exists and is not the site's own is kept.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryConfig } from '../config/config.ts';
import { UserError } from '../core/errors.ts';
import { normalizeBasePath } from '../core/base-path.ts';
import { PREFIXES } from '../core/url-layout.ts';
import type { ServerRecord } from '../core/types.ts';
import { OFFICIAL_META_KEY } from '../core/types.ts';
import { listed, namespaces, siteServers } from './model.ts';
import type { SiteServer } from './model.ts';
import { buildSearchIndex } from './search-index.ts';
import type { SiteData } from './site-data.ts';

export const SITE_PROJECT = fileURLToPath(new URL('../../site/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const ASTRO_BUILD = fileURLToPath(new URL('./astro-build.ts', import.meta.url));

/** Top-level paths the site writes; anything else already in the output folder belongs to the API. */
export const SITE_OWNED = [
  'index.html',
  'browse',
  'server',
  'namespaces',
  'api',
  'add',
  'stats',
  'search',
  '_astro',
  'favicon.svg',
];
/** Paths the site must never write. */
const API_OWNED: readonly string[] = PREFIXES;

export interface BuildSiteOptions {
  root: string;
  outDir: string;
  config: RegistryConfig;
  records: ServerRecord[];
  basePath: string;
  /** Servers per no-JavaScript list page (default 100). */
  pageSize?: number;
}

export interface BuildSiteResult {
  pages: number;
  assets: Record<string, string>;
  /** Figures for reports and the benchmark. */
  stats: { astroMs: number; moveMs: number; astroPeakRssBytes: number; indexBytes: number; indexedServers: number };
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
  opts: BuildSiteOptions,
  servers: SiteServer[],
  searchIndex: string,
  searchCount: number,
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
    searchIndex,
    searchCount,
    pageSize: opts.pageSize ?? 100,
    asOf: newest(opts.records),
  };
}

/**
 * The parent's environment minus what a test runner or Vite parent puts there (BASE_URL, MODE, NODE_ENV=test…),
 * which Astro would otherwise pick up as its own settings.
 */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (
      ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'ASSETS_PREFIX', 'SITE'].includes(k) ||
      k.startsWith('VITEST') ||
      k.startsWith('VITE_')
    )
      continue;
    out[k] = v;
  }
  out.NODE_ENV = 'production';
  return out;
}

/** Peak resident memory of a running process so far (Linux: VmHWM), in bytes; 0 where unknown. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `astro build`; resolves with the child's peak RSS (sampled, for the benchmark). */
function runAstro(env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // cwd is the build's own temporary folder: Astro puts its intermediate `.prerender/` bundle under the output
    // folder only when that is inside cwd (else in site/.astro/, shared, and parallel builds would collide).
    const child = spawn(process.execPath, [ASTRO_BUILD, SITE_PROJECT], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 100);
    let output = '';
    const keep = (b: Buffer): void => {
      output = (output + b.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => {
      clearInterval(sampler);
      reject(e);
    });
    child.on('exit', () => (peak = Math.max(peak, peakRss(child.pid))));
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code === 0) resolve(peak);
      else reject(new Error(`The site build (astro build) failed with exit code ${code}:\n${output.trim()}`));
    });
  });
}

/**
 * HTML files under `dir`, its hidden top-level entries (Astro's `.prerender/`) left out. Synchronous: at 10,000 pages
 * an async walk takes two to three times as long.
 */
function htmlFiles(dir: string, top = true): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (top && entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) n += htmlFiles(join(dir, entry.name), false);
    else if (entry.name.endsWith('.html')) n++;
  }
  return n;
}

/**
 * Move the built site in, a whole top-level folder at a time (one rename per folder keeps 10,000 pages cheap;
 * the temporary folder sits inside the output folder so renames never cross file systems).
 * Returns the number of HTML pages.
 */
async function moveIn(from: string, to: string): Promise<number> {
  let pages = htmlFiles(from);
  for (const entry of await readdir(from)) {
    if (entry.startsWith('.')) continue; // Astro's intermediate files (.prerender/), never part of the site
    if (API_OWNED.includes(entry))
      throw new UserError(`The site build produced ${entry}/, the API's folder: remove that page from site/.`);
    const src = join(from, entry);
    const dest = join(to, entry);
    if (SITE_OWNED.includes(entry)) {
      await rm(dest, { recursive: true, force: true });
    } else if (existsSync(dest)) {
      // Not the site's: the API's file (404.html, _redirects, …) wins.
      if (entry.endsWith('.html')) pages--;
      continue;
    }
    await rename(src, dest);
  }
  return pages;
}

export async function buildSite(opts: BuildSiteOptions): Promise<BuildSiteResult> {
  const servers = siteServers(opts.records, opts.config.metaKey);
  const index = buildSearchIndex(listed(servers));
  const data = siteData(opts, servers, index.path, index.docs);
  await mkdir(opts.outDir, { recursive: true });
  const tmp = await mkdtemp(join(opts.outDir, '.site-build-'));
  try {
    // Astro's intermediate bundle (out/.prerender/) imports packages: let it find this project's node_modules.
    await symlink(NODE_MODULES, join(tmp, 'node_modules'), 'junction');
    const dataFile = join(tmp, 'site-data.json');
    await writeFile(dataFile, JSON.stringify(data));
    const out = join(tmp, 'out');
    let origin: string | undefined;
    try {
      origin = new URL(opts.config.baseUrl).origin;
    } catch {
      origin = undefined;
    }
    const t0 = performance.now();
    const astroPeakRssBytes = await runAstro(
      {
        ...cleanEnv(process.env),
        ASTRO_TELEMETRY_DISABLED: '1',
        REGISTRY_SITE_DATA: dataFile,
        REGISTRY_SITE_BASE: normalizeBasePath(opts.basePath),
        REGISTRY_SITE_OUT: out,
        REGISTRY_SITE_CACHE: join(tmp, 'cache'),
        ...(origin ? { REGISTRY_SITE_ORIGIN: origin } : {}),
      },
      tmp,
    );
    await mkdir(join(out, 'search'), { recursive: true });
    await writeFile(join(out, index.path), index.body);
    const t1 = performance.now();
    const pages = await moveIn(out, opts.outDir);
    const stats = {
      astroMs: Math.round(t1 - t0),
      moveMs: Math.round(performance.now() - t1),
      astroPeakRssBytes,
      indexBytes: Buffer.byteLength(index.body),
      indexedServers: index.docs,
    };
    return { pages, assets: { searchIndex: index.path }, stats };
  } finally {
    // Unlink the node_modules link first, so removing the folder can never reach into the real node_modules.
    await unlink(join(tmp, 'node_modules')).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

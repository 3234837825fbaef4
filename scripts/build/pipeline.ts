/**
 * The main job. The site's Astro process and git's read of the history start first and run on the other core while
 * the tree is validated; then the records are built, and the API is written under dist/ while the site renders its
 * pages (they move in once the API's files are written). Last, the served prefixes are decided from the size a host
 * would store (/v0 is left out when it would pass the host's limit), and the build manifest is written. Each stage is
 * timed for the summary table and the benchmark; stages overlap, so the build's own wall time is `totalMs`.
 * Validation errors stop everything, and nothing is left in dist/ (the site's work folder is removed, and dist/ too
 * if the build created it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bytesUnder, decidePrefixes } from '../api/host-size.ts';
import { assertSafeOutDir } from '../api/out-dir.ts';
import { OWN, PREFIXES, paths } from '../core/url-layout.ts';
import { manifestJson, planManifest, type BuildManifest } from '../api/manifest.ts';
import { prefixFiles, prefixFilesBytes, writeApi, writePrefixes } from '../api/write-api.ts';
import type { RegistryConfig } from '../config/config.ts';
import { countBySeverity, type Problem } from '../core/problem.ts';
import type { ServerRecord, VersionEntry } from '../core/types.ts';
import { readHistory } from '../history/git-log.ts';
import { buildRecords } from '../records/build-records.ts';
import { startSite } from '../site/build-site.ts';
import { runValidation } from '../validate/run.ts';

export interface BuildOptions {
  root: string;
  outDir: string;
  config: RegistryConfig;
  /** Skip validation and use these entries (benchmarks and tests of the later stages). */
  entries?: VersionEntry[];
  /** Run the site build (default true). */
  site?: boolean;
}

export interface StageTime {
  stage: string;
  ms: number;
}

export interface BuildResult {
  ok: boolean;
  /** Validation problems (errors stop the build; warnings are reported and the build goes on). */
  problems: Problem[];
  /** Files validated. */
  checkedFiles: number;
  stages: StageTime[];
  /** Wall time of the whole build (stages overlap: see the module comment). */
  totalMs: number;
  records: ServerRecord[];
  manifest?: BuildManifest;
  /** API files and their logical bytes (aliases counted as the files a host serves). */
  apiFiles: number;
  apiBytes: number;
  sitePages: number;
  /** Everything the host stores: API files (links counted as copies) and the site's. */
  servedBytes: number;
  /** What the host accepts (`siteSizeLimit`, 0 = no check). */
  sizeLimit: number;
  /** /v0 left out because with it the site would pass the limit (`serveV0: "auto"`). */
  droppedV0: boolean;
  /** First-parent commits dated before a commit beneath them: their times were raised to it. */
  raisedTimes: number;
  /** Things a maintainer should know that do not stop the build (the host's size limit). */
  warnings: string[];
  uncommitted: string[];
}

export async function buildRegistry(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root);
  const outDir = resolve(options.outDir);
  const { config } = options;
  const started = performance.now();
  const stages: StageTime[] = [];
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await work();
    stages.push({ stage, ms: performance.now() - start });
    return value;
  };
  assertSafeOutDir(root, outDir, 'dist/', 'a build');
  // The site's Astro processes start first: their start-up runs on the other core while the tree is validated, and
  // they wait for the records (site/build-site.ts). Any way out of this function but success stops them.
  const site =
    options.site === false
      ? undefined
      : startSite({ root, outDir, config, basePath: new URL(config.baseUrl).pathname });
  try {
    // Git reads the history while the tree is validated (it needs nothing from validation); `history` times the
    // wait for it after validation.
    const reading = readHistory(root);
    reading.catch(() => undefined); // awaited below, or dropped with the build
    let problems: Problem[] = [];
    let checkedFiles = 0;
    let entries: VersionEntry[] | undefined = options.entries;
    if (!entries) {
      const result = await timed('validate', () => runValidation({ root, config }));
      problems = result.problems;
      checkedFiles = result.files;
      if (countBySeverity(problems).errors > 0 || !result.tree) {
        await Promise.allSettled([site?.abort(), reading]);
        return stopped(problems, checkedFiles, stages, started);
      }
      entries = result.tree.entries;
    }

    const history = await timed('history', () => reading);
    const given = entries;
    const { records, uncommitted } = await timed('records', () => buildRecords(given, history, config));
    // The entries (raw texts included) are not needed past this point; let them go before the big writes.
    entries = undefined;

    // An earlier build in outDir is updated in place by the writer (obsolete entries removed, the rest rewritten).
    mkdirSync(outDir, { recursive: true });
    // The API's files are written while the site renders; its pages move in once they are.
    const writing = timed('files', () =>
      writeApi(outDir, records, config, { sourceCommit: history.headCommit, generatedAt: history.headTime }),
    );
    const siteBuilt = site && timed('site', () => site.finish(records, writing));
    // Either failing fails the build, but only once both have stopped: no child or work folder outlives it.
    const [api, built] = await Promise.allSettled([writing, siteBuilt]);
    if (api.status === 'rejected') throw api.reason;
    if (built.status === 'rejected') throw built.reason;
    const { plan, stats, pageSizes } = api.value;
    const sitePages = built.value?.pages ?? 0;
    const siteAssets: Record<string, string> = built.value?.assets ?? {};

    // Only now is the whole site's size known: serve /v0 if it fits (or as configured), then name the prefixes.
    // The files naming the prefixes are counted as with every prefix, the larger case.
    const named = prefixFilesBytes(prefixFiles(config, PREFIXES));
    // Everything outside /v0.1 is the site now: the writer removed any earlier build's links and rule files.
    const siteBytes = bytesUnder(outDir, new Set([OWN]));
    const decision = decidePrefixes({
      ownBytes: stats.bytes + named.openApiBytes,
      otherBytes: siteBytes + named.rulesBytes,
      limit: config.siteSizeLimit,
      serveV0: config.serveV0,
    });
    const { prefixes } = decision;
    const written = await timed('prefixes', () => writePrefixes(outDir, config, prefixes));
    // Per prefix: the documents and the OpenAPI document; once: `_redirects` and `_headers`. The manifest, which
    // cannot count itself, is added to the result below.
    const apiFiles = prefixes.length * (stats.files + 1) + 2;
    const apiBytes = prefixes.length * (stats.bytes + written.openApiBytes) + written.rulesBytes;

    const manifest = await timed('manifest', () => {
      const body = planManifest(
        plan,
        {
          sourceCommit: history.headCommit,
          generatedAt: history.headTime,
          baseUrl: config.baseUrl,
          prefixes,
          pageSizes,
        },
        { counts: { apiFiles, apiBytes, sitePages }, assets: prefixed(siteAssets, 'site.') },
      );
      const text = manifestJson(body);
      writeFileSync(join(outDir, paths.manifest()), text);
      return JSON.parse(text) as BuildManifest;
    });

    const servedBytes = apiBytes + siteBytes;
    return {
      ok: true,
      problems,
      checkedFiles,
      stages,
      totalMs: performance.now() - started,
      records,
      manifest,
      apiFiles: apiFiles + prefixes.length, // and the manifest, once per prefix
      apiBytes,
      sitePages,
      servedBytes,
      sizeLimit: config.siteSizeLimit,
      droppedV0: decision.droppedV0,
      raisedTimes: history.raised ?? 0,
      warnings: decision.warning ? [decision.warning] : [],
      uncommitted,
    };
  } catch (e) {
    await site?.abort();
    throw e;
  }
}

/** Validation found errors: nothing was written. */
function stopped(problems: Problem[], checkedFiles: number, stages: StageTime[], started: number): BuildResult {
  return {
    ok: false,
    problems,
    checkedFiles,
    stages,
    totalMs: performance.now() - started,
    records: [],
    apiFiles: 0,
    apiBytes: 0,
    sitePages: 0,
    servedBytes: 0,
    sizeLimit: 0,
    droppedV0: false,
    raisedTimes: 0,
    warnings: [],
    uncommitted: [],
  };
}

function prefixed(o: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.startsWith(prefix) ? k : `${prefix}${k}`, v]));
}

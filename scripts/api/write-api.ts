/**
 * The API stage, records → files, in two steps:
 *   1. `writeApi`: every document under /v0.1 (plan.ts, written by write.ts), the ToolHive export (toolhive.ts)
 *      included;
 *   2. `writePrefixes`, once the served prefixes are decided (the build may leave /v0 out to fit the host's
 *      size limit, which it knows only once the site is built): a link per other prefix, and the files that name
 *      the prefixes (the OpenAPI description, the host's rewrite and header rules).
 * The documents do not depend on the prefixes (nor does the build id), so step 2 never rewrites them.
 */
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryConfig } from '../config/config.ts';
import type { ServerRecord } from '../core/types.ts';
import { paths, rootEntries } from '../core/url-layout.ts';
import { openApiDocument } from './openapi.ts';
import type { Output } from './outputs.ts';
import { planApi, type ApiPlan } from './plan.ts';
import { headersFile, redirectsFile } from './redirects.ts';
import { toolhiveExport } from './toolhive.ts';
import { writeOutputs, type WriteStats } from './write.ts';

export interface ApiSource {
  /** The commit the records come from, and its committer time (never the clock). */
  sourceCommit: string;
  generatedAt: string;
}

export interface WrittenApi {
  plan: ApiPlan;
  /** What step 1 wrote: every document under /v0.1 (its `%2F` name links counted as the copies a host serves). */
  stats: WriteStats;
  /** Prebuilt page sizes of the paginated listings. */
  pageSizes: number[];
}

export async function writeApi(
  outDir: string,
  records: readonly ServerRecord[],
  config: RegistryConfig,
  source: ApiSource,
): Promise<WrittenApi> {
  const pageSizes = [config.pageSize];
  const plan = planApi(records, { metaKey: config.metaKey, pageSizes, ...source });
  const toolhive: Output = { path: paths.toolhive(), parts: [toolhiveExport(records, source.generatedAt)] };
  const stats = await writeOutputs(outDir, [...plan.outputs, toolhive], plan.arena);
  return { plan, stats, pageSizes };
}

/** The files that name the served prefixes: the OpenAPI document (under /v0.1), `_redirects` and `_headers`. */
export function prefixFiles(config: RegistryConfig, prefixes: readonly string[]): Array<[path: string, text: string]> {
  const basePath = new URL(config.baseUrl).pathname;
  const pageSizes = [config.pageSize];
  return [
    [paths.openapi(), openApiFor(config, prefixes)],
    [paths.redirects(), redirectsFile(basePath, pageSizes, prefixes)],
    [paths.headers(), headersFile(basePath, prefixes)],
  ];
}

/** The OpenAPI description of this registry's API under the served prefixes. */
export function openApiFor(config: RegistryConfig, prefixes: readonly string[]): string {
  return openApiDocument({
    title: config.siteTitle,
    baseUrl: config.baseUrl,
    pageSizes: [config.pageSize],
    metaKey: config.metaKey,
    prefixes,
  });
}

/** Bytes of `prefixFiles`: the OpenAPI document (served once per prefix), the rule files (once, at the root). */
export function prefixFilesBytes(files: ReadonlyArray<[string, string]>): { openApiBytes: number; rulesBytes: number } {
  let openApiBytes = 0;
  let rulesBytes = 0;
  for (const [path, text] of files) {
    if (path === paths.openapi()) openApiBytes += Buffer.byteLength(text);
    else rulesBytes += Buffer.byteLength(text);
  }
  return { openApiBytes, rulesBytes };
}

/** Step 2: a symbolic link per prefix other than /v0.1, and `prefixFiles`. */
export function writePrefixes(
  outDir: string,
  config: RegistryConfig,
  prefixes: readonly string[],
): { openApiBytes: number; rulesBytes: number } {
  for (const e of rootEntries(prefixes)) {
    if (e.kind !== 'symlink') continue;
    const at = join(outDir, e.path);
    rmSync(at, { recursive: true, force: true });
    symlinkSync(e.symlinkTo, at);
  }
  const files = prefixFiles(config, prefixes);
  for (const [path, text] of files) writeFileSync(join(outDir, path), text);
  return prefixFilesBytes(files);
}

/**
 * The API stage, records → files: plans every document (plan.ts), adds the OpenAPI description, the host's rewrite
 * and header rules and the ToolHive export (toolhive.ts), and puts it all under `outDir` (write.ts).
 */
import type { RegistryConfig } from '../config/config.ts';
import type { ServerRecord } from '../core/types.ts';
import { paths, servedPrefixes } from '../core/url-layout.ts';
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
  stats: WriteStats;
  /** Official prefixes served (`v0.1`, and `v0` unless turned off). */
  prefixes: string[];
  /** Prebuilt page sizes of the paginated listings. */
  pageSizes: number[];
}

export async function writeApi(
  outDir: string,
  records: readonly ServerRecord[],
  config: RegistryConfig,
  source: ApiSource,
): Promise<WrittenApi> {
  const basePath = new URL(config.baseUrl).pathname;
  const pageSizes = [config.pageSize];
  const prefixes = servedPrefixes(config.serveV0);
  const plan = planApi(records, { metaKey: config.metaKey, pageSizes, prefixes, ...source });
  const extra: Output[] = [
    {
      path: paths.openapi(),
      parts: [
        openApiDocument({
          title: config.siteTitle,
          baseUrl: config.baseUrl,
          pageSizes,
          metaKey: config.metaKey,
          prefixes,
        }),
      ],
    },
    { path: paths.redirects(), parts: [redirectsFile(basePath, pageSizes, prefixes)] },
    { path: paths.headers(), parts: [headersFile(basePath, prefixes)] },
    { path: paths.toolhive(), parts: [toolhiveExport(records, source.generatedAt)] },
  ];
  const stats = await writeOutputs(outDir, [...plan.outputs, ...extra], plan.arena);
  return { plan, stats, prefixes, pageSizes };
}

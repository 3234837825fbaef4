/**
 * `npm run edge`, `npm run deploy:edge` and `preview --api full` build here: validate the tree, read git history
 * once, build the records, plan the static API (for its build id and our own documents; nothing is written), then
 * plan the edge layout from those same records.
 */
import { assertSafeOutDir } from '../api/out-dir.ts';
import { toolhiveExport } from '../api/toolhive.ts';
import { resolve } from 'node:path';
import { servedPrefixes } from '../core/url-layout.ts';
import { manifestJson, planManifest } from '../api/manifest.ts';
import { openApiFor } from '../api/write-api.ts';
import { planApi } from '../api/plan.ts';
import type { RegistryConfig } from '../config/config.ts';
import { countBySeverity, type Problem } from '../core/problem.ts';
import type { ServerRecord } from '../core/types.ts';
import { readHistory } from '../history/git-log.ts';
import { buildRecords } from '../records/build-records.ts';
import { runValidation } from '../validate/run.ts';
import { edgeDocuments } from './documents.ts';
import { type EdgeLayout, planEdgeLayout } from './layout.ts';
import type { WranglerOptions } from './wrangler-config.ts';
import { type EdgeWriteResult, writeLayoutFiles } from './write.ts';

export interface EdgePlanOptions {
  root: string;
  config: RegistryConfig;
  /** Average whole servers per pack (tests use small packs). */
  packServers?: number;
}

export interface EdgePlanResult {
  problems: Problem[];
  checkedFiles: number;
  stages: Array<{ stage: string; ms: number }>;
  records: ServerRecord[];
  /** Absent when validation found errors. */
  layout?: EdgeLayout;
}

/** Everything but the writing: the layout's objects in memory. */
export async function planEdge(o: EdgePlanOptions): Promise<EdgePlanResult> {
  const root = resolve(o.root);
  const { config } = o;
  const stages: EdgePlanResult['stages'] = [];
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await work();
    stages.push({ stage, ms: performance.now() - start });
    return value;
  };

  // Git reads the history while the tree is validated, as in the main build.
  const reading = readHistory(root);
  reading.catch(() => undefined); // awaited below, or dropped with the build
  const validation = await timed('validate', () => runValidation({ root, config }));
  if (countBySeverity(validation.problems).errors > 0 || !validation.tree) {
    await Promise.allSettled([reading]); // no git process outlives the build
    return { problems: validation.problems, checkedFiles: validation.files, stages, records: [] };
  }
  const history = await timed('history', () => reading);
  const { records } = await timed('records', () => buildRecords(validation.tree!.entries, history, config));

  const pageSizes = [config.pageSize];
  // No host size limit here: both prefixes unless the configuration turns /v0 off.
  const prefixes = servedPrefixes(config.serveV0 !== false);
  const plan = await timed('plan', () =>
    planApi(records, {
      metaKey: config.metaKey,
      pageSizes,
      sourceCommit: history.headCommit,
      generatedAt: history.headTime,
    }),
  );
  const openapi = openApiFor(config, prefixes);
  const manifest = manifestJson(
    planManifest(plan, {
      sourceCommit: history.headCommit,
      generatedAt: history.headTime,
      baseUrl: config.baseUrl,
      prefixes,
      pageSizes,
    }),
  );
  const layout = await timed('edge', () =>
    planEdgeLayout(records, {
      buildId: plan.buildId,
      metaKey: config.metaKey,
      prefixes,
      documents: edgeDocuments(plan.outputs, {
        manifest,
        openapi,
        toolhive: toolhiveExport(records, history.headTime),
      }),
      ...(o.packServers ? { packServers: o.packServers } : {}),
    }),
  );
  return { problems: validation.problems, checkedFiles: validation.files, stages, records, layout };
}

export interface EdgeBuildResult extends EdgePlanResult {
  write?: EdgeWriteResult;
}

/** Plan the layout and write it, with its Workers project, into `outDir`. */
export async function buildEdge(
  o: EdgePlanOptions & { outDir: string; wrangler?: WranglerOptions },
): Promise<EdgeBuildResult> {
  const outDir = resolve(o.outDir);
  assertSafeOutDir(resolve(o.root), outDir, 'dist-edge/', 'an edge build');
  const planned = await planEdge(o);
  if (!planned.layout) return planned;
  const start = performance.now();
  const write = await writeLayoutFiles(planned.layout, outDir, o.wrangler);
  planned.stages.push({ stage: 'write', ms: performance.now() - start });
  return { ...planned, write };
}

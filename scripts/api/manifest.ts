/**
 * The build manifest, `dist/v0.1/_build.json`: small, so a client (or the site) fetches it first
 * and learns the build id and the content-hashed names of the large assets, which never pair with
 * another build's files however a CDN caches them. It sits under /v0.1 so the site never clobbers it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_FORMAT, type ApiPlan } from './plan.ts';
import { paths } from '../core/url-layout.ts';
import { codeUnitOrder } from '../core/compare.ts';

export interface BuildManifest {
  format: string;
  buildId: string;
  sourceCommit: string;
  /** The source commit's committer time (never the clock). */
  generatedAt: string;
  baseUrl: string;
  /** Official prefixes served (`v0.1`, and `v0` unless turned off). */
  prefixes: string[];
  pageSizes: number[];
  counts: Record<string, number>;
  /** Site-root-relative paths, e.g. `v0.1/servers/_snapshot/<hash>.json`; the site adds its own. */
  assets: Record<string, string>;
}

export function manifestJson(m: Omit<BuildManifest, 'format'>): string {
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => codeUnitOrder(a, b)));
  const body: BuildManifest = {
    format: API_FORMAT,
    ...m,
    counts: sorted(m.counts) as Record<string, number>,
    assets: sorted(m.assets) as Record<string, string>,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * The manifest of an API plan, as the static build and the edge build both write it: the plan's counts and assets,
 * the source commit, the served prefixes; each build adds its own counts and assets (`extra`).
 */
export function planManifest(
  plan: ApiPlan,
  source: { sourceCommit: string; generatedAt: string; baseUrl: string; prefixes: string[]; pageSizes: number[] },
  extra: { counts?: Record<string, number>; assets?: Record<string, string> } = {},
): Omit<BuildManifest, 'format'> {
  return {
    buildId: plan.buildId,
    ...source,
    counts: { ...plan.counts, ...extra.counts },
    assets: {
      ...extra.assets,
      snapshot: plan.assets.snapshot,
      changes: plan.assets.changes,
      openapi: paths.openapi(),
      toolhive: paths.toolhive(),
    },
  };
}

/** Read the manifest of a built dist/ folder. */
export async function readManifest(distDir: string): Promise<BuildManifest> {
  return JSON.parse(await readFile(join(distDir, paths.manifest()), 'utf8')) as BuildManifest;
}

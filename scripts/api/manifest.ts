/**
 * The build manifest, `dist/v0.1/_build.json`: small, so a client (or the site) fetches it first
 * and learns the build id and the content-hashed names of the large assets, which never pair with
 * another build's files however a CDN caches them. It sits under /v0.1 so the site never clobbers it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_FORMAT } from './plan.ts';
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

/** Read the manifest of a built dist/ folder. */
export async function readManifest(distDir: string): Promise<BuildManifest> {
  return JSON.parse(await readFile(join(distDir, paths.manifest()), 'utf8')) as BuildManifest;
}

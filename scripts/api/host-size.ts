/**
 * The size a host stores for the whole site, against the limit it accepts (GitHub Pages refuses a
 * site over 1 GB, after the deploy has already run): the build warns instead of the deploy failing.
 */
import { lstatSync } from 'node:fs';
import { posix } from 'node:path';
import type { Output } from './outputs.ts';
import { walkFolder } from './walk.ts';

/** Bytes of the regular files under `dir`, skipping the named top-level entries; links are not followed. */
export function bytesUnder(dir: string, skipTop: ReadonlySet<string> = new Set()): number {
  let total = 0;
  for (const { full, entry } of walkFolder(dir, skipTop)) if (entry.isFile()) total += lstatSync(full).size;
  return total;
}

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;

export interface SizeCheck {
  servedBytes: number;
  apiBytes: number;
  limit: number;
  serveV0: boolean;
}

/** The warning to print, or undefined when the site fits (or the check is off). */
export function sizeWarning({ servedBytes, apiBytes, limit, serveV0 }: SizeCheck): string | undefined {
  if (limit === 0 || servedBytes <= limit) return undefined;
  const lines = [
    `dist/ serves ${gb(servedBytes)}, over the ${gb(limit)} the host accepts (siteSizeLimit): GitHub Pages would refuse this deploy.`,
  ];
  if (serveV0) {
    const without = servedBytes - apiBytes / 2;
    lines.push(
      `/v0 serves every API document a second time: "serveV0": false in registry.config.json brings the site to about ${gb(without)}${without > limit ? ' (still over)' : ''}.`,
    );
  }
  lines.push('Otherwise deploy to a host that accepts larger sites (docs/api.md, "Size").');
  return lines.join('\n');
}

/**
 * What a host serves once the artifact dereferences every link, counted from the plan alone: each
 * file and alias once (`sizes`: bytes by path), plus everything under each symbolic link's target
 * folder, links inside that folder included (the `%2F` spellings inside /v0.1, reached again
 * through /v0).
 */
export function servedSize(
  outputs: readonly Output[],
  sizes: ReadonlyMap<string, number>,
): { files: number; bytes: number } {
  const links = outputs.filter((o): o is Extract<Output, { symlinkTo: string }> => 'symlinkTo' in o);
  const resolved = links.map((l) => ({
    path: l.path,
    target: posix.normalize(posix.join(posix.dirname(l.path), l.symlinkTo)),
  }));
  const under = new Map<string, { files: number; bytes: number }>();
  for (const l of resolved) under.set(l.target, { files: 0, bytes: 0 });
  for (const o of outputs) {
    if ('symlinkTo' in o) continue;
    const n = sizes.get(o.path) ?? 0;
    for (let i = o.path.indexOf('/'); i !== -1; i = o.path.indexOf('/', i + 1)) {
      const total = under.get(o.path.slice(0, i));
      if (total) {
        total.files++;
        total.bytes += n;
      }
    }
  }
  // Deeper targets first, so a folder's value includes the links inside it before it is used.
  const byDepth = [...resolved].sort((a, b) => b.target.split('/').length - a.target.split('/').length);
  const value = new Map<string, { files: number; bytes: number }>();
  for (const l of byDepth) {
    const v = value.get(l.target) ?? under.get(l.target)!;
    value.set(l.target, v);
    for (let i = l.path.indexOf('/'); i !== -1; i = l.path.indexOf('/', i + 1)) {
      const outer = under.get(l.path.slice(0, i));
      if (outer) {
        outer.files += v.files;
        outer.bytes += v.bytes;
      }
    }
  }
  let files = sizes.size;
  let bytes = 0;
  for (const n of sizes.values()) bytes += n;
  for (const l of resolved) {
    files += value.get(l.target)!.files;
    bytes += value.get(l.target)!.bytes;
  }
  return { files, bytes };
}

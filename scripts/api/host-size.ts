/**
 * The size a host stores for the whole site, against the limit it accepts (GitHub Pages refuses a
 * site over 1 GB, after the deploy has already run): the build leaves the /v0 copy out to fit, or
 * warns, instead of the deploy failing.
 */
import { lstatSync } from 'node:fs';
import { posix } from 'node:path';
import type { Output } from './outputs.ts';
import { walkFolder } from './walk.ts';
import { PREFIXES, servedPrefixes } from '../core/url-layout.ts';

/** Bytes of the regular files under `dir`, skipping the named top-level entries; links are not followed. */
export function bytesUnder(dir: string, skipTop: ReadonlySet<string> = new Set()): number {
  let total = 0;
  for (const { full, entry } of walkFolder(dir, skipTop)) if (entry.isFile()) total += lstatSync(full).size;
  return total;
}

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;

export interface SizeCheck {
  /** Bytes under /v0.1 (every API document, the OpenAPI document): each other prefix serves them again. */
  ownBytes: number;
  /** Everything else the host stores: the site and the rule files at the root. */
  otherBytes: number;
  /** What the host accepts (`siteSizeLimit`); 0 = no check. */
  limit: number;
  /** `serveV0` from the configuration: always, never, or unless the site would pass the limit. */
  serveV0: boolean | 'auto';
}

export interface SizeDecision {
  /** The official prefixes to serve: /v0.1, and /v0 unless configured off or dropped. */
  prefixes: string[];
  /** What the host will store with those prefixes. */
  servedBytes: number;
  /** /v0 was left out because with it the site would pass the limit (`serveV0: "auto"`). */
  droppedV0: boolean;
  /** What to tell the maintainer, or undefined when there is nothing to say. */
  warning?: string;
}

/**
 * Which prefixes to serve, and the warning to print. /v0 serves every document of /v0.1 a second time; by default
 * (`"auto"`) it is served only while the whole site stays under the host's limit, because a site over it is not
 * deployed at all (GitHub Pages refuses it after the deploy ran), while /v0.1 answers every official client.
 */
export function decidePrefixes({ ownBytes, otherBytes, limit, serveV0 }: SizeCheck): SizeDecision {
  const served = (prefixes: number) => ownBytes * prefixes + otherBytes;
  const fits = (bytes: number) => limit === 0 || bytes <= limit;
  const withV0 = served(PREFIXES.length);
  const withV0Fits = fits(withV0);
  const keepV0 = serveV0 === true || (serveV0 === 'auto' && withV0Fits);
  const prefixes = servedPrefixes(keepV0);
  const servedBytes = served(prefixes.length);
  const droppedV0 = serveV0 === 'auto' && !keepV0;
  const over = `over the ${gb(limit)} the host accepts (siteSizeLimit)`;
  const elsewhere = 'deploy to a host that accepts larger sites (docs/api.md, "Size")';
  if (fits(servedBytes)) {
    if (!droppedV0) return { prefixes, servedBytes, droppedV0 };
    return {
      prefixes,
      servedBytes,
      droppedV0,
      warning: [
        `/v0 is not served: with it dist/ would serve ${gb(withV0)}, ${over}; without it, ${gb(servedBytes)}.`,
        '/v0.1 answers every official path as before; only the frozen /v0 copy is left out ("serveV0": "auto").',
        `Set "serveV0": false in registry.config.json to leave it out without this warning, or ${elsewhere} to keep it.`,
      ].join('\n'),
    };
  }
  const lines = [`dist/ serves ${gb(servedBytes)}, ${over}: GitHub Pages would refuse this deploy.`];
  if (keepV0) {
    const without = served(1);
    lines.push(
      `/v0 serves every API document a second time: "serveV0": "auto" (or false) in registry.config.json brings the site to about ${gb(without)}${fits(without) ? '' : ' (still over)'}.`,
    );
  } else if (droppedV0) {
    lines.push(`/v0 is already left out ("serveV0": "auto"); with it the site would serve ${gb(withV0)}.`);
  }
  lines.push(`Otherwise ${elsewhere}.`);
  return { prefixes, servedBytes, droppedV0, warning: lines.join('\n') };
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

/**
 * The size a host stores for the whole site, against the limit it accepts (GitHub Pages refuses a
 * site over 1 GB, after the deploy has already run): the build warns instead of the deploy failing.
 */
import { lstatSync } from 'node:fs';
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

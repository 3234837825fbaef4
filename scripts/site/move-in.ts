/**
 * Moving the rendered site from the Astro processes' folders into the output folder: whole top-level folders by
 * rename (one rename per folder keeps 10,000 pages cheap; the work folder sits inside the output folder, so renames
 * never cross file systems). The API's files are never touched.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { PREFIXES } from '../core/url-layout.ts';
import { PER_NAMESPACE_FOLDERS } from './model.ts';

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
export async function moveIn(from: string, to: string): Promise<number> {
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

/**
 * Move a further process's pages in: its namespace folders below `server/` and `namespaces/` (no other process
 * rendered them) and any asset the first one lacks (content-hashed names: the same name is the same file). Its copies
 * of the site-wide pages are the first process's too and stay behind. Returns the number of HTML pages moved.
 */
export async function moveShardIn(from: string, to: string): Promise<number> {
  let pages = 0;
  for (const top of [...PER_NAMESPACE_FOLDERS, '_astro']) {
    if (!existsSync(join(from, top))) continue;
    await mkdir(join(to, top), { recursive: true });
    for (const entry of await readdir(join(from, top), { withFileTypes: true })) {
      // `namespaces/index.html` is a site-wide page: the first process's copy is the one kept.
      if (top !== '_astro' && !entry.isDirectory()) continue;
      const src = join(from, top, entry.name);
      const dest = join(to, top, entry.name);
      if (existsSync(dest)) {
        if (top === '_astro') continue;
        throw new Error(`Two site processes rendered ${top}/${entry.name}/: the namespace split (model.ts) is broken.`);
      }
      if (top !== '_astro') pages += htmlFiles(src, false);
      await rename(src, dest);
    }
  }
  return pages;
}

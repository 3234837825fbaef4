// The build's data, read once per build from the file named in REGISTRY_SITE_DATA (written by build-site.ts).
import { existsSync, readFileSync } from 'node:fs';
import { listed } from '../../../scripts/site/model.ts';
import type { SiteServer } from '../../../scripts/site/model.ts';
import type { SiteData } from '../../../scripts/site/site-data.ts';

let cached: SiteData | undefined;
let cachedListed: SiteServer[] | undefined;

export function data(): SiteData {
  if (!cached) {
    const file = process.env.REGISTRY_SITE_DATA;
    if (!file)
      throw new Error(
        'REGISTRY_SITE_DATA is not set: build the site with `npm run build` (scripts/site/build-site.ts).',
      );
    awaitFile(file);
    cached = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
  }
  return cached;
}

/**
 * The build starts this process before its records exist (Astro's start and bundle overlap validation) and writes
 * the file once they do: wait for it here, where the first page asks. Synchronous, as Astro's data calls are; a build
 * that went away (this process re-parented) or never delivers ends the wait with an error.
 */
function awaitFile(file: string): void {
  const parent = process.ppid;
  const deadline = Date.now() + Number(process.env.REGISTRY_SITE_WAIT_MS ?? 3_600_000);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) {
    if (process.ppid !== parent || Date.now() > deadline)
      throw new Error(`The build that started this site build never wrote its data (${file}).`);
    Atomics.wait(nap, 0, 0, 10);
  }
}

/** The servers lists show (model.ts `listed`), filtered once per build: every browse page slices the same list. */
export function listedServers(): SiteServer[] {
  cachedListed ??= listed(data().servers);
  return cachedListed;
}

const shard = Number(process.env.REGISTRY_SITE_SHARD ?? 0);

/** Server and namespace pages per Astro page (scripts/site/page-batches.ts); 0 (unset): one Astro page each. */
export const pageBatch = Number(process.env.REGISTRY_SITE_BATCH ?? 0);
/** This build's key for the marks between the pages of a batch. */
export const batchKey = process.env.REGISTRY_SITE_BATCH_KEY ?? '';

/** Does this child render the namespace's pages (SiteData `shardOf`)? */
export function ownsNamespace(ns: string): boolean {
  return (data().shardOf?.[ns] ?? 0) === shard;
}

let cachedOwned: SiteServer[] | undefined;
let cachedGroups: Array<{ ns: string; servers: SiteServer[] }> | undefined;

/** The servers whose pages this child renders: all of them, unless several children share the namespaces. */
export function ownedServers(): SiteServer[] {
  cachedOwned ??= data().servers.filter((s) => ownsNamespace(s.namespace));
  return cachedOwned;
}

/** This child's namespaces, in the order of their first server, each with its servers. */
export function namespaceGroups(): Array<{ ns: string; servers: SiteServer[] }> {
  if (!cachedGroups) {
    const byNs = new Map<string, SiteServer[]>();
    for (const s of ownedServers()) {
      const list = byNs.get(s.namespace);
      if (list) list.push(s);
      else byNs.set(s.namespace, [s]);
    }
    cachedGroups = [...byNs].map(([ns, servers]) => ({ ns, servers }));
  }
  return cachedGroups;
}

/** Does this child render the site-wide pages (the list pages)? The first one does. */
export function ownsSitePages(): boolean {
  return shard === 0;
}

const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

/** A site path under the base path: `href('server/a/b/')` → `/<repo>/server/a/b/`. */
export function href(path = ''): string {
  return base + path.replace(/^\//, '');
}

export function serverHref(name: string): string {
  return href(`server/${name}/`);
}

export function namespaceHref(ns: string): string {
  return href(`namespaces/${ns}/`);
}

/** The official API path of a record (name URL-encoded as the official API spells it). */
export function apiHref(name: string, version = 'latest'): string {
  return href(
    `v0.1/servers/${encodeURIComponent(name)}/versions/${version === 'latest' ? 'latest' : encodeURIComponent(version)}`,
  );
}

export function date(iso: string): string {
  return iso.slice(0, 10);
}

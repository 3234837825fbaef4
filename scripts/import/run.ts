/**
 * The import, end to end: read the tree and the sync time, list the upstream (`updated_since` the last sync), read
 * every version of each allowed server it lists, plan, write. The plan is made only after every read succeeded, so an
 * upstream failure writes nothing.
 */
import type { RegistryConfig } from '../config/config.ts';
import { UserError } from '../core/errors.ts';
import type { FetchContext } from '../net/context.ts';
import { readTreeFiles } from '../tree/files.ts';
import { classifyPath } from '../core/repo-path.ts';
import type { NameFilter } from './globs.ts';
import { planImport, type ImportPlan, type PlannedWrite } from './plan.ts';
import type { UpstreamRecord } from '../proofs/upstream-records.ts';
import { laterTime, parseSyncState, UPSTREAM_SYNC_PATH, withLastSync, type SyncState } from './sync-state.ts';
import { DEFAULT_LIMITS, listChanges, listVersions, type UpstreamLimits } from './upstream.ts';
import { writePlanned } from './write.ts';

/**
 * `updated_since` is asked this much before the last sync: a record that changed while the previous run was paging
 * is read again rather than missed (reading it twice writes nothing).
 */
export const SYNC_OVERLAP_MS = 10 * 60 * 1000;

export interface ImportOptions {
  root: string;
  config: RegistryConfig;
  /** The upstream's base URL, normalized by upstreamBase(). */
  upstream: string;
  filter: NameFilter;
  /** --since: overrides the sync file. */
  since?: string;
  dryRun: boolean;
  fetch: FetchContext;
  limits?: UpstreamLimits;
}

export interface ImportResult {
  upstream: string;
  /** The updated_since sent, if any. */
  query?: string;
  pages: number;
  /** How the changes were read: the official list, or this project's changes feed (a static deployment). */
  via: 'list' | 'feed';
  listed: number;
  /** True when the upstream answered records older than updated_since (a static host ignores the query). */
  filterIgnored: boolean;
  /** Allowed servers whose versions were read. */
  servers: string[];
  /** Allowed servers the upstream does not have (404 on their versions). */
  missing: string[];
  plan: ImportPlan;
  sync?: { from?: string; to: string };
  written: number;
  dryRun: boolean;
}

export async function runImport(o: ImportOptions): Promise<ImportResult> {
  const local = await readTreeFiles(o.root);
  const state = readSyncState(local.find((f) => f.path === UPSTREAM_SYNC_PATH)?.bytes);
  const previous = state?.upstreams[o.upstream]?.lastSync;
  const since = o.since ?? previous;
  const query = since ? new Date(Date.parse(since) - SYNC_OVERLAP_MS).toISOString() : undefined;

  const listing = await listChanges(o.upstream, query, o.fetch, o.limits ?? DEFAULT_LIMITS);
  const filterIgnored =
    query !== undefined &&
    listing.records.some((r) => r.updatedAt !== undefined && Date.parse(r.updatedAt) < Date.parse(query));
  const names = new Set(listing.records.map((r) => r.name).filter(o.filter.matches));
  // A full listing omits nothing but a server the upstream no longer has (or, on a static host, one whose every
  // version is deleted): ask for the allowed servers we hold that it did not list.
  if (query === undefined || filterIgnored)
    for (const f of local) {
      const k = classifyPath(f.path);
      if (k.kind === 'server' && o.filter.matches(`${k.namespace}/${k.server}`))
        names.add(`${k.namespace}/${k.server}`);
    }
  const servers = [...names].sort();
  const missing: string[] = [];
  const records: UpstreamRecord[] = [];
  const versions = await Promise.all(servers.map((name) => listVersions(o.upstream, name, o.fetch)));
  servers.forEach((name, i) => {
    const list = versions[i];
    if (list === undefined && !listing.records.some((r) => r.name === name)) missing.push(name);
    records.push(...(list ?? []));
  });
  // The versions endpoint is the authority; a listed record it lacked still counts (the plan keeps the first).
  records.push(...listing.records.filter((r) => names.has(r.name)));

  const plan = planImport(records, local, o.config);
  const seen = listing.records.reduce<string | undefined>((t, r) => laterTime(t, r.updatedAt), undefined);
  const next = laterTime(previous, seen);
  const sync =
    next !== undefined && next !== previous ? { ...(previous ? { from: previous } : {}), to: next } : undefined;
  const writes: PlannedWrite[] = [...plan.writes];
  if (sync) writes.push({ path: UPSTREAM_SYNC_PATH, text: withLastSync(state, o.upstream, sync.to) });
  if (!o.dryRun) await writePlanned(o.root, writes);
  return {
    upstream: o.upstream,
    ...(query ? { query } : {}),
    pages: listing.pages,
    via: listing.via,
    listed: listing.records.length,
    filterIgnored,
    servers: servers.filter((s) => !missing.includes(s)),
    missing,
    plan,
    ...(sync ? { sync } : {}),
    written: o.dryRun ? 0 : writes.length,
    dryRun: o.dryRun,
  };
}

function readSyncState(bytes: Uint8Array | undefined): SyncState | undefined {
  if (!bytes) return undefined;
  const parsed = parseSyncState(bytes);
  if ('error' in parsed)
    throw new UserError(
      `${UPSTREAM_SYNC_PATH} cannot be used (${parsed.error}). Fix it, or delete it to make the next import read everything.`,
    );
  return parsed.state;
}

/**
 * A client that behaves like an official-registry API client (paths built from a base URL,
 * names and versions URL-encoded, `fetch` following redirects), plus the static feed algorithm
 * documented in docs/api.md. It counts requests and bytes so tests can compare sync costs.
 */
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';

export class HttpError extends Error {
  status: number;
  constructor(status: number, url: string) {
    super(`${status} for ${url}`);
    this.status = status;
  }
}

export interface ServerList {
  servers: ServerRecord[];
  metadata?: { nextCursor?: string; count?: number; nextPage?: string };
}

export class OfficialClient {
  base: string;
  requests = 0;
  bytes = 0;
  /** Rewrites a URL before fetching (to play a rewrite host); identity by default. */
  rewrite: (url: URL) => URL = (u) => u;

  constructor(base: string) {
    this.base = base;
  }

  async getJson<T>(pathOrUrl: string | URL): Promise<T> {
    const url = this.rewrite(typeof pathOrUrl === 'string' ? new URL(pathOrUrl, this.base) : pathOrUrl);
    const res = await fetch(url);
    const text = await res.text();
    this.requests++;
    this.bytes += Buffer.byteLength(text);
    if (!res.ok) throw new HttpError(res.status, url.href);
    return JSON.parse(text) as T;
  }

  list(query = ''): Promise<ServerList> {
    return this.getJson(`v0.1/servers${query}`);
  }

  /** The official pagination loop: follow metadata.nextCursor with ?cursor= (bounded, to catch loops). */
  async listAll(query: Record<string, string> = {}): Promise<{ servers: ServerRecord[]; requests: number }> {
    const servers: ServerRecord[] = [];
    let cursor: string | undefined;
    for (let i = 1; i <= 50; i++) {
      const q = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) }).toString();
      const page = await this.list(q ? `?${q}` : '');
      servers.push(...page.servers);
      cursor = page.metadata?.nextCursor;
      if (!cursor) return { servers, requests: i };
    }
    throw new Error('pagination did not end after 50 pages: a nextCursor loop');
  }

  versions(name: string): Promise<ServerList> {
    return this.getJson(`v0.1/servers/${encodeURIComponent(name)}/versions`);
  }

  version(name: string, version: string): Promise<ServerRecord> {
    return this.getJson(`v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`);
  }
}

export const recordKey = (r: ServerRecord) => `${r.server.name}@${r.server.version}`;

/** A feed bucket: a ServerList whose metadata names each touched server's isLatest version. */
export interface FeedBucket extends ServerList {
  metadata: ServerList['metadata'] & { latest?: Record<string, string> };
}

/**
 * The static updated_since algorithm (docs/api.md). Without `since`: load the snapshot named by the feed index.
 * With it: fetch only the day buckets whose last change is ≥ since, upsert every record with `updatedAt ≥ since`
 * (again at the boundary second: a record may have changed again within it), then set `isLatest` on the held
 * records of every server a bucket names, from the bucket's `metadata.latest` (a change to one version can move
 * `isLatest` on another, deleted ones included). Returns the next `since`.
 */
export async function syncMirror(
  client: OfficialClient,
  mirror: Map<string, ServerRecord>,
  since?: string,
): Promise<string | undefined> {
  const indexUrl = new URL('v0.1/servers/_changes/index.json', client.base);
  const index = await client.getJson<{
    latestUpdatedAt?: string;
    snapshot: string;
    days: Array<{ path: string; last: string }>;
  }>(indexUrl);
  if (since === undefined) {
    const snapshot = await client.getJson<ServerList>(new URL(index.snapshot, indexUrl));
    mirror.clear();
    for (const r of snapshot.servers) mirror.set(recordKey(r), r);
    return index.latestUpdatedAt;
  }
  const latest = new Map<string, string>();
  for (const day of index.days) {
    if (day.last < since) continue;
    const bucket = await client.getJson<FeedBucket>(new URL(day.path, indexUrl));
    for (const r of bucket.servers) if (r._meta[OFFICIAL_META_KEY].updatedAt >= since) mirror.set(recordKey(r), r);
    for (const [name, version] of Object.entries(bucket.metadata?.latest ?? {})) latest.set(name, version);
  }
  for (const [key, r] of mirror) {
    const version = latest.get(r.server.name);
    const official = r._meta[OFFICIAL_META_KEY];
    if (version === undefined || official.isLatest === (r.server.version === version)) continue;
    mirror.set(key, {
      ...r,
      _meta: { ...r._meta, [OFFICIAL_META_KEY]: { ...official, isLatest: !official.isLatest } },
    });
  }
  return index.latestUpdatedAt ?? since;
}

/**
 * The fetch adapter: an upstream registry's official read API, through the project's one safe fetch (https only,
 * public addresses only, time and size caps). `GET /v0.1/servers` is paged until `nextCursor` is absent, with a bound
 * on pages and a refusal of a cursor seen before; `GET /v0.1/servers/{name}/versions` gives every version of one
 * server. Any failure is an UpstreamError: the import writes nothing from a partial read.
 *
 * A static deployment of this project ignores query strings (so `updated_since` too) but documents a changes feed
 * (docs/api.md, `/v0.1/servers/_changes/index.json`): for an incremental read the feed is tried first, and an upstream
 * without one (404) is read through the official list.
 */
import type { FetchContext } from '../net/context.ts';
import { getUpstreamJson } from '../proofs/upstream.ts';
import { readServerList, UpstreamError, type UpstreamRecord } from '../proofs/upstream-records.ts';

export { upstreamBase } from '../proofs/upstream.ts';

export interface UpstreamLimits {
  /** Pages of the server list read at most in one run. */
  maxPages: number;
  /** `limit` asked for per page (the official registry caps it at 100). */
  pageSize: number;
}

export const DEFAULT_LIMITS: UpstreamLimits = { maxPages: 1000, pageSize: 100 };

/** A static host answers the whole list in one body; a versions list is one server's. */
const LIST_MAX_BYTES = 64 * 1024 * 1024;
const VERSIONS_MAX_BYTES = 16 * 1024 * 1024;
const MIN_TIMEOUT_MS = 30_000;

export interface Listing {
  records: UpstreamRecord[];
  /** Requests made for the listing (list pages, or the feed index and its day buckets). */
  pages: number;
  via: 'list' | 'feed';
}

/**
 * What changed at the upstream since `since` (everything when undefined): this project's changes feed when the
 * upstream has one, else the official list with `updated_since`.
 */
export async function listChanges(
  base: string,
  since: string | undefined,
  ctx: FetchContext,
  limits: UpstreamLimits = DEFAULT_LIMITS,
): Promise<Listing> {
  if (since !== undefined) {
    const feed = await readFeed(base, since, ctx, limits);
    if (feed) return feed;
  }
  return listServers(base, since, ctx, limits);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The feed's records with updatedAt ≥ since (docs/api.md, "The updated_since feed"); undefined without a feed. */
async function readFeed(
  base: string,
  since: string,
  ctx: FetchContext,
  limits: UpstreamLimits,
): Promise<Listing | undefined> {
  const indexUrl = new URL('v0.1/servers/_changes/index.json', base).href;
  const index = await getJson(indexUrl, ctx, VERSIONS_MAX_BYTES, true);
  if (index === undefined) return undefined;
  const days = isObject(index) && Array.isArray(index.days) ? index.days : undefined;
  if (!days?.every((d) => isObject(d) && typeof d.path === 'string' && typeof d.last === 'string'))
    throw new UpstreamError(
      `${indexUrl} is not a changes index (days[] with path and last; docs/api.md). Nothing was written.`,
      indexUrl,
    );
  const from = Date.parse(since);
  const wanted = (days as Array<{ path: string; last: string }>).filter((d) => Date.parse(d.last) >= from);
  if (wanted.length + 1 > limits.maxPages)
    throw new UpstreamError(
      `${indexUrl} names ${wanted.length} day buckets since ${since}, more than the bound of ${limits.maxPages} requests; nothing was written. Narrow the read with --since.`,
      indexUrl,
    );
  const records: UpstreamRecord[] = [];
  for (const d of wanted) {
    const url = new URL(d.path, indexUrl);
    if (url.origin !== new URL(base).origin)
      throw new UpstreamError(
        `${indexUrl} points a bucket at another host (${url.origin}); nothing was written.`,
        indexUrl,
      );
    const page = readServerList(await getJson(url.href, ctx, LIST_MAX_BYTES), url.href);
    records.push(...page.records.filter((r) => r.updatedAt === undefined || Date.parse(r.updatedAt) >= from));
  }
  return { records, pages: wanted.length + 1, via: 'feed' };
}

export async function listServers(
  base: string,
  since: string | undefined,
  ctx: FetchContext,
  limits: UpstreamLimits = DEFAULT_LIMITS,
): Promise<Listing> {
  const records: UpstreamRecord[] = [];
  const used = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const url = new URL('v0.1/servers', base);
    url.searchParams.set('limit', String(limits.pageSize));
    if (since) url.searchParams.set('updated_since', since);
    // Deletions matter to a mirror (the official API implies this with updated_since).
    url.searchParams.set('include_deleted', 'true');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const page = readServerList(await getJson(url.href, ctx, LIST_MAX_BYTES), url.href);
    records.push(...page.records);
    if (page.nextCursor === undefined) return { records, pages, via: 'list' };
    if (page.nextCursor === cursor || used.has(page.nextCursor))
      throw new UpstreamError(
        `${url.href} answered a nextCursor it had already given (${JSON.stringify(page.nextCursor.slice(0, 100))}): following it would loop forever. The upstream's paging is broken; nothing was written.`,
        url.href,
      );
    if (pages >= limits.maxPages)
      throw new UpstreamError(
        `${base} still had more pages after ${limits.maxPages} (${records.length} records); the import stops there and writes nothing. Narrow the read with --since, or raise the bound if the upstream is really that large.`,
        url.href,
      );
    used.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

/** Every version of one server, deleted ones included; undefined when the upstream does not have the server. */
export async function listVersions(
  base: string,
  name: string,
  ctx: FetchContext,
): Promise<UpstreamRecord[] | undefined> {
  const url = new URL(`v0.1/servers/${encodeURIComponent(name)}/versions`, base);
  url.searchParams.set('include_deleted', 'true');
  const value = await getJson(url.href, ctx, VERSIONS_MAX_BYTES, true);
  if (value === undefined) return undefined;
  const { records } = readServerList(value, url.href);
  const stranger = records.find((r) => r.name !== name);
  if (stranger)
    throw new UpstreamError(
      `${url.href} lists a record named "${stranger.name}" among the versions of "${name}"; the upstream is inconsistent, nothing was written.`,
      url.href,
    );
  return records;
}

async function getJson(url: string, ctx: FetchContext, maxBytes: number, allowNotFound = false): Promise<unknown> {
  return getUpstreamJson(url, ctx, {
    maxBytes,
    allowNotFound,
    timeoutMs: Math.max(ctx.config.network.timeoutMs, MIN_TIMEOUT_MS),
    consequence: 'Nothing was written.',
  });
}

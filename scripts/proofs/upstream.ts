/**
 * Reading one upstream registry (the official read API) through the project's one safe fetch: the base URL as a key,
 * a JSON GET that turns every failure into an UpstreamError, and one version's record — what the gate's upstream proof
 * compares a pull request's server.json with (scripts/gate/gather.ts) and what `npm run import` pages over
 * (scripts/import/upstream.ts).
 */
import type { FetchContext } from '../net/context.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import { parseBody, readServerResponse, UpstreamError, type UpstreamRecord } from './upstream-records.ts';

/** A single version's record is one server.json and its `_meta`. */
const RECORD_MAX_BYTES = 1024 * 1024;

/** The upstream's base URL as a key and for building request URLs: https, no credentials, query or fragment, ending in `/`. */
export function upstreamBase(url: string): { base: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return {
      error: `"${url}" is not a URL; give the upstream's base URL, e.g. https://registry.modelcontextprotocol.io`,
    };
  }
  if (u.protocol !== 'https:') return { error: `the upstream must be an https:// URL, not ${u.protocol}//` };
  if (u.username || u.password) return { error: 'the upstream URL may not carry credentials' };
  if (u.search || u.hash) return { error: 'give the upstream base URL without a query or fragment' };
  const path = u.pathname.replace(/\/v0(\.1)?\/servers\/?$/, '/').replace(/\/*$/, '/');
  return { base: `${u.origin}${path}` };
}

export interface GetJsonOptions {
  maxBytes: number;
  timeoutMs: number;
  /** A 404 answers undefined instead of failing (an optional path, or a server the upstream does not have). */
  allowNotFound?: boolean;
  /** The end of every failure message (what the caller did not do because of it). */
  consequence: string;
}

/** GET a JSON body (strict: UTF-8, no duplicate keys); any other answer is an UpstreamError saying what to do. */
export async function getUpstreamJson(url: string, ctx: FetchContext, o: GetJsonOptions): Promise<unknown> {
  const r = await safeFetch(url, ctx, {
    headers: { accept: 'application/json' },
    maxBytes: o.maxBytes,
    timeoutMs: o.timeoutMs,
  });
  if (r.ok) return parseBody(r.body, url);
  if (o.allowNotFound && r.kind === 'http-status' && r.status === 404) return undefined;
  if (r.kind === 'rate-limited') {
    const hint =
      r.retryAfterSeconds !== undefined
        ? `it asks to wait ${r.retryAfterSeconds} s (Retry-After)`
        : 'it sent no Retry-After; wait a few minutes';
    throw new UpstreamError(
      `${url} answered 429 Too Many Requests: ${hint}, then try again. ${o.consequence}`,
      url,
      r.retryAfterSeconds,
      true,
    );
  }
  throw new UpstreamError(
    `Reading the upstream failed: ${r.message}${r.retryable ? ' (temporary; try again later)' : ''}. ${o.consequence}`,
    url,
    r.retryAfterSeconds,
    r.retryable,
  );
}

/**
 * `GET {base}v0.1/servers/{name}/versions/{version}?include_deleted=true`: the upstream's record of one version
 * (deleted ones included, so a deletion is seen as one), or undefined when it has no such version (404). A record for
 * another name or version is the upstream misbehaving, an UpstreamError.
 */
export async function fetchUpstreamVersion(
  base: string,
  name: string,
  version: string,
  ctx: FetchContext,
): Promise<UpstreamRecord | undefined> {
  const url = new URL(`v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`, base);
  url.searchParams.set('include_deleted', 'true');
  const value = await getUpstreamJson(url.href, ctx, {
    maxBytes: RECORD_MAX_BYTES,
    timeoutMs: ctx.config.network.timeoutMs,
    allowNotFound: true,
    consequence: 'Nothing is proven by this upstream.',
  });
  if (value === undefined) return undefined;
  const record = readServerResponse(value, url.href);
  if (record.name !== name || record.version !== version)
    throw new UpstreamError(
      `${url.href} answered the record of ${record.name} ${record.version}, not of ${name} ${version}; the upstream is inconsistent.`,
      url.href,
    );
  return record;
}

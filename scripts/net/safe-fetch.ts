/**
 * The ONE fetch every network check uses. It fails closed and never throws:
 * - https only, at every hop;
 * - the host is resolved here, every address checked (private, loopback, link-local, unique-local,
 *   CGNAT, multicast, unspecified refused; loopback only when the test config allows it), and the
 *   socket connects to that checked address (TLS still verifies the host name);
 * - bounded redirects, each hop re-checked (scheme and address); credentials dropped across origins;
 * - one time cap for the whole call, a size cap on the body;
 * - 429 and 5xx are failures with a retry hint, never data;
 * - at most config.network.perHostConcurrency requests per host at once.
 */
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { FetchContext } from './context.ts';
import { bareHost, resolveHost } from './resolve.ts';

export type FetchFailureKind =
  | 'bad-url'
  | 'not-https'
  | 'dns'
  | 'refused-address'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'too-large'
  | 'redirect'
  | 'rate-limited'
  | 'http-status';

export interface FetchOk {
  ok: true;
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Empty when the caller streamed the body through `onData`. */
  body: Uint8Array;
  /** Bytes received for the final response. */
  size: number;
  finalUrl: string;
}

export interface FetchFailure {
  ok: false;
  kind: FetchFailureKind;
  /** True when trying again later may succeed (429, 5xx, timeouts, connection errors). */
  retryable: boolean;
  message: string;
  url: string;
  status?: number;
  /** From Retry-After, when the server sent one. */
  retryAfterSeconds?: number;
}

export type FetchResult = FetchOk | FetchFailure;

export interface FetchOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Body cap; defaults to config.network.maxResponseBytes. */
  maxBytes?: number;
  /** Defaults to true (bounded by config.network.maxRedirects); false makes any 3xx a failure. */
  followRedirects?: boolean;
  /** Non-2xx statuses returned as data instead of failures (the OCI token flow needs 401). */
  acceptStatus?: readonly number[];
  /** Defaults to config.network.timeoutMs. */
  timeoutMs?: number;
  /**
   * Receive the 2xx body chunk by chunk instead of buffering it (an MCPB bundle is hashed while it
   * streams). The size cap still applies; redirect and error bodies never reach it.
   */
  onData?: (chunk: Uint8Array) => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'mcp-static-registry-gate (+https://github.com/modelcontextprotocol)';

export async function safeFetch(url: string, ctx: FetchContext, options: FetchOptions = {}): Promise<FetchResult> {
  const net = ctx.config.network;
  const timeoutMs = options.timeoutMs ?? net.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchChain(url, ctx, options, controller.signal, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchChain(
  startUrl: string,
  ctx: FetchContext,
  options: FetchOptions,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<FetchResult> {
  const net = ctx.config.network;
  const maxBytes = options.maxBytes ?? net.maxResponseBytes;
  const follow = options.followRedirects ?? true;
  let method = options.method ?? 'GET';
  let headers = { ...(options.headers ?? {}) };
  let current = startUrl;
  for (let hop = 0; ; hop++) {
    let url: URL;
    try {
      url = new URL(current);
    } catch {
      return fail('bad-url', false, `not a URL: ${current}`, current);
    }
    if (url.protocol !== 'https:')
      return fail('not-https', false, `only https URLs are fetched, not ${url.protocol}//`, current);
    const port = url.port ? Number(url.port) : 443;
    const host = bareHost(url.hostname);
    const resolved = await resolveHost(host, port, net);
    if (!resolved.ok) {
      ctx.log.push({ method, url: current, bytes: 0, outcome: resolved.kind });
      return fail(resolved.kind, resolved.retryable, resolved.message, current);
    }
    const response = await ctx.limiter.run(`${host}:${port}`, () =>
      oneRequest(url, host, resolved, method, headers, maxBytes, ctx.secureContext, signal, timeoutMs, options.onData),
    );
    const status = 'status' in response ? response.status : undefined;
    ctx.log.push({
      method,
      url: current,
      status,
      bytes: response.ok ? response.size : 0,
      outcome: response.ok ? 'ok' : response.kind,
    });
    if (!response.ok) return response;

    if (REDIRECTS.has(response.status)) {
      const location = response.headers.location;
      if (!follow)
        return fail(
          'redirect',
          false,
          `${current} answered ${response.status} (redirects are not allowed here)`,
          current,
          response.status,
        );
      if (!location)
        return fail(
          'redirect',
          false,
          `${current} answered ${response.status} without a Location`,
          current,
          response.status,
        );
      if (hop + 1 > net.maxRedirects)
        return fail(
          'redirect',
          false,
          `more than ${net.maxRedirects} redirects from ${startUrl}`,
          current,
          response.status,
        );
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        // Never send credentials (an OCI bearer token, say) to another origin.
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      }
      if (response.status === 303) method = 'GET';
      current = next.href;
      continue;
    }
    if ((response.status >= 200 && response.status < 300) || options.acceptStatus?.includes(response.status)) {
      return {
        ok: true,
        status: response.status,
        headers: response.headers,
        body: response.body,
        size: response.size,
        finalUrl: current,
      };
    }
    const retryAfterSeconds = parseRetryAfter(response.headers['retry-after']);
    if (response.status === 429) {
      return {
        ...fail(
          'rate-limited',
          true,
          `${url.host} answered 429 Too Many Requests: rate limited, retry later`,
          current,
          429,
        ),
        retryAfterSeconds,
      };
    }
    const retryable = response.status >= 500 || response.status === 408;
    return {
      ...fail(
        'http-status',
        retryable,
        `${current} answered HTTP ${response.status}${retryable ? ' (server error, retry later)' : ''}`,
        current,
        response.status,
      ),
      retryAfterSeconds,
    };
  }
}

type RawResponse =
  | { ok: true; status: number; headers: Record<string, string>; body: Uint8Array; size: number }
  | FetchFailure;

function oneRequest(
  url: URL,
  host: string,
  resolved: { address: string; family: 4 | 6; port: number },
  method: string,
  headers: Record<string, string>,
  maxBytes: number,
  secureContext: SecureContext,
  signal: AbortSignal,
  timeoutMs: number,
  onData?: (chunk: Uint8Array) => void,
): Promise<RawResponse> {
  const href = url.href;
  // Pin the connection to the address that was checked, whatever a second lookup would say.
  const pinned: LookupFunction = (_name, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: resolved.address, family: resolved.family },
      ]);
    else cb(null, resolved.address, resolved.family);
  };
  return new Promise<RawResponse>((resolve) => {
    if (signal.aborted)
      return resolve(fail('timeout', true, `no answer from ${url.host} within ${timeoutMs} ms`, href));
    // `secureContext` reaches tls.connect through the agent (not in RequestOptions' type): one parsed CA set per context.
    const options: RequestOptions & { secureContext: SecureContext } = {
      host: isIP(host) ? resolved.address : host,
      port: resolved.port,
      path: `${url.pathname}${url.search}`,
      method,
      headers: { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'identity', ...headers, host: url.host },
      lookup: pinned,
      ...(isIP(host) ? {} : { servername: host }),
      secureContext,
      agent: false,
      signal,
    };
    const req = request(options);
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const hdrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) hdrs[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      const declared = Number(hdrs['content-length'] ?? NaN);
      // Size caps apply to data, not to redirect or error bodies we discard anyway.
      if (Number.isFinite(declared) && declared > maxBytes && status >= 200 && status < 300) {
        res.destroy();
        return resolve({
          ...fail('too-large', false, `${href} is ${declared} bytes, over the ${maxBytes}-byte cap`, href, status),
        });
      }
      const chunks: Buffer[] = [];
      // Only a successful final body is streamed to the caller.
      const sink = onData && status >= 200 && status < 300 ? onData : undefined;
      let size = 0;
      let done = false;
      res.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > maxBytes) {
          done = true;
          res.destroy();
          return resolve(fail('too-large', false, `${href} sent more than the ${maxBytes}-byte cap`, href, status));
        }
        if (sink) sink(chunk);
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (done) return;
        done = true;
        resolve({ ok: true, status, headers: hdrs, body: new Uint8Array(Buffer.concat(chunks)), size });
      });
      res.on('error', (e) => {
        if (done) return;
        done = true;
        resolve(errorResult(e, href, url.host, signal, timeoutMs));
      });
      res.on('aborted', () => {
        if (done) return;
        done = true;
        resolve(errorResult(new Error('connection closed mid-body'), href, url.host, signal, timeoutMs));
      });
    });
    req.on('error', (e) => resolve(errorResult(e, href, url.host, signal, timeoutMs)));
    req.end();
  });
}

function errorResult(e: Error, href: string, host: string, signal: AbortSignal, timeoutMs: number): FetchFailure {
  if (signal.aborted || e.name === 'AbortError')
    return fail('timeout', true, `no complete answer from ${host} within ${timeoutMs} ms`, href);
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) || /certificate|ssl|tls/i.test(e.message)) {
    return fail('tls', false, `TLS with ${host} failed: ${code || e.message}`, href);
  }
  return fail('connect', true, `connection to ${host} failed: ${code || e.message}`, href);
}

function fail(kind: FetchFailureKind, retryable: boolean, message: string, url: string, status?: number): FetchFailure {
  return status === undefined
    ? { ok: false, kind, retryable, message, url }
    : { ok: false, kind, retryable, message, url, status };
}

function parseRetryAfter(v: string | undefined): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.round((t - Date.now()) / 1000));
}

/** Decode a successful body as UTF-8 JSON; undefined when it is not JSON. */
export function jsonBody(r: FetchOk): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(r.body));
  } catch {
    return undefined;
  }
}

/** Decode a successful body as UTF-8 text. */
export function textBody(r: FetchOk): string {
  return new TextDecoder().decode(r.body);
}

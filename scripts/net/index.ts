/**
 * The network layer every check uses: one safe fetch, one TXT lookup, one context (config, trusted
 * CAs, per-host limiter, request log). Create one context per gate run; fetchStats(ctx) gives the
 * bench's "requests made, bytes fetched".
 */
export { createFetchContext, fetchStats, type FetchContext, type FetchLogEntry } from './context.ts';
export {
  safeFetch,
  jsonBody,
  textBody,
  type FetchOptions,
  type FetchResult,
  type FetchOk,
  type FetchFailure,
  type FetchFailureKind,
} from './safe-fetch.ts';
export { lookupTxt, type TxtResult } from './dns.ts';
export { resolveHost, type Resolved } from './resolve.ts';
export { classifyAddress, addressAllowed, type AddressClass } from './address.ts';
export { HostLimiter } from './limiter.ts';

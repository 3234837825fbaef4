/**
 * What every network check carries: the configuration, the trusted CAs, the per-host limiter
 * and a log of every request made (the bench and the tests count requests and bytes from it).
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, getCACertificates, type SecureContext } from 'node:tls';
import type { RegistryConfig } from '../config/config.ts';
import { UserError } from '../core/errors.ts';
import { HostLimiter } from './limiter.ts';

export interface FetchLogEntry {
  method: string;
  url: string;
  /** HTTP status, absent when no response arrived. */
  status?: number;
  /** Body bytes received. */
  bytes: number;
  /** 'ok' or the failure kind. */
  outcome: string;
}

export interface FetchContext {
  config: RegistryConfig;
  log: FetchLogEntry[];
  limiter: HostLimiter;
  /** Trusted CA certificates (Node's default roots, plus config.network.testing.extraCaFile). */
  ca: string[];
  /** Built once from `ca`: parsing ~150 root certificates per request would dominate small lookups. */
  secureContext: SecureContext;
}

export function createFetchContext(config: RegistryConfig): FetchContext {
  // Node's default trust: its bundled roots plus NODE_EXTRA_CA_CERTS (what any Node https client trusts).
  const ca = [...getCACertificates('default')];
  const file = config.network.testing.extraCaFile;
  if (file) {
    try {
      ca.push(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UserError(`network.testing.extraCaFile ${file} cannot be read: ${(e as Error).message}`);
    }
  }
  return {
    config,
    log: [],
    limiter: new HostLimiter(config.network.perHostConcurrency),
    ca,
    secureContext: createSecureContext({ ca }),
  };
}

/** Requests made and body bytes received so far (the bench's "requests made, bytes fetched"). */
export function fetchStats(ctx: Pick<FetchContext, 'log'>): { requests: number; bytes: number } {
  let bytes = 0;
  for (const e of ctx.log) bytes += e.bytes;
  return { requests: ctx.log.length, bytes };
}

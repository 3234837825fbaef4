/**
 * TXT lookups for domain proofs, through config.network.dnsResolver (`host:port`, `[v6]:port`
 * or a bare address) or the system resolver when it is empty. Fails closed: a resolver error is
 * a failed lookup with a retry hint, never "no record, so fine".
 */
import { Resolver } from 'node:dns/promises';
import type { RegistryConfig } from '../config/config.ts';

export type TxtResult =
  | { ok: true; records: string[] }
  | { ok: false; kind: 'dns'; retryable: boolean; message: string };

export async function lookupTxt(name: string, network: RegistryConfig['network']): Promise<TxtResult> {
  const resolver = new Resolver({ timeout: Math.min(network.timeoutMs, 5_000), tries: 2 });
  if (network.dnsResolver) {
    try {
      resolver.setServers([network.dnsResolver]);
    } catch (e) {
      return {
        ok: false,
        kind: 'dns',
        retryable: false,
        message: `network.dnsResolver "${network.dnsResolver}" is not a resolver address: ${(e as Error).message}`,
      };
    }
  }
  try {
    // A TXT record may be split into several strings; they form one value.
    const chunks = await resolver.resolveTxt(name);
    return { ok: true, records: chunks.map((c) => c.join('')) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    // "No such name" and "no TXT data" are answers: the domain simply has no record.
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { ok: true, records: [] };
    return {
      ok: false,
      kind: 'dns',
      retryable: true,
      message: `TXT lookup for ${name} failed (${code || (e as Error).message}); retry later`,
    };
  }
}

/**
 * Host name → the one address a request will connect to, checked against the address policy.
 * Every address the name resolves to must be allowed (a name with one public and one internal
 * address is refused), and the caller connects to the checked address itself, so a second
 * resolution cannot swap it (no DNS-rebinding gap).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { RegistryConfig } from '../config/config.ts';
import { addressAllowed, classifyAddress } from './address.ts';

export type Resolved =
  | { ok: true; address: string; family: 4 | 6; port: number }
  | { ok: false; kind: 'dns' | 'refused-address'; retryable: boolean; message: string };

/** Strip IPv6 brackets from a URL host name. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

export async function resolveHost(
  hostname: string,
  port: number,
  network: RegistryConfig['network'],
): Promise<Resolved> {
  const host = bareHost(hostname).toLowerCase();
  let addresses: Array<{ address: string; family: number }>;
  let finalPort = port;
  const mapped = network.testing.hostMap[host];
  if (mapped !== undefined) {
    // Tests only: `address[:port]` (IPv6 as `[::1]:443`).
    const m = mapped.match(/^\[([^\]]+)\](?::(\d+))?$/) ?? mapped.match(/^([^:]+)(?::(\d+))?$/);
    const address = m?.[1] ?? mapped;
    if (m?.[2]) finalPort = Number(m[2]);
    addresses = [{ address, family: isIP(address) }];
  } else if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      // NXDOMAIN is an answer; a resolver failure may pass.
      const retryable = code !== 'ENOTFOUND' && code !== 'ENODATA';
      return { ok: false, kind: 'dns', retryable, message: `cannot resolve ${host} (${code || (e as Error).message})` };
    }
  }
  if (addresses.length === 0) return { ok: false, kind: 'dns', retryable: false, message: `${host} has no address` };
  for (const a of addresses) {
    if (!addressAllowed(a.address, finalPort, network.testing)) {
      return {
        ok: false,
        kind: 'refused-address',
        retryable: false,
        message: `${host} resolves to ${a.address} (${classifyAddress(a.address)}), which network checks may not reach`,
      };
    }
  }
  const first = addresses[0]!;
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4, port: finalPort };
}

/**
 * Which IP addresses a network check may talk to. Pure: the safe fetch and the remote check
 * classify every address AFTER resolution, so a name pointing at an internal address is refused.
 */
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  /** TEST-NET-1/2/3, 198.18.0.0/15, 2001:db8::/32: never routed on the internet, so never an internal service; sandboxes and fake-IP egress proxies hand them out for real hosts. */
  | 'documentation'
  | 'invalid';

/** Classify an IPv4 or IPv6 literal (IPv4-mapped, -compatible, NAT64 and 6to4 IPv6 classify their IPv4 part). */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(bare);
  if (kind === 4) return classifyV4(parseV4(bare));
  if (kind === 6) return classifyV6(parseV6(bare));
  return 'invalid';
}

/** True when a fetch may connect to this address under the given policy. */
export function addressAllowed(
  address: string,
  port: number,
  policy: { allowLoopback: boolean; allowLoopbackPorts: readonly number[] },
): boolean {
  const cls = classifyAddress(address);
  if (cls === 'public' || cls === 'documentation') return true;
  if (cls === 'loopback') return policy.allowLoopback || policy.allowLoopbackPorts.includes(port);
  return false;
}

function parseV4(a: string): number[] {
  return a.split('.').map(Number);
}

function classifyV4(b: number[]): AddressClass {
  const [a = 0, c = 0] = b;
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network"
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168)) return 'private';
  if (a === 100 && c >= 64 && c <= 127) return 'cgnat';
  if (a === 169 && c === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // 240/4 and the broadcast address
  const d = b[2] ?? 0;
  if (a === 192 && c === 0 && d === 0) return 'reserved'; // IETF protocol assignments
  if (a === 192 && c === 0 && d === 2) return 'documentation'; // TEST-NET-1
  if (a === 198 && (c === 18 || c === 19)) return 'documentation'; // benchmarking
  if (a === 198 && c === 51 && d === 100) return 'documentation'; // TEST-NET-2
  if (a === 203 && c === 0 && d === 113) return 'documentation'; // TEST-NET-3
  if (a === 192 && c === 88 && d === 99) return 'reserved'; // 6to4 relay anycast
  return 'public';
}

/** 8 groups of 16 bits. */
function parseV6(a: string): number[] {
  let text = a.toLowerCase();
  const tail: number[] = [];
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const v4 = parseV4(dotted[1]);
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    text = text.slice(0, -dotted[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const h = head ? head.split(':').map((g) => parseInt(g, 16)) : [];
  const r = rest === undefined ? [] : rest ? rest.split(':').map((g) => parseInt(g, 16)) : [];
  const missing = 8 - tail.length - h.length - r.length;
  const groups =
    rest === undefined ? [...h, ...tail] : [...h, ...Array<number>(Math.max(0, missing)).fill(0), ...r, ...tail];
  return groups;
}

function classifyV6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = (): number[] => [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255];
  const zeroUpTo5 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroUpTo5 && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
  if (zeroUpTo5 && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  if (zeroUpTo5 && g5 === 0xffff) return classifyV4(v4()); // IPv4-mapped ::ffff:a.b.c.d
  if (zeroUpTo5 && g5 === 0) return classifyV4(v4()); // deprecated IPv4-compatible ::a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b) return classifyV4(v4()); // NAT64 64:ff9b::/96 (and /48 local use)
  if (g0 === 0x2002) return classifyV4([g1 >> 8, g1 & 255, g2 >> 8, g2 & 255]); // 6to4 embeds an IPv4 address
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard-only
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved'; // Teredo and other IETF protocol assignments
  if ((g0 & 0xe000) !== 0x2000) return 'reserved'; // only 2000::/3 is global unicast
  return 'public';
}

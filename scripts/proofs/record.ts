/**
 * The official domain-proof record `v=MCPv1; k=ed25519; p=<base64 32-byte key>` and namespace ↔
 * domain reversal. Pure.
 */

/** `com.example` → `example.com`; `uk.co.example` → `example.co.uk` (label-wise). Undefined for io.github.* or a malformed namespace. */
export function namespaceDomain(namespace: string): string | undefined {
  const labels = namespace.toLowerCase().split('.');
  if (labels.length < 2) return undefined;
  if (labels[0] === 'io' && labels[1] === 'github') return undefined;
  if (!labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return undefined;
  return labels.reverse().join('.');
}

/** `example.com` → `com.example`. */
export function domainNamespace(domain: string): string {
  return domain.toLowerCase().split('.').reverse().join('.');
}

export type RecordParse = { ok: true; key: Uint8Array } | { ok: false; reason: string };

/**
 * One record. Fields are `;`-separated `k=v` pairs in any order; `v=MCPv1` and `k=ed25519` are required
 * (an `ecdsap384` record is recognised but not supported here).
 */
export function parseAuthRecord(text: string): RecordParse {
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const s = part.trim();
    if (!s) continue;
    const eq = s.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `"${s}" is not a key=value field` };
    fields.set(s.slice(0, eq).trim().toLowerCase(), s.slice(eq + 1).trim());
  }
  if (fields.get('v') !== 'MCPv1') return { ok: false, reason: 'not an MCPv1 record (v=MCPv1 missing)' };
  const k = fields.get('k') ?? '';
  if (k !== 'ed25519') return { ok: false, reason: `key type "${k}" is not supported (use k=ed25519)` };
  const p = fields.get('p') ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p)) return { ok: false, reason: 'p= is not base64' };
  const key = new Uint8Array(Buffer.from(p, 'base64'));
  if (key.byteLength !== 32)
    return { ok: false, reason: `p= decodes to ${key.byteLength} bytes, an Ed25519 key has 32` };
  return { ok: true, key };
}

/** Every valid key in a list of records (DNS TXT values, or the lines of the well-known file). */
export function keysFromRecords(records: readonly string[]): { keys: Uint8Array[]; rejected: string[] } {
  const keys: Uint8Array[] = [];
  const rejected: string[] = [];
  for (const r of records) {
    if (!/^\s*v=MCPv1/i.test(r)) continue; // other TXT records (SPF, site verification) are not ours
    const parsed = parseAuthRecord(r);
    if (parsed.ok) keys.push(parsed.key);
    else rejected.push(parsed.reason);
  }
  return { keys, rejected };
}

/** The record line for a public key, as the publisher puts it in DNS or the well-known file. */
export function formatAuthRecord(publicKey: Uint8Array): string {
  return `v=MCPv1; k=ed25519; p=${Buffer.from(publicKey).toString('base64')}`;
}

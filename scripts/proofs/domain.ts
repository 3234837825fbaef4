/**
 * Domain namespaces (`com.example/…`): who may publish is whoever holds the private key of a record
 * the domain publishes, and each added document must carry that key's signature.
 *
 * - DNS TXT `v=MCPv1; k=ed25519; p=…` at the namespace's domain or a parent domain (down to two labels):
 *   grants the namespace and its sub-namespaces (example.com → com.example and com.example.*).
 * - `https://<domain>/.well-known/mcp-registry-auth` (200 only, no redirects, ≤ 4096 bytes):
 *   grants exactly the namespace of that domain.
 * - Then every added document needs `<file>.sig` (see signature.ts) verifying under a granting key.
 *
 * `lookupDomainKeys` does the network part; `judgeDomainNamespace` is pure.
 */
import { failed, lookupFailed, passed, type Proof } from '../core/proof.ts';
import type { FetchContext } from '../net/context.ts';
import { lookupTxt } from '../net/dns.ts';
import { safeFetch, textBody } from '../net/safe-fetch.ts';
import { domainNamespace, keysFromRecords, namespaceDomain } from './record.ts';
import { verifySignature } from './signature.ts';

export const WELL_KNOWN_PATH = '/.well-known/mcp-registry-auth';
export const WELL_KNOWN_MAX_BYTES = 4096;

export interface DomainKey {
  key: Uint8Array;
  source: 'dns' | 'http';
  /** The domain the record was found for. */
  domain: string;
}

export interface DomainLookup {
  keys: DomainKey[];
  /** One proof for the DNS lookup, one for the HTTP lookup. */
  proofs: Proof[];
}

/** Every domain whose DNS record can grant `domain`: itself and its parents down to two labels. */
export function dnsCandidates(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; labels.length - i >= 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** Does a key found at `key.domain` by `key.source` grant `namespace`? */
export function keyGrants(key: Pick<DomainKey, 'source' | 'domain'>, namespace: string): boolean {
  const domain = namespaceDomain(namespace);
  if (!domain) return false;
  if (key.source === 'http') return domain === key.domain;
  return domain === key.domain || domain.endsWith(`.${key.domain}`);
}

export async function lookupDomainKeys(namespace: string, ctx: FetchContext): Promise<DomainLookup> {
  const domain = namespaceDomain(namespace);
  if (!domain) {
    return {
      keys: [],
      proofs: [failed('domain-dns', namespace, 'proof-domain-dns', `${namespace} is not a domain namespace`)],
    };
  }
  const [dns, http] = await Promise.all([lookupDns(domain, ctx), lookupHttp(domain, ctx)]);
  return { keys: [...dns.keys, ...http.keys], proofs: [dns.proof, http.proof] };
}

async function lookupDns(domain: string, ctx: FetchContext): Promise<{ keys: DomainKey[]; proof: Proof }> {
  const names = dnsCandidates(domain);
  const results = await Promise.all(
    names.map(async (name) => ({ name, result: await lookupTxt(name, ctx.config.network) })),
  );
  const keys: DomainKey[] = [];
  const failures: string[] = [];
  const rejected: string[] = [];
  let retryable = false;
  for (const { name, result } of results) {
    ctx.log.push({ method: 'TXT', url: `dns:${name}`, bytes: 0, outcome: result.ok ? 'ok' : result.kind });
    if (!result.ok) {
      failures.push(result.message);
      retryable ||= result.retryable;
      continue;
    }
    const found = keysFromRecords(result.records);
    for (const key of found.keys) keys.push({ key, source: 'dns', domain: name });
    for (const r of found.rejected) rejected.push(`${name}: ${r}`);
  }
  const subject = `dns:TXT ${names.join(', ')}`;
  if (keys.length) {
    const where = [...new Set(keys.map((k) => k.domain))].join(', ');
    return {
      keys,
      proof: passed(
        'domain-dns',
        subject,
        'proof-domain-dns',
        `${keys.length} Ed25519 key(s) in TXT at ${where} (grants ${domainNamespace(keys[0]!.domain)} and its sub-namespaces)`,
      ),
    };
  }
  if (failures.length) {
    const p = failed('domain-dns', subject, 'network-failure', failures.join('; '));
    if (retryable) p.retryable = true;
    return { keys, proof: p };
  }
  const why = rejected.length ? `; unusable records: ${rejected.join('; ')}` : '';
  return {
    keys,
    proof: failed('domain-dns', subject, 'proof-domain-dns', `no v=MCPv1 TXT record at ${names.join(' or ')}${why}`),
  };
}

async function lookupHttp(domain: string, ctx: FetchContext): Promise<{ keys: DomainKey[]; proof: Proof }> {
  const url = `https://${domain}${WELL_KNOWN_PATH}`;
  const r = await safeFetch(url, ctx, {
    followRedirects: false,
    maxBytes: WELL_KNOWN_MAX_BYTES,
    timeoutMs: Math.min(ctx.config.network.timeoutMs, 10_000),
  });
  if (!r.ok) return { keys: [], proof: lookupFailed('domain-http', url, 'proof-domain-http', r) };
  if (r.status !== 200)
    return {
      keys: [],
      proof: failed('domain-http', url, 'proof-domain-http', `answered ${r.status}; only 200 counts`),
    };
  const found = keysFromRecords(textBody(r).split(/\r?\n/));
  if (!found.keys.length) {
    const why = found.rejected.length ? `: ${found.rejected.join('; ')}` : '';
    return { keys: [], proof: failed('domain-http', url, 'proof-domain-http', `no usable v=MCPv1 record${why}`) };
  }
  return {
    keys: found.keys.map((key) => ({ key, source: 'http' as const, domain })),
    proof: passed(
      'domain-http',
      url,
      'proof-domain-http',
      `${found.keys.length} Ed25519 key(s) (grants exactly ${domainNamespace(domain)})`,
    ),
  };
}

export interface SignedDocument {
  /** Repository path, e.g. servers/com.example/weather/1.0.0/server.json. */
  file: string;
  /** The exact committed bytes. */
  bytes: Uint8Array;
  /** The text (or bytes) of `<file>.sig`, absent when none was committed. */
  signature?: string | Uint8Array;
}

/**
 * Pure: is `namespace` granted, and is every added document signed by a granting key?
 * The lookup proofs are kept (so the report shows both DNS and HTTP results); one signature proof per document.
 */
export function judgeDomainNamespace(
  namespace: string,
  lookup: DomainLookup,
  documents: readonly SignedDocument[],
): { granted: boolean; proofs: Proof[] } {
  const granting = lookup.keys.filter((k) => keyGrants(k, namespace));
  const proofs = [...lookup.proofs];
  const ignored = lookup.keys.length - granting.length;
  if (ignored > 0) {
    // e.g. an HTTP record at example.com offered for com.example.api.
    proofs.push(
      failed(
        'domain-scope',
        namespace,
        'proof-domain-http',
        `${ignored} key(s) found do not grant ${namespace} (a well-known file grants its exact namespace only)`,
      ),
    );
  }
  let allSigned = documents.length > 0 || granting.length > 0;
  for (const doc of documents) {
    const subject = `${doc.file}.sig`;
    if (doc.signature === undefined) {
      proofs.push(
        failed(
          'signature',
          subject,
          'proof-signature',
          `no ${subject}: sign the exact bytes with \`npm run sign -- ${doc.file} --key <private key>\``,
        ),
      );
      allSigned = false;
      continue;
    }
    if (!granting.length) {
      proofs.push(
        failed(
          'signature',
          subject,
          'proof-signature',
          `no key granted for ${namespace} to check the signature against`,
        ),
      );
      allSigned = false;
      continue;
    }
    const i = verifySignature(
      doc.bytes,
      doc.signature,
      granting.map((k) => k.key),
    );
    if (i >= 0) {
      const k = granting[i]!;
      proofs.push(
        passed(
          'signature',
          subject,
          'proof-signature',
          `Ed25519 signature over the exact bytes verifies with the key from ${k.source === 'dns' ? `DNS TXT at ${k.domain}` : `https://${k.domain}${WELL_KNOWN_PATH}`}`,
        ),
      );
    } else {
      proofs.push(
        failed(
          'signature',
          subject,
          'proof-signature',
          `the signature does not verify over these exact bytes with any of the ${granting.length} granting key(s)`,
        ),
      );
      allSigned = false;
    }
  }
  return { granted: granting.length > 0 && allSigned, proofs };
}

/** Network lookup + judgement in one call. */
export async function verifyDomainNamespace(
  namespace: string,
  documents: readonly SignedDocument[],
  ctx: FetchContext,
): Promise<{ granted: boolean; proofs: Proof[] }> {
  return judgeDomainNamespace(namespace, await lookupDomainKeys(namespace, ctx), documents);
}

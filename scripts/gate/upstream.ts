/**
 * The upstream proof (pure): a namespace is proven when a trusted upstream registry (`ownership.trustedUpstreams`)
 * already holds, for every version the PR touches there, exactly what the PR writes. An upstream that verified the
 * owner of a name before publishing under it (the official registry checks GitHub accounts and domains) has done the
 * namespace proof already; the PR only brings its records here.
 *
 * The rule, per trusted upstream, over the records gather.ts fetched itself at gate time (never anything the PR says):
 * - every changed file in the namespace is an added server.json or a status.json change (owners.json, signatures and
 *   anything else are never covered: they are not the upstream's to prove);
 * - an added server.json is the same document as the upstream's `server` object for that name and version, compared
 *   as parsed JSON (`jsonEqual`: key order and formatting aside, one changed value fails), and the upstream's status
 *   for it is not `deleted`;
 * - a status.json change leaves exactly the upstream's status (`{"status", "message"?}`, as `npm run import` writes
 *   it; a removed status.json means active).
 * Any lookup that failed (429, 5xx, timeout, not JSON) proves nothing: the gate fails closed, retryably where a re-run
 * can help. A namespace whose owners.json records a GitHub account is never proven this way (namespace.ts says why).
 */
import type { RegistryConfig } from '../config/config.ts';
import type { Proof } from '../core/proof.ts';
import { jsonEqual } from '../core/json/format.ts';
import { parseStrict } from '../core/json/strict-json.ts';
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { upstreamBase } from '../proofs/upstream.ts';
import { type ChangedFile, contentText, type PrSnapshot, type UpstreamEvidence } from './snapshot.ts';

export interface UpstreamTarget {
  file: ChangedFile;
  kind: 'server' | 'status';
  name: string;
  version: string;
}

export interface UpstreamJudgement {
  /** The upstream that proved the namespace, when one did. */
  provenBy?: string;
  detail: string;
  retryable: boolean;
  /** One per touched file and upstream judged. */
  proofs: Proof[];
}

/** The configured trusted upstreams as base URLs (the key evidence is recorded under). */
export function trustedUpstreams(config: RegistryConfig): string[] {
  return config.ownership.trustedUpstreams.flatMap((u) => {
    const b = upstreamBase(u);
    return 'base' in b ? [b.base] : [];
  });
}

/**
 * The files an upstream record would have to cover for `namespace`, or undefined when the PR changes something there
 * no upstream can prove (owners.json, a signature, a server.json modified or removed, a stray file).
 */
export function upstreamTargets(files: readonly ChangedFile[], namespace: string): UpstreamTarget[] | undefined {
  const out: UpstreamTarget[] = [];
  for (const file of files) {
    if (namespaceOf(file.path) !== namespace) continue;
    const k = classifyPath(file.path);
    if (k.kind === 'server' && file.status === 'added') out.push({ file, kind: 'server', ...id(k) });
    else if (k.kind === 'status') out.push({ file, kind: 'status', ...id(k) });
    else return undefined;
  }
  return out.length ? out : undefined;
}

const id = (k: { namespace: string; server: string; version: string }) => ({
  name: `${k.namespace}/${k.server}`,
  version: k.version,
});

/** Undefined when no upstream is trusted or the PR's changes in the namespace are not the kind an upstream covers. */
export function judgeUpstream(
  snapshot: PrSnapshot,
  namespace: string,
  config: RegistryConfig,
): UpstreamJudgement | undefined {
  const upstreams = trustedUpstreams(config);
  const targets = upstreamTargets(snapshot.files, namespace);
  if (!upstreams.length || !targets) return undefined;
  const proofs: Proof[] = [];
  const failures: string[] = [];
  for (const upstream of upstreams) {
    const mine = targets.map((t) => judgeTarget(t, upstream, evidenceFor(snapshot, upstream, t)));
    if (mine.every((p) => p.ok))
      return {
        provenBy: upstream,
        detail: `namespace proven by ${upstream} (the upstream verified its owner): ${describe(targets)} the upstream's own record`,
        retryable: false,
        proofs: mine,
      };
    proofs.push(...mine);
    failures.push(mine.find((p) => !p.ok)!.detail);
  }
  return { detail: failures.join('; '), retryable: proofs.some((p) => !p.ok && p.retryable), proofs };
}

function describe(targets: UpstreamTarget[]): string {
  const servers = targets.filter((t) => t.kind === 'server').length;
  const statuses = targets.length - servers;
  const parts = [
    ...(servers ? [`${servers === 1 ? 'the added server.json is' : `every added server.json (${servers}) is`}`] : []),
    ...(statuses ? [`${statuses === 1 ? 'the status.json change mirrors' : `every status.json change mirrors`}`] : []),
  ];
  return parts.join(' and ');
}

function evidenceFor(snapshot: PrSnapshot, upstream: string, t: UpstreamTarget): UpstreamEvidence | undefined {
  return snapshot.upstreams?.find((e) => e.upstream === upstream && e.name === t.name && e.version === t.version);
}

function judgeTarget(t: UpstreamTarget, upstream: string, e: UpstreamEvidence | undefined): Proof {
  const proof = (ok: boolean, detail: string, retryable = false): Proof => ({
    check: 'upstream-record',
    subject: `${t.file.path} at ${upstream}`,
    ok,
    detail,
    rule: 'namespace-proof',
    ...(retryable ? { retryable: true } : {}),
  });
  const what = `${t.name} ${t.version}`;
  if (!e) return proof(false, `${upstream} was not asked for ${what}`);
  const a = e.answer;
  if (a.outcome === 'error') return proof(false, a.detail, a.retryable);
  if (a.outcome === 'missing') return proof(false, `${upstream} has no record of ${what}`);
  const text = t.file.status === 'removed' ? undefined : t.file.content && contentText(t.file.content);
  if (t.file.status !== 'removed' && text === undefined) return proof(false, `${t.file.path} could not be read`);
  const parsed = text === undefined ? undefined : parseStrict(text);
  if (parsed && !parsed.ok) return proof(false, `${t.file.path} is not JSON`);
  if (t.kind === 'server') {
    if (a.status === 'deleted') return proof(false, `${upstream} marks ${what} deleted`);
    if (!jsonEqual(parsed!.ok && parsed!.value, a.server))
      return proof(
        false,
        `${t.file.path} is not ${upstream}'s record of ${what}: they differ at ${firstDifference(parsed!.ok && parsed!.value, a.server)}`,
      );
    return proof(true, `${t.file.path} is ${upstream}'s record of ${what} (${a.status} there)`);
  }
  const upstreamStatus = a.statusMessage ? { status: a.status, message: a.statusMessage } : { status: a.status };
  const ours = parsed?.ok ? parsed.value : { status: 'active' };
  if (!jsonEqual(ours, upstreamStatus))
    return proof(
      false,
      `${t.file.path} does not mirror ${upstream}'s status of ${what}, ${JSON.stringify(upstreamStatus)}${t.file.status === 'removed' ? ' (removing status.json means active)' : ''}`,
    );
  return proof(true, `${t.file.path} mirrors ${upstream}'s status of ${what} (${a.status})`);
}

/** The JSON path of the first place two values differ (for the message; `jsonEqual` decides). */
export function firstDifference(a: unknown, b: unknown, path = '$'): string {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      if (!jsonEqual(a[i], b[i])) return firstDifference(a[i], b[i], `${path}[${i}]`);
    return path;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const at = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
    if (!Object.hasOwn(a, k) || !Object.hasOwn(b, k)) return at;
    if (!jsonEqual(a[k], b[k])) return firstDifference(a[k], b[k], at);
  }
  return path;
}

/**
 * Who may change a namespace (pure): judged for the PR AUTHOR from the snapshot — never for whoever re-ran the gate.
 *
 * - `io.github.<name>`: a namespace's identity is numeric. Its owners.json records the GitHub account it belongs to
 *   (`account`, scripts/gate/identity.ts); the author whose id is that account's proves it, whatever their login is
 *   now (a renamed account keeps its namespace). A name proof counts only while its id agrees with the record:
 *   - the author's login equals `<name>`, case-insensitively;
 *   - or `<name>` is an org (GET /orgs/{org}) and the author is a public member of it or their numeric id is in the
 *     org's owners file (`<org>/<ownership.orgOwnersRepository>/<ownership.orgOwnersPath>`, owners.json format).
 *   A freed login or org name registered again by someone else has another id, so it proves nothing: a maintainer
 *   transfers such a namespace. A namespace without a record yet is proven by name, and identity.ts asks the PR to
 *   record the account.
 * - a domain namespace (`com.example`): an ok DNS or HTTP grant record for exactly this namespace, plus an ok
 *   Ed25519 signature (`server.json.sig`) over every added server.json of the namespace in this PR. status.json and
 *   owners.json changes there have no signature: they need a co-owner (or a maintainer).
 * - a namespace without a recorded account: a trusted upstream's own records of exactly what the PR adds there
 *   (upstream.ts; `ownership.trustedUpstreams`). A recorded account is numeric, an upstream's check is by name at
 *   publish time: a freed name registered again could publish there, so a recorded namespace is not proven this way.
 * - any namespace: the author's numeric id in the BASE branch's `servers/<namespace>/owners.json` (co-owners). The
 *   PR's own owners.json never counts — that would let anyone add themselves.
 */
import type { NamespaceAccount, OwnersDoc } from '../core/types.ts';
import type { Proof } from '../core/proof.ts';
import type { PrSnapshot } from './snapshot.ts';
import { decodeBytes } from './snapshot.ts';
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { codeUnitOrder } from '../core/compare.ts';
import { signaturePathFor } from './paths.ts';
import type { RegistryConfig } from '../config/config.ts';
import { judgeUpstream } from './upstream.ts';
import { judgeDomainNamespace, type DomainLookup, type SignedDocument } from '../proofs/domain.ts';

export interface NamespaceJudgement {
  namespace: string;
  ok: boolean;
  /** ok through the primary proof (login, org, domain), not only as a listed co-owner. */
  primary: boolean;
  coOwner: boolean;
  /** How it was (or was not) proven, in words. */
  detail: string;
  retryable: boolean;
  /** True when the base branch has no file in this namespace. */
  isNew: boolean;
  /** Domain lookups and signature checks behind the judgement (empty for io.github namespaces). */
  proofs: Proof[];
  /** io.github namespaces: the account the base owners.json records (absent when none is recorded yet). */
  recorded?: NamespaceAccount;
  /** io.github namespaces: the account the author's primary proof stands for, as owners.json records it. */
  account?: NamespaceAccount;
  /** Set when a trusted upstream's records proved the namespace (upstream.ts): its base URL. */
  upstream?: string;
  /** The owners.json the author must commit to record (or keep) the namespace's account (identity.ts). */
  record?: { file: string; json: string };
}

export const GITHUB_PREFIX = 'io.github.';

export function isGitHubNamespace(namespace: string): boolean {
  return namespace.toLowerCase().startsWith(GITHUB_PREFIX);
}

/**
 * The BASE branch's owners.json of a namespace. Namespaces are GitHub accounts, whose names ignore case: the exact
 * spelling first, else a case variant (the first in code-unit order), so `io.github.ALICE` is judged by alice's record.
 */
export function baseOwners(snapshot: PrSnapshot, namespace: string): OwnersDoc | undefined {
  const want = `servers/${namespace}/owners.json`;
  const f =
    snapshot.base.files.find((x) => x.path === want) ??
    snapshot.base.files
      .filter((x) => x.path.toLowerCase() === want.toLowerCase())
      .sort((a, b) => codeUnitOrder(a.path, b.path))[0];
  return f ? parseOwners(decodeBytes(f.content)) : undefined;
}

/** owners.json bytes as a document, or undefined when they are not one (validation reports why). */
export function parseOwners(bytes: Uint8Array): OwnersDoc | undefined {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as OwnersDoc;
    if (!Array.isArray(doc?.owners)) return undefined;
    return { ...doc, account: isAccount(doc.account) ? doc.account : undefined };
  } catch {
    return undefined;
  }
}

function isAccount(a: unknown): a is NamespaceAccount {
  const x = a as NamespaceAccount | undefined;
  return (
    typeof x?.login === 'string' &&
    Number.isSafeInteger(x.id) &&
    x.id > 0 &&
    (x.type === 'User' || x.type === 'Organization')
  );
}

/** The author is proven by numeric id alone (a co-owner, or the recorded account): no name lookup can add to it. */
export function provenById(snapshot: PrSnapshot, namespace: string): boolean {
  const owners = baseOwners(snapshot, namespace);
  const id = snapshot.pr.author.id;
  return !!owners && (owners.account?.id === id || owners.owners.some((o) => o?.id === id));
}

/**
 * An `io.github` namespace whose base owners.json ties it to a numeric id: its `account`, or (before accounts were
 * recorded) an owner listed under the namespace's own login. No upstream record proves such a namespace: an upstream
 * checks names, and a freed name registered again could publish there.
 */
export function pinnedAccount(snapshot: PrSnapshot, namespace: string): boolean {
  if (!isGitHubNamespace(namespace)) return false;
  const owners = baseOwners(snapshot, namespace);
  const name = namespace.slice(GITHUB_PREFIX.length).toLowerCase();
  return !!owners && (!!owners.account || owners.owners.some((o) => o?.login?.toLowerCase() === name));
}

export const describeAccount = (a: NamespaceAccount): string =>
  `${a.type === 'Organization' ? 'the organization' : 'the user'} ${a.login} (id ${a.id})`;

/** Domain namespaces: part A's pure judgement over the recorded lookup and the PR's added server.json + .sig bytes. */
function judgeDomain(snapshot: PrSnapshot, namespace: string): { granted: boolean; proofs: Proof[] } {
  const evidence = snapshot.domains[namespace];
  const lookup: DomainLookup = evidence
    ? {
        keys: evidence.keys.map((k) => ({ ...k, key: new Uint8Array(Buffer.from(k.key, 'base64')) })),
        proofs: evidence.proofs,
      }
    : { keys: [], proofs: [] };
  const documents: SignedDocument[] = [];
  for (const f of snapshot.files) {
    const info = classifyPath(f.path);
    if (f.status === 'removed' || info.kind !== 'server' || info.namespace !== namespace || !f.content) continue;
    const sig = snapshot.files.find((s) => s.path === signaturePathFor(f.path) && s.status !== 'removed' && s.content);
    documents.push({
      file: f.path,
      bytes: decodeBytes(f.content),
      signature: sig?.content ? decodeBytes(sig.content) : undefined,
    });
  }
  return judgeDomainNamespace(namespace, lookup, documents);
}

export function judgeNamespace(snapshot: PrSnapshot, namespace: string, config?: RegistryConfig): NamespaceJudgement {
  const author = snapshot.pr.author;
  const owners = baseOwners(snapshot, namespace);
  const coOwner = !!owners?.owners.some((o) => o.id === author.id);
  const isNew = !snapshot.base.files.some((f) => namespaceOf(f.path)?.toLowerCase() === namespace.toLowerCase());
  const who = `${author.login} (id ${author.id})`;
  let primary = false;
  let retryable = false;
  let detail: string;
  const proofs: Proof[] = [];
  const recorded = isGitHubNamespace(namespace) ? owners?.account : undefined;
  let account: NamespaceAccount | undefined;

  if (isGitHubNamespace(namespace)) {
    const name = namespace.slice(GITHUB_PREFIX.length);
    const org = snapshot.orgs[name.toLowerCase()];
    const isLogin = name.toLowerCase() === author.login.toLowerCase();
    // Before accounts were recorded, an owners entry under the namespace's own login was the same promise.
    const listedAs = recorded ? undefined : owners?.owners.find((o) => o.login?.toLowerCase() === name.toLowerCase());
    const changedHands = (what: string, nowId: number, was: { login: string; id: number }) =>
      `${namespace} belongs to the GitHub account ${was.login} with id ${was.id}, but ${what} ${name} is now id ${nowId}: a name that changed hands proves nothing (a maintainer transfers a namespace)`;
    if (recorded && recorded.id === author.id) {
      primary = true;
      account = recorded;
      detail =
        recorded.login.toLowerCase() === author.login.toLowerCase()
          ? `${who} is the account recorded for ${namespace}`
          : `${who} is the account recorded for ${namespace} as ${recorded.login} (a renamed account keeps its namespace)`;
    } else if (isLogin && recorded) {
      detail = changedHands('the login', author.id, recorded);
    } else if (isLogin && listedAs && listedAs.id !== author.id) {
      detail = changedHands('the login', author.id, listedAs);
    } else if (isLogin) {
      primary = true;
      account = { login: author.login, id: author.id, type: 'User' };
      detail = `${who} is the GitHub account ${name}`;
    } else if (org) {
      const a = org.account;
      if (a.status === 'found' && recorded && recorded.id !== a.id) {
        detail = `${author.login} is not ${name}; ${changedHands('the organization named', a.id, recorded)}`;
      } else if (a.status === 'found' && org.publicMember === 'member') {
        primary = true;
        account = { login: a.login, id: a.id, type: 'Organization' };
        detail = `${who} is a public member of the GitHub org ${a.login} (id ${a.id})`;
      } else if (a.status === 'found' && org.ownersFile.status === 'found' && org.ownersFile.ids.includes(author.id)) {
        primary = true;
        account = { login: a.login, id: a.id, type: 'Organization' };
        detail = `${who} is listed in the owners file of the GitHub org ${a.login} (id ${a.id})`;
      } else {
        const why: string[] = [`${author.login} is not ${name}`];
        if (a.status !== 'found') {
          why.push(a.status === 'missing' ? `${name} is not a GitHub organization` : a.detail);
          retryable = a.status === 'error';
        } else {
          why.push(
            org.publicMember === 'not-member'
              ? `not a public member of ${name}`
              : org.publicMember === 'error'
                ? `the membership lookup failed`
                : `membership not checked`,
          );
          why.push(
            org.ownersFile.status === 'found'
              ? `not in ${name}'s owners file`
              : `${name}'s owners file: ${org.ownersFile.detail}`,
          );
          retryable = org.publicMember === 'error' || org.ownersFile.status === 'error';
        }
        detail = why.join('; ');
      }
    } else {
      detail = `${author.login} is not ${name}`;
    }
  } else {
    const judged = judgeDomain(snapshot, namespace);
    proofs.push(...judged.proofs);
    retryable = judged.proofs.some((p) => !p.ok && p.retryable);
    const unsignable = snapshot.files.filter(
      (f) => namespaceOf(f.path) === namespace && ['owners', 'status'].includes(classifyPath(f.path).kind),
    );
    const failedProofs = judged.proofs.filter((p) => !p.ok).map((p) => p.detail);
    if (!judged.granted) {
      detail = failedProofs.length ? failedProofs.join('; ') : `no DNS or HTTP grant record for ${namespace}`;
    } else if (unsignable.length) {
      // Only server.json carries a signature file; status and owners changes have no signed bytes to check.
      detail = `the domain grants ${namespace}, but ${unsignable.map((u) => u.path).join(', ')} cannot be signed: status.json and owners.json changes in a domain namespace need a co-owner listed in owners.json or a maintainer`;
    } else {
      primary = true;
      detail = `the domain grants ${namespace} and every added server.json is signed by a granting key`;
    }
  }
  let upstream: string | undefined;
  const viaUpstream = !primary && !coOwner && config ? judgeUpstream(snapshot, namespace, config) : undefined;
  if (viaUpstream && pinnedAccount(snapshot, namespace)) {
    detail += `; ${namespace} records its GitHub account, so an upstream's record does not prove it (a name that changed hands could publish there)`;
  } else if (viaUpstream?.provenBy) {
    primary = true;
    upstream = viaUpstream.provenBy;
    detail = viaUpstream.detail;
    proofs.splice(0, proofs.length, ...viaUpstream.proofs);
  } else if (viaUpstream) {
    proofs.push(...viaUpstream.proofs);
    detail += `; no trusted upstream proves it: ${viaUpstream.detail}`;
    retryable ||= viaUpstream.retryable;
  }
  if (!primary && coOwner) detail = `${who} is listed in the base branch's servers/${namespace}/owners.json`;
  else if (!primary)
    detail = `${who} has no proof for ${namespace}: ${detail}${owners ? '; not listed in the base owners.json' : ''}`;
  return {
    namespace,
    ok: primary || coOwner,
    primary,
    coOwner,
    detail,
    retryable: !primary && !coOwner && retryable,
    isNew,
    proofs,
    ...(recorded ? { recorded } : {}),
    ...(account ? { account } : {}),
    ...(upstream ? { upstream } : {}),
  };
}

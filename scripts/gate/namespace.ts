/**
 * Who may change a namespace (pure): judged for the PR AUTHOR from the snapshot — never for whoever re-ran the gate.
 *
 * - `io.github.<login>`: the author's login, case-insensitively.
 * - `io.github.<org>`: the author is a public member of the org, or their numeric id is in the org's owners file
 *   (`<org>/<ownership.orgOwnersRepository>/<ownership.orgOwnersPath>`, same format as owners.json).
 * - a domain namespace (`com.example`): an ok DNS or HTTP grant record for exactly this namespace, plus an ok
 *   Ed25519 signature (`server.json.sig`) over every added server.json of the namespace in this PR. status.json and
 *   owners.json changes there have no signature: they need a co-owner (or a maintainer).
 * - any namespace: the author's numeric id in the BASE branch's `servers/<namespace>/owners.json` (co-owners; a
 *   renamed account keeps its namespace). The PR's own owners.json never counts — that would let anyone add themselves.
 */
import type { OwnersDoc } from '../core/types.ts';
import type { Proof } from '../core/proof.ts';
import type { PrSnapshot } from './snapshot.ts';
import { decodeBytes } from './snapshot.ts';
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { signaturePathFor } from './paths.ts';
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
}

const GITHUB_PREFIX = 'io.github.';

export function baseOwners(snapshot: PrSnapshot, namespace: string): OwnersDoc | undefined {
  const f = snapshot.base.files.find((x) => x.path === `servers/${namespace}/owners.json`);
  if (!f) return undefined;
  try {
    const doc = JSON.parse(new TextDecoder().decode(decodeBytes(f.content))) as OwnersDoc;
    return Array.isArray(doc?.owners) ? doc : undefined;
  } catch {
    return undefined;
  }
}

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

export function judgeNamespace(snapshot: PrSnapshot, namespace: string): NamespaceJudgement {
  const author = snapshot.pr.author;
  const owners = baseOwners(snapshot, namespace);
  const coOwner = !!owners?.owners.some((o) => o.id === author.id);
  const isNew = !snapshot.base.files.some((f) => namespaceOf(f.path)?.toLowerCase() === namespace.toLowerCase());
  const who = `${author.login} (id ${author.id})`;
  let primary = false;
  let retryable = false;
  let detail: string;
  const proofs: Proof[] = [];

  if (namespace.toLowerCase().startsWith(GITHUB_PREFIX)) {
    const account = namespace.slice(GITHUB_PREFIX.length);
    const org = snapshot.orgs[account.toLowerCase()];
    if (account.toLowerCase() === author.login.toLowerCase()) {
      primary = true;
      detail = `${who} is the GitHub account ${account}`;
    } else if (org?.publicMember === 'member') {
      primary = true;
      detail = `${who} is a public member of the GitHub org ${account}`;
    } else if (org?.ownersFile.status === 'found' && org.ownersFile.ids.includes(author.id)) {
      primary = true;
      detail = `${who} is listed in the owners file of the GitHub org ${account}`;
    } else {
      const why: string[] = [`${author.login} is not ${account}`];
      if (org) {
        why.push(
          org.publicMember === 'not-member'
            ? `not a public member of ${account}`
            : org.publicMember === 'error'
              ? `the membership lookup failed`
              : `membership not checked`,
        );
        why.push(
          org.ownersFile.status === 'found'
            ? `not in ${account}'s owners file`
            : `${account}'s owners file: ${org.ownersFile.detail}`,
        );
        retryable = org.publicMember === 'error' || org.ownersFile.status === 'error';
      }
      detail = why.join('; ');
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
  };
}

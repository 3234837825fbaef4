/**
 * The verdict, a PURE function of a PR snapshot and the configuration: no network, no file system, no clock.
 * Every verdict can be reproduced from a recorded snapshot (tests/fixtures/gate/).
 *
 * Order of judgement: refusals (a base other than the default branch, too many files, head moved) → path policy and
 * the .github/ refusal → validation of the tree the PR would produce (all core layers, blamed only for problems the
 * base did not already have) → change rules against the base → namespace proof per touched namespace (for the
 * author, or by a trusted upstream's own records: upstream.ts) and its recorded account (identity.ts) → owners.json changes → network proofs. A maintainer-override label
 * that covers the head commit (override.ts) waives the ownership, path and artifact checks (reported as warnings),
 * never validation: the rule catalog (scripts/core/rule-ids.ts `gateMeta`) says which rules are waivable and which
 * labels their errors raise.
 */
import type { RegistryConfig } from '../config/config.ts';
import type { Problem } from '../core/problem.ts';
import { sortProblems } from '../core/problem.ts';
import { GATE_LABELS, type GateLabel, gateMeta } from '../core/rule-ids.ts';
import { compareVersions } from '../core/latest.ts';
import { checkoutProblem, validateTree } from '../validate/tree.ts';
import { changeProblems } from '../validate/changes.ts';
import { gitBlobSha } from '../git/blobs.ts';
import { locate } from '../core/json/strict-json.ts';
import type { TreeFile } from '../tree/files.ts';
import type { Proof } from '../core/proof.ts';
import type { PrSnapshot } from './snapshot.ts';
import { decodeBytes } from './snapshot.ts';
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { pathPolicyProblems, touchedNamespaces, workflowChangeProblems } from './paths.ts';
import { judgeNamespace, type NamespaceJudgement } from './namespace.ts';
import { judgeIdentity } from './identity.ts';
import { judgeOverride } from './override.ts';

export type Outcome = 'pass' | 'fail' | 'needs-maintainer';

export interface NewVersion {
  file: string;
  name: string;
  version: string;
  /** The server's latest version on the base branch, when it has one. */
  previousFile?: string;
}

export interface Verdict {
  outcome: Outcome;
  problems: Problem[];
  proofs: Proof[];
  labels: string[];
  namespaces: NamespaceJudgement[];
  newVersions: NewVersion[];
  /** Set when the override label was honoured: who applied it, with which role, for which head commit. */
  override?: { label: string; appliedBy: string; role: string; covers: string; waived: number };
  /** Set when the override label is present but waives nothing; `remove` asks the report to take it off. */
  overrideRefused?: { label: string; appliedBy?: string; detail: string; remove: boolean };
}

const problemKey = (p: Problem) => `${p.rule}\u0000${p.file}\u0000${p.jsonPath}\u0000${p.message}`;

export function evaluate(snapshot: PrSnapshot, config: RegistryConfig): Verdict {
  const problems: Problem[] = [];
  const proofs: Proof[] = [];

  if (snapshot.pr.baseRef !== config.defaultBranch) {
    problems.push({
      rule: 'pr-base-branch',
      severity: 'error',
      file: '',
      jsonPath: '',
      message: `This PR targets the branch "${snapshot.pr.baseRef}"; the registry only accepts PRs into its default branch "${config.defaultBranch}", the tree the gate judges against. Change the PR's base branch (Edit, next to the title): the gate runs again.`,
    });
    return finish(snapshot, problems, proofs, [], []);
  }
  if (snapshot.tooManyFiles) {
    const { count, cap } = snapshot.tooManyFiles;
    problems.push({
      rule: 'pr-too-many-files',
      severity: 'error',
      file: '',
      jsonPath: '',
      message: `This PR changes ${count} files; the gate judges at most ${cap}. Split it into smaller PRs (one server or namespace each).`,
    });
    return finish(snapshot, problems, proofs, [], []);
  }
  if (snapshot.headMoved) {
    problems.push({
      rule: 'pr-head-moved',
      severity: 'error',
      file: '',
      jsonPath: '',
      message: `The PR head moved from ${snapshot.headMoved.from.slice(0, 12)} to ${snapshot.headMoved.to.slice(0, 12)} while its files were read; the gate runs again on the new head.`,
    });
    return finish(snapshot, problems, proofs, [], []);
  }

  // Ownership is judged for the author (or proven by a trusted upstream's records); the path policy depends on it.
  const judgements = touchedNamespaces(snapshot.files).map((ns) => judgeNamespace(snapshot, ns, config));
  const allUpstream = judgements.length > 0 && judgements.every((j) => j.upstream);
  problems.push(...pathPolicyProblems(snapshot.files, allUpstream), ...workflowChangeProblems(snapshot.files));
  // Paths the tree never sees (outside servers/) must still be ones a checkout of main can write.
  for (const f of snapshot.files) {
    const p = f.status !== 'removed' && !f.path.startsWith('servers/') ? checkoutProblem(f.path) : undefined;
    if (p) problems.push(p);
  }

  // The tree before and after the PR (servers/ only; other paths are path-policy business).
  const baseTree = new Map<string, Uint8Array>();
  for (const f of snapshot.base.files) baseTree.set(f.path, decodeBytes(f.content));
  const headTree = new Map(baseTree);
  for (const f of snapshot.files) {
    if (!f.path.startsWith('servers/')) continue;
    if (f.status === 'removed') headTree.delete(f.path);
    else if (f.content) headTree.set(f.path, decodeBytes(f.content));
    else {
      headTree.delete(f.path);
      problems.push({
        rule: 'pr-file-unreadable',
        severity: 'error',
        file: f.path,
        jsonPath: '',
        message: `${f.path} could not be read at the head commit: ${f.unreadable ?? 'unknown reason'}.`,
      });
    }
  }
  // Base files the reader could not take as bytes (a symbolic link) keep their flag for the tree rules.
  const issues = new Map(snapshot.base.files.filter((f) => f.issue).map((f) => [f.path, f.issue!]));
  const asFiles = (m: Map<string, Uint8Array>): TreeFile[] =>
    [...m].map(([path, bytes]) =>
      issues.has(path) && bytes === baseTree.get(path) ? { path, bytes, issue: issues.get(path)! } : { path, bytes },
    );
  const before = validateTree(asFiles(baseTree), config);
  const after = validateTree(asFiles(headTree), config);
  const known = new Set(before.problems.map(problemKey));
  problems.push(...after.problems.filter((p) => !known.has(problemKey(p))));

  const shas = (m: Map<string, Uint8Array>) => new Map([...m].map(([p, b]) => [p, gitBlobSha(b)] as [string, string]));
  problems.push(
    ...changeProblems(shas(baseTree), shas(headTree), `the base branch (${snapshot.base.sha.slice(0, 12)})`),
  );

  for (const j of judgements) {
    proofs.push(...j.proofs);
    proofs.push({
      check: 'namespace-owner',
      subject: `${j.namespace} for ${snapshot.pr.author.login}`,
      ok: j.ok,
      detail: j.detail,
      ...(j.retryable ? { retryable: true } : {}),
      rule: 'namespace-proof',
    });
    const identity = judgeIdentity(snapshot, j);
    problems.push(...identity.problems);
    if (identity.record) j.record = identity.record;
    if (j.ok) continue;
    const inNs = snapshot.files.filter((f) => namespaceOf(f.path) === j.namespace);
    const owners = inNs.filter((f) => classifyPath(f.path).kind === 'owners');
    const others = inNs.filter((f) => classifyPath(f.path).kind !== 'owners');
    for (const f of owners)
      problems.push({
        rule: 'owners-change-proof',
        severity: 'error',
        file: f.path,
        jsonPath: '',
        message: `owners.json may only be changed by an owner listed in the base branch's owners.json or by someone with the namespace's primary proof. ${j.detail}.`,
      });
    if (others.length)
      problems.push({
        rule: 'namespace-proof',
        severity: 'error',
        file: others[0]!.path,
        jsonPath: '',
        message: `The PR author may not publish in ${j.namespace}: ${j.detail}.${j.retryable ? ' A lookup failed; re-run the gate later.' : ''}`,
      });
  }

  // Artifact proofs gathered over the network, one per package and remote of each added server.json.
  for (const p of snapshot.proofs) {
    const { file, ...proof } = p;
    proofs.push(proof);
    if (p.ok) continue;
    problems.push({
      rule: p.rule,
      severity: 'error',
      file,
      jsonPath: p.jsonPath ?? '',
      message: `${p.check} (${p.subject}): ${p.detail}${p.retryable ? ' — this may be temporary; re-run the gate later.' : ''}`,
    });
  }

  // Give network problems a line, so the check run can annotate the package or remote they are about.
  for (const p of problems) {
    const bytes = p.line === undefined && p.jsonPath ? headTree.get(p.file) : undefined;
    const at = bytes && locate(new TextDecoder().decode(bytes), p.jsonPath);
    if (at) Object.assign(p, at);
  }

  return finish(snapshot, problems, proofs, judgements, newVersions(snapshot, baseTree));
}

function newVersions(snapshot: PrSnapshot, baseTree: Map<string, Uint8Array>): NewVersion[] {
  const out: NewVersion[] = [];
  for (const f of snapshot.files) {
    const info = classifyPath(f.path);
    if (f.status !== 'added' || info.kind !== 'server') continue;
    const name = `${info.namespace}/${info.server}`;
    let previous: { version: string; file: string } | undefined;
    for (const path of baseTree.keys()) {
      const b = classifyPath(path);
      if (b.kind !== 'server' || `${b.namespace}/${b.server}` !== name) continue;
      const cand = { version: b.version, file: path };
      if (!previous || isNewer(cand.version, previous.version)) previous = cand;
    }
    out.push({ file: f.path, name, version: info.version, previousFile: previous?.file });
  }
  return out;
}

/** The official latest rule without publish times; equal precedence is broken by plain text (deterministic). */
function isNewer(a: string, b: string): boolean {
  const c = compareVersions(
    { version: a, publishedAt: '', status: 'active' },
    { version: b, publishedAt: '', status: 'active' },
  );
  return c > 0 || (c === 0 && a > b);
}

function finish(
  snapshot: PrSnapshot,
  problems: Problem[],
  proofs: Proof[],
  namespaces: NamespaceJudgement[],
  added: NewVersion[],
): Verdict {
  let override: Verdict['override'];
  let overrideRefused: Verdict['overrideRefused'];
  const o = judgeOverride(snapshot);
  if (o?.honoured) {
    let waived = 0;
    for (const p of problems)
      if (p.severity === 'error' && gateMeta(p.rule).waivable) {
        p.severity = 'warning';
        p.message = `Waived by maintainer override: ${p.message}`;
        waived++;
      }
    override = { label: o.label, appliedBy: o.appliedBy, role: o.role, covers: o.covers, waived };
    problems.push({
      rule: 'maintainer-override',
      severity: 'warning',
      file: '',
      jsonPath: '',
      message: `The label "${o.label}" was applied by ${o.appliedBy} (${o.role} role) after commit ${o.covers.slice(0, 12)} was pushed: they take responsibility for ${waived} waived check(s) of that commit only; a new push drops the override. Validation is never waived.`,
    });
  } else if (o) {
    overrideRefused = {
      label: o.label,
      ...(o.appliedBy ? { appliedBy: o.appliedBy } : {}),
      detail: o.detail,
      remove: o.remove,
    };
    problems.push({
      rule: 'maintainer-override-refused',
      severity: 'warning',
      file: '',
      jsonPath: '',
      message: `The label "${o.label}" is present but waives nothing: ${o.detail}.${o.remove ? ' The gate removes it; a maintainer applies it again for the commit they reviewed.' : ''}`,
    });
  }
  // Deduplicate (a rule may be reached from two stages) and order stably.
  const seen = new Set<string>();
  const unique = sortProblems(problems.filter((p) => !seen.has(problemKey(p)) && seen.add(problemKey(p))));
  const errors = unique.filter((p) => p.severity === 'error');
  const outcome: Outcome =
    errors.length === 0 ? 'pass' : errors.every((p) => gateMeta(p.rule).needsMaintainer) ? 'needs-maintainer' : 'fail';
  return {
    outcome,
    problems: unique,
    proofs,
    labels: labelsFor(outcome, errors, proofs, namespaces),
    namespaces,
    newVersions: added,
    ...(override ? { override } : {}),
    ...(overrideRefused ? { overrideRefused } : {}),
  };
}

/** The verdict's labels: from the outcome, from each error's rule (scripts/core/rule-ids.ts) and from failed proofs. */
function labelsFor(outcome: Outcome, errors: Problem[], proofs: Proof[], namespaces: NamespaceJudgement[]): string[] {
  const labels = new Set<GateLabel>();
  if (outcome === 'pass') labels.add('ready');
  if (outcome === 'needs-maintainer') labels.add('maintainer');
  for (const p of errors) for (const l of gateMeta(p.rule).labels ?? []) labels.add(l);
  for (const p of proofs)
    if (!p.ok && !p.retryable) for (const l of gateMeta(p.rule).refusedProofLabels ?? []) labels.add(l);
  if (errors.length && proofs.some((p) => !p.ok && p.retryable)) labels.add('retry');
  if (namespaces.some((n) => n.isNew)) labels.add('newNamespace');
  return [...labels].map((l) => GATE_LABELS[l]).sort();
}

/**
 * The path policy (pure): a data PR may only add version folders and change status.json / owners.json under
 * servers/; a path outside servers/ needs a maintainer, whoever the author is, and a path under .github/ is refused. What a path inside servers/ means is
 * scripts/core/repo-path.ts's business (misplaced files there are the tree layer's `tree-stray-file`).
 */
import type { Problem } from '../core/problem.ts';
import { classifyPath, namespaceOf, SIGNATURE_FILE, SERVER_FILE } from '../core/repo-path.ts';
import type { ChangedFile } from './snapshot.ts';

export function isOutsideServers(path: string): boolean {
  return namespaceOf(path) === undefined;
}

/**
 * Under .github/: workflows, local actions and repository settings. Workflows run with this repository's tokens and
 * every job posts a check run under its own name, so a PR that changes them could post one named like the gate's.
 * Matched case-insensitively (a case variant is refused too, not left to whichever checkout reads it).
 */
export function isRepositoryControl(path: string): boolean {
  return path.split('/')[0]!.toLowerCase() === '.github';
}

/** The signature file committed beside a server.json. */
export function signaturePathFor(serverJsonPath: string): string {
  return serverJsonPath.slice(0, -SERVER_FILE.length) + SIGNATURE_FILE;
}

/** Namespaces a PR touches, as written in the paths (a rename touches both ends). */
export function touchedNamespaces(files: readonly ChangedFile[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const ns = namespaceOf(f.path);
    if (ns) out.add(ns);
  }
  return [...out].sort();
}

/**
 * Outside servers/ and outside .github/ (that has its own, stricter rule below): a maintainer reviews it. The import's
 * sync file (`servers/_upstream.json`) is the one exception, in the import's own PR: one whose every namespace is
 * proven by a trusted upstream's records (`syncAllowed`, evaluate.ts), so the scheduled import passes the gate.
 */
export function pathPolicyProblems(files: readonly ChangedFile[], syncAllowed = false): Problem[] {
  return files
    .filter((f) => isOutsideServers(f.path) && !isRepositoryControl(f.path))
    .filter((f) => !(syncAllowed && isSyncFile(f)))
    .map((f) => ({
      rule: 'path-policy' as const,
      severity: 'error' as const,
      file: f.path,
      jsonPath: '',
      message: isSyncFile(f)
        ? `${f.path} is npm run import's sync time; it may change only in a PR whose every namespace is proven by a trusted upstream's records (ownership.trustedUpstreams), the import's own. A maintainer must review this change.`
        : `${f.path} is ${f.status} outside servers/. A data PR may only add version folders and change status.json or owners.json; a maintainer must review this change (or split it into its own PR).`,
    }));
}

/** The sync file, added or changed (removing it is a maintainer's reset: docs/maintainers.md). */
function isSyncFile(f: ChangedFile): boolean {
  return f.status !== 'removed' && classifyPath(f.path).kind === 'upstream-sync';
}

/** Anything under .github/ changed: refused, whatever else the PR does (a rename counts at both ends). */
export function workflowChangeProblems(files: readonly ChangedFile[]): Problem[] {
  return files
    .filter((f) => isRepositoryControl(f.path))
    .map((f) => ({
      rule: 'pr-workflow-change' as const,
      severity: 'error' as const,
      file: f.path,
      jsonPath: '',
      message: `${f.path} is ${f.status} under .github/. Workflows run with this repository's tokens and can post checks named like the gate's, so a PR that changes them is refused; only a maintainer override given for this exact head commit waives it. Registry data PRs never need to touch .github/.`,
    }));
}

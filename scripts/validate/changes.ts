/**
 * Layer 5: what a change may do to the tree. New version folders may be added; status.json and
 * owners.json may change; a merged server.json (and its signature) is never modified, removed or
 * renamed. Inputs are path → git blob id maps, so the same rule serves a checkout and a PR.
 */
import type { Problem } from '../core/problem.ts';
import { classifyPath } from '../core/repo-path.ts';

function isImmutable(path: string): boolean {
  const k = classifyPath(path).kind;
  return k === 'server' || k === 'signature';
}

export function changeProblems(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
  baseLabel: string,
): Problem[] {
  const out: Problem[] = [];
  const added = new Map<string, string[]>();
  for (const [path, sha] of head) {
    if (base.has(path)) continue;
    if (!added.has(sha)) added.set(sha, []);
    added.get(sha)!.push(path);
  }
  for (const [path, sha] of base) {
    if (!isImmutable(path)) continue;
    const now = head.get(path);
    if (now === sha) continue;
    if (now !== undefined) {
      out.push({
        rule: 'immutable-modified',
        severity: 'error',
        file: path,
        jsonPath: '',
        message: `${path} was published in ${baseLabel} and may not change. Revert it and add a new version folder instead (npm run new -- <name> <version>).`,
      });
      continue;
    }
    const movedTo = added.get(sha)?.find((p) => isImmutable(p));
    if (movedTo) {
      out.push({
        rule: 'immutable-renamed',
        severity: 'error',
        file: path,
        jsonPath: '',
        message: `${path} (published in ${baseLabel}) was moved to ${movedTo}. Published versions keep their path; move it back.`,
      });
    } else {
      out.push({
        rule: 'immutable-removed',
        severity: 'error',
        file: path,
        jsonPath: '',
        message: `${path} was published in ${baseLabel} and may not be removed. Restore it; to retire the version add status.json with {"status": "deprecated"} or {"status": "deleted"}.`,
      });
    }
  }
  return out;
}

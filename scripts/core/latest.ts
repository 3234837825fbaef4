/**
 * The official `isLatest` rule (official-registry-rules.md §4), as a pure function over versions.
 *
 * - A version is semver when it has exactly three numeric parts (prerelease and build allowed).
 * - Two semver versions compare by semver precedence; two non-semver versions by publish time
 *   (later wins); a semver version always beats a non-semver one. So a backport (1.0.1 published
 *   after 2.0.0) is not latest.
 * - Deleted versions are skipped; if every version is deleted, the highest deleted one keeps it.
 *
 * The official registry decides at publish time ("new beats current only if strictly greater"),
 * so on a tie the earlier-published version keeps `isLatest`. Ties on publish time too (two versions
 * landing in one commit) are broken by plain text, the larger wins, so the result never depends on
 * input order.
 */
import semver from 'semver';
import type { Status } from './types.ts';
import { codeUnitOrder } from './compare.ts';

/** SemVer 2.0.0 grammar: exactly MAJOR.MINOR.PATCH, no leading zeros, no `v` prefix. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

export interface LatestCandidate {
  version: string;
  /** RFC 3339 UTC time, comparable as text when produced by one formatter. */
  publishedAt: string;
  status: Status;
}

/**
 * The official CompareVersions: > 0 when `a` should replace `b` as latest, < 0 when not, 0 when
 * the rule cannot tell (equal semver precedence, or equal publish times of non-semver versions).
 */
export function compareVersions(a: LatestCandidate, b: LatestCandidate): number {
  const aSem = isSemver(a.version);
  const bSem = isSemver(b.version);
  if (aSem && bSem) return semver.compare(a.version, b.version);
  if (aSem !== bSem) return aSem ? 1 : -1;
  return codeUnitOrder(a.publishedAt, b.publishedAt);
}

/** Total order used to pick the latest: the official comparison, then earlier publish, then text. */
function beats(a: LatestCandidate, b: LatestCandidate): boolean {
  const c = compareVersions(a, b);
  if (c !== 0) return c > 0;
  const t = codeUnitOrder(a.publishedAt, b.publishedAt);
  if (t !== 0) return t < 0; // the incumbent (earlier published) keeps it
  return codeUnitOrder(a.version, b.version) > 0;
}

/** The version that carries `isLatest`, or undefined for an empty list. */
export function pickLatest(versions: readonly LatestCandidate[]): string | undefined {
  const live = versions.filter((v) => v.status !== 'deleted');
  const pool = live.length > 0 ? live : versions;
  let best: LatestCandidate | undefined;
  for (const v of pool) if (best === undefined || beats(v, best)) best = v;
  return best?.version;
}

/**
 * Order for a server's versions list: newest publish first (the official order), then the
 * version the latest rule ranks higher, so versions landing in one commit still sort stably.
 */
export function compareNewestFirst(a: LatestCandidate, b: LatestCandidate): number {
  const t = codeUnitOrder(b.publishedAt, a.publishedAt);
  if (t !== 0) return t;
  if (a.version === b.version) return 0;
  return beats(a, b) ? -1 : 1;
}

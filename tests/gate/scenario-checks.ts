/**
 * What the hijack-scenario files check on a gate run: the writes GitHub received, the rules the verdict names, and
 * the one check run, sticky comment and labels a reported verdict leaves. The label names are spelled out here, not
 * taken from the code under test.
 */
import { expect } from 'vitest';
import { BOT, type FakeCall } from '../fakes/index.ts';
import { REPO, type GateRun, type World } from './harness.ts';

export const REPO_PATH = `/repos/${REPO}`;

export const LABELS = {
  ready: 'registry: ready for review',
  invalid: 'registry: invalid',
  owner: 'registry: needs owner proof',
  artifact: 'registry: artifact mismatch',
  retry: 'registry: retry later',
  maintainer: 'registry: needs maintainer',
  newNs: 'registry: new namespace',
  override: 'registry: maintainer override',
};

/** The writes among `calls`, in order, as `METHOD path` (the repository's path left out). */
export function writesOf(calls: readonly FakeCall[]): string[] {
  return calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path.replace(REPO_PATH, '')}`);
}

/** The writes GitHub received during a run. */
export function writes(r: GateRun): string[] {
  return writesOf(r.calls);
}

/** A reported verdict's writes and nothing else: the check run, the sticky comment, the labels. */
export function standardWrites(r: GateRun): string[] {
  return ['POST /check-runs', `POST /issues/${r.number}/comments`, `POST /issues/${r.number}/labels`];
}

/** The distinct rules of the verdict's problems of one severity, sorted. */
export function errorRules(r: Pick<GateRun, 'result'>, severity: 'error' | 'warning' = 'error'): string[] {
  return [...new Set(r.result!.verdict.problems.filter((p) => p.severity === severity).map((p) => p.rule))].sort();
}

/**
 * The verdict reached GitHub: one completed check run on the head with this conclusion, one comment by the gate
 * (containing each of `commentIncludes`), exactly these labels on the pull request. Returns the comment's body.
 */
export function expectCheckCommentLabels(
  world: World,
  r: GateRun,
  conclusion: string,
  labels: string[],
  commentIncludes: string[] = [],
): string {
  const runs = world.gh.checkRuns.filter((c) => c.head_sha === r.headSha);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ name: 'registry-gate', status: 'completed', conclusion });
  const mine = (world.gh.comments.get(r.number) ?? []).filter((c) => c.user.login === BOT.login);
  expect(mine).toHaveLength(1);
  for (const s of commentIncludes) expect(mine[0]!.body).toContain(s);
  expect([...world.gh.pulls.get(REPO)!.get(r.number)!.labels!].sort()).toEqual([...labels].sort());
  return mine[0]!.body;
}

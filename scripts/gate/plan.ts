/**
 * What the gate writes to GitHub, planned as data (pure): a check run on the PR's head SHA (the required status; a
 * pull_request_target run is attached to the base branch and cannot be it), ONE sticky comment found by its hidden
 * marker and updated in place, and the gate's own labels (created with a colour and description before first use). act.ts reads the current state and performs the plan;
 * `npm run gate -- --report --dry-run` prints it instead, and recorded fixtures pin it (writes.json).
 *
 * The writes are in the order GitHub receives them. A new kind of write (creating a label, …) is a new member of
 * GitHubWrite and a new case in the executor (act.ts), which TypeScript holds exhaustive.
 */
import { GATE_LABEL_STYLE, GATE_LABELS, type GateLabel } from '../core/rule-ids.ts';
import type { Verdict } from './evaluate.ts';
import {
  type Annotation,
  annotations,
  CHECK_NAME,
  checkTitle,
  COMMENT_MARKER,
  commentBody,
  conclusionOf,
  reportBody,
} from './report.ts';
import type { PrSnapshot } from './snapshot.ts';
import { md } from '../core/markdown.ts';

/** GitHub accepts at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** What the plan depends on besides the verdict: the PR as GitHub shows it now (act.ts `readGitHubState`). */
export interface GitHubState {
  /** The PR's issue comments, oldest first. */
  comments: Array<{ id: number; body: string; authorType: string }>;
  /** Names of the labels on the PR. */
  labels: string[];
  /** Names of the repository's labels: a gate label missing here is created (with its colour) before it is added. */
  repoLabels: string[];
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  annotations?: Annotation[];
}

export type GitHubWrite =
  | {
      kind: 'create-check-run';
      name: string;
      headSha: string;
      conclusion: 'success' | 'failure' | 'action_required';
      detailsUrl?: string;
      output: CheckRunOutput;
    }
  /** More annotations for the check run created before it in the same plan. */
  | { kind: 'update-check-run'; output: CheckRunOutput }
  | { kind: 'create-comment'; issue: number; body: string }
  | { kind: 'update-comment'; commentId: number; body: string }
  /** A repository label, created before first use (an existing one, even from a concurrent run, is left as it is). */
  | { kind: 'create-label'; name: string; color: string; description: string }
  | { kind: 'add-labels'; issue: number; labels: string[] }
  | { kind: 'remove-label'; issue: number; label: string };

const LABEL_KEYS = new Map(Object.entries(GATE_LABELS).map(([k, name]) => [name as string, k as GateLabel]));

/** The gate's own comment: by a bot and starting with the marker (a PR author can copy the marker, not the author). */
export function stickyComment(state: GitHubState): GitHubState['comments'][number] | undefined {
  return state.comments.find((c) => c.authorType === 'Bot' && c.body.startsWith(COMMENT_MARKER));
}

export function planActions(
  snapshot: PrSnapshot,
  verdict: Verdict,
  state: GitHubState,
  opts: { detailsUrl?: string } = {},
): GitHubWrite[] {
  const issue = snapshot.pr.number;
  const writes: GitHubWrite[] = [];

  const notes = annotations(snapshot, verdict);
  const summary = reportBody(snapshot, verdict);
  const output = (from: number): CheckRunOutput => ({
    title: checkTitle(verdict),
    summary,
    annotations: notes.slice(from, from + ANNOTATIONS_PER_REQUEST),
  });
  writes.push({
    kind: 'create-check-run',
    name: CHECK_NAME,
    headSha: snapshot.pr.headSha,
    conclusion: conclusionOf(verdict.outcome),
    ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
    output: output(0),
  });
  for (let i = ANNOTATIONS_PER_REQUEST; i < notes.length; i += ANNOTATIONS_PER_REQUEST)
    writes.push({ kind: 'update-check-run', output: output(i) });

  const body = commentBody(snapshot, verdict);
  const mine = stickyComment(state);
  if (!mine) writes.push({ kind: 'create-comment', issue, body });
  else if (mine.body !== body) writes.push({ kind: 'update-comment', commentId: mine.id, body });

  // Add the verdict's labels, remove the gate's others; never touch anyone else's labels.
  const managed = new Set<string>(Object.values(GATE_LABELS));
  const add = verdict.labels.filter((l) => !state.labels.includes(l));
  // GitHub matches label names case-insensitively; adding a missing one would make it grey and undescribed.
  const existing = new Set(state.repoLabels.map((l) => l.toLowerCase()));
  for (const name of add)
    if (!existing.has(name.toLowerCase())) {
      const style = GATE_LABEL_STYLE[LABEL_KEYS.get(name)!];
      writes.push({ kind: 'create-label', name, ...style });
    }
  if (add.length) writes.push({ kind: 'add-labels', issue, labels: add });
  for (const label of state.labels)
    if (managed.has(label) && !verdict.labels.includes(label)) writes.push({ kind: 'remove-label', issue, label });
  // An override older than the head (a push came after it) or applied without the maintain role covers nothing: take
  // it off, so the PR never shows a label that waives nothing (override.ts).
  const stale = verdict.overrideRefused;
  if (stale?.remove && state.labels.includes(stale.label))
    writes.push({ kind: 'remove-label', issue, label: stale.label });
  return writes;
}

/** The title of the failing check when there is no verdict (the workflow's last-resort step uses it too). */
export const NO_VERDICT_TITLE = 'No verdict for this commit';

/**
 * No verdict could be judged for this head (the analyze job failed or was cancelled, its result is missing, not a gate
 * result, or for another head): never leave the PR without a required check — a failing one that says why. Only the
 * check run is written: the comment and labels belong to a real verdict (perhaps a newer head's).
 */
export function planMissingResult(headSha: string, reason: string, opts: { detailsUrl?: string } = {}): GitHubWrite[] {
  return [
    {
      kind: 'create-check-run',
      name: CHECK_NAME,
      headSha,
      conclusion: 'failure',
      ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
      output: {
        title: NO_VERDICT_TITLE,
        summary: `${md(reason, 2000)}\n\nThe gate judged nothing for ${headSha.slice(0, 12)}, so this check fails rather than stay missing. A maintainer looks at the workflow run and re-runs it (Actions → registry gate → the run → Re-run all jobs); a new push runs the gate again.`,
      },
    },
  ];
}

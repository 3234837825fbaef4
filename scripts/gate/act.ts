/**
 * Act: publish a verdict on GitHub. A check run on the PR's head SHA (the required status; a pull_request_target run
 * is attached to the base branch and cannot be it), ONE sticky comment found by its hidden marker and updated in
 * place, the gate's labels (only those it manages), and the job summary.
 */
import { appendFile } from 'node:fs/promises';
import { GATE_LABELS } from '../core/rule-ids.ts';
import type { GitHub } from './github.ts';
import type { Verdict } from './evaluate.ts';
import type { PrSnapshot } from './snapshot.ts';
import {
  annotations,
  CHECK_NAME,
  checkTitle,
  COMMENT_MARKER,
  commentBody,
  conclusionOf,
  reportBody,
} from './report.ts';

/** GitHub accepts at most 50 annotations per check-run request. */
const ANNOTATIONS_PER_REQUEST = 50;

export interface ActResult {
  checkRunId: number;
  commentId: number;
  commentCreated: boolean;
  labelsAdded: string[];
  labelsRemoved: string[];
}

export async function act(
  github: GitHub,
  snapshot: PrSnapshot,
  verdict: Verdict,
  opts: { summaryFile?: string; detailsUrl?: string } = {},
): Promise<ActResult> {
  const [owner, repo] = snapshot.repository.split('/') as [string, string];
  const issue_number = snapshot.pr.number;

  // 1. Check run on the head SHA, annotations in batches of 50.
  const notes = annotations(snapshot, verdict);
  const summary = reportBody(snapshot, verdict);
  const output = (batch: typeof notes) => ({ title: checkTitle(verdict), summary, annotations: batch });
  const { data: run } = await github.rest.checks.create({
    owner,
    repo,
    name: CHECK_NAME,
    head_sha: snapshot.pr.headSha,
    status: 'completed',
    conclusion: conclusionOf(verdict.outcome),
    ...(opts.detailsUrl ? { details_url: opts.detailsUrl } : {}),
    output: output(notes.slice(0, ANNOTATIONS_PER_REQUEST)),
  });
  for (let i = ANNOTATIONS_PER_REQUEST; i < notes.length; i += ANNOTATIONS_PER_REQUEST)
    await github.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      output: output(notes.slice(i, i + ANNOTATIONS_PER_REQUEST)),
    });

  // 2. The sticky comment: ours is by a bot and starts with the marker (a PR author can copy the marker, not the author).
  const body = commentBody(snapshot, verdict);
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(COMMENT_MARKER));
  let commentId: number;
  if (mine) {
    if (mine.body !== body) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    commentId = mine.id;
  } else {
    commentId = (await github.rest.issues.createComment({ owner, repo, issue_number, body })).data.id;
  }

  // 3. Labels: add the verdict's, remove the gate's others; never touch anyone else's labels.
  const current = (
    await github.paginate(github.rest.issues.listLabelsOnIssue, { owner, repo, issue_number, per_page: 100 })
  ).map((l) => l.name);
  const managed = new Set<string>(Object.values(GATE_LABELS));
  const labelsAdded = verdict.labels.filter((l) => !current.includes(l));
  const labelsRemoved = current.filter((l) => managed.has(l) && !verdict.labels.includes(l));
  if (labelsAdded.length) await github.rest.issues.addLabels({ owner, repo, issue_number, labels: labelsAdded });
  for (const name of labelsRemoved) await github.rest.issues.removeLabel({ owner, repo, issue_number, name });

  // 4. Job summary.
  if (opts.summaryFile) await appendFile(opts.summaryFile, `${summary}\n`);

  return { checkRunId: run.id, commentId, commentCreated: !mine, labelsAdded, labelsRemoved };
}

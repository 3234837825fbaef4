/**
 * Act: publish a verdict on GitHub. Read what the PR shows now (comments, labels, the repository's labels), plan the
 * writes (plan.ts, pure), perform them in order, then append the report to the job summary. With `dryRun` nothing is
 * written anywhere: the plan is returned for printing.
 *
 * Check runs go through `checks` when given: a client with the gate's GitHub App token, an identity no workflow job can
 * have, so the required check can be pinned to it (docs/maintainers.md). Everything else uses `github`.
 */
import { appendFile } from 'node:fs/promises';
import type { Verdict } from './evaluate.ts';
import { type GitHub, splitRepo, statusOf } from '../github/client.ts';
import { type GitHubState, type GitHubWrite, planActions } from './plan.ts';
import { reportBody } from './report.ts';
import type { PrSnapshot } from './snapshot.ts';

export interface Executed {
  /** The check run the plan created. */
  checkRunId?: number;
  /** The sticky comment created or updated. */
  commentId?: number;
}

export interface ActResult extends Executed {
  /** What the plan was made from (absent when it does not depend on GitHub's state). */
  state?: GitHubState;
  writes: GitHubWrite[];
  /** False for a dry run. */
  executed: boolean;
}

export async function readGitHubState(github: GitHub, repository: string, issue_number: number): Promise<GitHubState> {
  const [owner, repo] = splitRepo(repository);
  // One after the other: a run's requests then come in a fixed order (the scenario tests pin it).
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const labels = await github.paginate(github.rest.issues.listLabelsOnIssue, {
    owner,
    repo,
    issue_number,
    per_page: 100,
  });
  const repoLabels = await github.paginate(github.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 });
  return {
    comments: comments.map((c) => ({ id: c.id, body: c.body ?? '', authorType: c.user?.type ?? '' })),
    labels: labels.map((l) => l.name),
    repoLabels: repoLabels.map((l) => l.name),
  };
}

/** GitHub's answer when a label of that name (in any case) exists already, e.g. created by a concurrent run. */
function labelExists(e: unknown): boolean {
  const errors = (e as { response?: { data?: { errors?: Array<{ code?: string }> } } })?.response?.data?.errors;
  return statusOf(e) === 422 && (errors ?? []).some((x) => x.code === 'already_exists');
}

/** Create a repository label with its colour and description; one that exists already is left as it is. */
export async function createLabel(
  github: GitHub,
  repository: string,
  label: { name: string; color: string; description: string },
): Promise<void> {
  const [owner, repo] = splitRepo(repository);
  try {
    await github.rest.issues.createLabel({ owner, repo, ...label });
  } catch (e) {
    if (!labelExists(e)) throw e;
  }
}

/**
 * Perform a plan, one request per write, in order; stops at the first failure (the job fails and can be re-run).
 * Check runs are written with `checks` (default: `github`).
 */
export async function executeWrites(
  github: GitHub,
  repository: string,
  writes: GitHubWrite[],
  checks: GitHub = github,
): Promise<Executed> {
  const [owner, repo] = splitRepo(repository);
  const done: Executed = {};
  for (const w of writes) {
    switch (w.kind) {
      case 'create-check-run': {
        const { data } = await checks.rest.checks.create({
          owner,
          repo,
          name: w.name,
          head_sha: w.headSha,
          status: 'completed',
          conclusion: w.conclusion,
          ...(w.detailsUrl ? { details_url: w.detailsUrl } : {}),
          output: w.output,
        });
        done.checkRunId = data.id;
        break;
      }
      case 'update-check-run':
        if (done.checkRunId === undefined) throw new Error('update-check-run planned before create-check-run');
        await checks.rest.checks.update({ owner, repo, check_run_id: done.checkRunId, output: w.output });
        break;
      case 'create-comment':
        done.commentId = (
          await github.rest.issues.createComment({ owner, repo, issue_number: w.issue, body: w.body })
        ).data.id;
        break;
      case 'update-comment':
        await github.rest.issues.updateComment({ owner, repo, comment_id: w.commentId, body: w.body });
        done.commentId = w.commentId;
        break;
      case 'create-label':
        await createLabel(github, repository, { name: w.name, color: w.color, description: w.description });
        break;
      case 'add-labels':
        await github.rest.issues.addLabels({ owner, repo, issue_number: w.issue, labels: w.labels });
        break;
      case 'remove-label':
        await github.rest.issues.removeLabel({ owner, repo, issue_number: w.issue, name: w.label });
        break;
      default:
        throw new Error(`unknown write ${(w satisfies never as { kind: string }).kind}`);
    }
  }
  return done;
}

export async function act(
  github: GitHub,
  snapshot: PrSnapshot,
  verdict: Verdict,
  opts: { summaryFile?: string; detailsUrl?: string; dryRun?: boolean; checks?: GitHub } = {},
): Promise<ActResult> {
  const state = await readGitHubState(github, snapshot.repository, snapshot.pr.number);
  const writes = planActions(snapshot, verdict, state, { detailsUrl: opts.detailsUrl });
  if (opts.dryRun) return { state, writes, executed: false };
  const done = await executeWrites(github, snapshot.repository, writes, opts.checks);
  if (opts.summaryFile) await appendFile(opts.summaryFile, `${reportBody(snapshot, verdict)}\n`);
  return { ...done, state, writes, executed: true };
}

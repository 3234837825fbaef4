/**
 * Putting files on a branch through GitHub's Git Data API (no clone, no push credentials on disk): one tree on top of
 * a parent commit, one commit, one ref. Used by the scheduled import and by the publish action; both open their pull
 * request from a branch of their own and never write the default branch.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import { type GitHub, statusOf } from './client.ts';

export interface FileChange {
  /** Repository-relative, forward slashes. */
  path: string;
  /** UTF-8 text; null deletes the file. */
  content: string | null;
}

/** A GitHub API failure as a message a person can act on (no stack trace); anything else is rethrown as is. */
export function githubFailure(e: unknown, doing: string): Error {
  const status = statusOf(e);
  if (status === undefined) return e instanceof Error ? e : new Error(String(e));
  const req = (e as { request?: { method?: string; url?: string } }).request;
  const hint =
    status === 401
      ? ' The token was rejected: it is missing, expired or revoked.'
      : status === 403 || status === 404
        ? ' The token cannot do this here: check its repository access and permissions (contents and pull requests: write).'
        : '';
  return new UserError(
    `GitHub refused ${doing}: ${req?.method ?? ''} ${req?.url ?? ''} answered ${status} (${(e as Error).message}).${hint}`,
    { cause: e },
  );
}

export function splitRepo(full: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(full);
  if (!m) throw new UserError(`"${full}" is not a repository name of the form owner/name.`);
  return { owner: m[1]!, repo: m[2]! };
}

/** A branch name git and GitHub accept for any text (`..`, a trailing `.lock` and the like get a hash suffix). */
export function safeBranch(prefix: string, text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._/-]/g, '-');
  const ok =
    cleaned === text &&
    !/\.\.|\/\.|\.\/|\/\/|\.lock(\/|$)|\.$|\/$/.test(text) &&
    !text.startsWith('.') &&
    !text.startsWith('/');
  if (ok) return `${prefix}/${text}`;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
  const tidy = cleaned
    .replace(/\.{2,}/g, '.')
    .replace(/\/+/g, '/')
    .replace(/(^[./]+|[./]+$)/g, '')
    .replace(/\.lock/g, '-lock');
  return `${prefix}/${tidy}-${hash}`;
}

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchHead(gh: GitHub, full: string, branch: string): Promise<string | undefined> {
  try {
    const { data } = await gh.rest.git.getRef({ ...splitRepo(full), ref: `heads/${branch}` });
    return data.object.sha;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

export async function treeOf(gh: GitHub, full: string, commit: string): Promise<string> {
  const { data } = await gh.rest.git.getCommit({ ...splitRepo(full), commit_sha: commit });
  return data.tree.sha;
}

/** The tree of `parent` with `files` changed (GitHub stores it; nothing points at it until a commit does). */
export async function buildTree(
  gh: GitHub,
  o: { repo: string; parent: string; files: readonly FileChange[] },
): Promise<{ tree: string; parentTree: string }> {
  const parentTree = await treeOf(gh, o.repo, o.parent);
  const { data } = await gh.rest.git.createTree({
    ...splitRepo(o.repo),
    base_tree: parentTree,
    tree: o.files.map((f) =>
      f.content === null
        ? { path: f.path, mode: '100644' as const, type: 'blob' as const, sha: null }
        : { path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content },
    ),
  });
  return { tree: data.sha, parentTree };
}

export async function createCommit(
  gh: GitHub,
  o: { repo: string; parent: string; tree: string; message: string },
): Promise<string> {
  const { data } = await gh.rest.git.createCommit({
    ...splitRepo(o.repo),
    message: o.message,
    tree: o.tree,
    parents: [o.parent],
  });
  return data.sha;
}

/**
 * Point `branch` at `commit` (creating it), refusing the repository's default branch. `force` replaces whatever the
 * branch held; without it only a fast-forward is accepted (GitHub answers 422 otherwise).
 */
export async function setBranch(
  gh: GitHub,
  o: { repo: string; branch: string; commit: string; force: boolean; defaultBranch: string },
): Promise<'created' | 'updated'> {
  if (o.branch === o.defaultBranch || o.branch.startsWith('refs/'))
    throw new UserError(`Refusing to write the branch "${o.branch}": pull requests come from a branch of their own.`);
  const r = splitRepo(o.repo);
  const current = await branchHead(gh, o.repo, o.branch);
  if (current === undefined) {
    await gh.rest.git.createRef({ ...r, ref: `refs/heads/${o.branch}`, sha: o.commit });
    return 'created';
  }
  await gh.rest.git.updateRef({ ...r, ref: `heads/${o.branch}`, sha: o.commit, force: o.force });
  return 'updated';
}

export interface OpenPull {
  number: number;
  url: string;
  title: string;
  body: string;
}

/** The open pull request into `base` from `head` (`owner:branch`), if there is one. */
export async function openPullFrom(gh: GitHub, base: string, head: string): Promise<OpenPull | undefined> {
  const { data } = await gh.rest.pulls.list({ ...splitRepo(base), state: 'open', head, per_page: 10 });
  const p = data[0];
  return p ? { number: p.number, url: p.html_url, title: p.title, body: p.body ?? '' } : undefined;
}

/**
 * The import's one pull request (the adapter): read what `npm run import` changed in a checkout (`git status`), commit
 * it through the Git Data API on top of the default branch's current head as ONE branch (rebuilt each run, never the
 * default branch), and open the pull request from it, or update the open one in place. A run that changes nothing
 * pushes nothing, so the gate is not re-run for nothing.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../core/errors.ts';
import type { GitHub } from '../github/client.ts';
import { branchHead, buildTree, createCommit, openPullFrom, setBranch, splitRepo, treeOf } from '../github/branch.ts';
import { SERVERS_DIR } from '../core/repo-path.ts';
import { importPrBody, importPrTitle, planImportPr, type ImportPrPlan, type TreeChange } from './pr-plan.ts';

const run = promisify(execFile);

export interface ImportPrOptions {
  root: string;
  /** `owner/name` of the registry. */
  repository: string;
  defaultBranch: string;
  branch: string;
  maxVersions: number;
  /** The import's printed summary, quoted in the body. */
  summary?: string;
  github: GitHub;
}

export interface ImportPrResult {
  action: 'nothing' | 'created' | 'updated' | 'unchanged';
  plan: ImportPrPlan;
  number?: number;
  url?: string;
}

/** Uncommitted changes under servers/ in a git checkout. */
export async function treeChanges(root: string): Promise<TreeChange[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', SERVERS_DIR], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (e) {
    throw new UserError(`${root} is not a git checkout (git status failed): ${(e as Error).message}`, { cause: e });
  }
  const out: TreeChange[] = [];
  const entries = stdout.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    const xy = e.slice(0, 2);
    const path = e.slice(3);
    if (xy.includes('R') || xy.includes('C')) i++; // the source path follows; a rename is refused as a deletion below
    out.push({
      path,
      change: xy === '??' || xy.includes('A') ? 'added' : xy.includes('D') || xy.includes('R') ? 'deleted' : 'modified',
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function openImportPr(o: ImportPrOptions): Promise<ImportPrResult> {
  const plan = planImportPr(await treeChanges(o.root), o.maxVersions);
  if (plan.refused.length)
    throw new UserError(
      `The import never deletes or writes outside version folders, yet the checkout has: ${plan.refused
        .slice(0, 5)
        .map((c) => `${c.path} (${c.change})`)
        .join(', ')}. Start from a clean checkout of ${o.defaultBranch}.`,
    );
  if (plan.folders.length === 0) return { action: 'nothing', plan };

  const texts = new Map<string, string>();
  for (const path of plan.files) texts.set(path, await readFile(join(o.root, path), 'utf8'));
  const statusOf = (path: string) => {
    try {
      return (JSON.parse(texts.get(path) ?? '') as { status?: string }).status;
    } catch {
      return undefined;
    }
  };
  const title = importPrTitle(plan);
  const body = importPrBody(plan, statusOf, o.summary);

  const base = await branchHead(o.github, o.repository, o.defaultBranch);
  if (!base)
    throw new UserError(`${o.repository} has no branch ${o.defaultBranch} (defaultBranch in registry.config.json).`);
  const { tree, parentTree } = await buildTree(o.github, {
    repo: o.repository,
    parent: base,
    files: plan.files.map((path) => ({ path, content: texts.get(path)! })),
  });
  if (tree === parentTree) return { action: 'nothing', plan };

  // The branch is ours alone and rebuilt from the default branch every run: forced, and only when its tree changes.
  const current = await branchHead(o.github, o.repository, o.branch);
  const same = current !== undefined && (await treeOf(o.github, o.repository, current)) === tree;
  if (!same) {
    const commit = await createCommit(o.github, { repo: o.repository, parent: base, tree, message: title });
    await setBranch(o.github, {
      repo: o.repository,
      branch: o.branch,
      commit,
      force: true,
      defaultBranch: o.defaultBranch,
    });
  }

  const { owner, repo } = splitRepo(o.repository);
  const open = await openPullFrom(o.github, o.repository, `${owner}:${o.branch}`);
  if (open) {
    if (open.title !== title || open.body !== body)
      await o.github.rest.pulls.update({ owner, repo, pull_number: open.number, title, body });
    return {
      action: same && open.title === title && open.body === body ? 'unchanged' : 'updated',
      plan,
      number: open.number,
      url: open.url,
    };
  }
  const { data } = await o.github.rest.pulls.create({
    owner,
    repo,
    head: o.branch,
    base: o.defaultBranch,
    title,
    body,
  });
  return { action: 'created', plan, number: data.number, url: data.html_url };
}

/**
 * The publish action's GitHub half, every call made with the server owner's token so the pull request is theirs:
 * who the token is, whether the version is already published (same bytes: nothing to do; other bytes: refused,
 * published versions never change), where the branch lives (the registry itself when the owner may push there,
 * else their fork, created if needed), one commit with the new version folder, and one pull request per server,
 * which a later release joins while it is open.
 */
import { UserError } from '../core/errors.ts';
import { type GitHub, statusOf } from '../github/client.ts';
import { branchHead, buildTree, createCommit, openPullFrom, setBranch, splitRepo } from '../github/branch.ts';
import { SERVER_FILE } from '../core/repo-path.ts';
import { type Prepared, publishBody, publishBranch, publishTitle } from './prepare.ts';

export interface PublishOptions {
  github: GitHub;
  /** `owner/name` of the registry. */
  registry: string;
  release: Prepared;
  /** Where the release came from (`owner/repo@sha`), for the body. */
  source?: string;
  /** How long to wait for a new fork to appear (GitHub creates forks asynchronously). */
  forkWait?: { tries: number; delayMs: number };
}

export interface PublishResult {
  action: 'created' | 'updated' | 'already-published' | 'already-proposed';
  /** Who the token belongs to. */
  login: string;
  /** Repository holding the branch (the registry or the owner's fork). */
  headRepo?: string;
  number?: number;
  url?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function publishRelease(o: PublishOptions): Promise<PublishResult> {
  const gh = o.github;
  const r = o.release;
  const { data: me } = await gh.rest.users.getAuthenticated();
  const { data: registry } = await gh.rest.repos.get(splitRepo(o.registry));
  const base = registry.default_branch;

  const published = await fileAt(gh, o.registry, r.path, base);
  if (published !== undefined) {
    if (published === r.text) return { action: 'already-published', login: me.login };
    throw new UserError(
      `${r.name} ${r.version} is already published in ${o.registry} with other content (${r.path}); published versions never change. Release a new version.`,
    );
  }

  const headRepo = registry.permissions?.push ? o.registry : await forkOf(gh, o.registry, base, o.forkWait);
  const headOwner = splitRepo(headRepo).owner;
  const branch = publishBranch(r.name);
  const open = await openPullFrom(gh, o.registry, `${headOwner}:${branch}`);
  // A release while the first PR is open joins it (fast-forward); otherwise the branch starts again from the registry.
  const parent = open ? await branchHead(gh, headRepo, branch) : await branchHead(gh, o.registry, base);
  if (!parent)
    throw new UserError(`Cannot read the branch ${open ? branch : base} of ${open ? headRepo : o.registry}.`);
  if (open && (await fileAt(gh, headRepo, r.path, parent)) === r.text)
    return { action: 'already-proposed', login: me.login, headRepo, number: open.number, url: open.url };

  const { tree } = await buildTree(gh, { repo: headRepo, parent, files: [{ path: r.path, content: r.text }] });
  const commit = await createCommit(gh, { repo: headRepo, parent, tree, message: `Publish ${r.name} ${r.version}` });
  await setBranch(gh, { repo: headRepo, branch, commit, force: !open, defaultBranch: base });

  const { owner, repo } = splitRepo(o.registry);
  if (open) {
    const versions = await versionsIn(gh, o.registry, open.number, r.name);
    await gh.rest.pulls.update({
      owner,
      repo,
      pull_number: open.number,
      title: publishTitle(r.name, versions),
      body: publishBody(r.name, versions, { ...(o.source ? { source: o.source } : {}), notes: r.notes }),
    });
    return { action: 'updated', login: me.login, headRepo, number: open.number, url: open.url };
  }
  const { data: pull } = await gh.rest.pulls.create({
    owner,
    repo,
    head: `${headOwner}:${branch}`,
    base,
    title: publishTitle(r.name, [r.version]),
    body: publishBody(r.name, [r.version], { ...(o.source ? { source: o.source } : {}), notes: r.notes }),
    maintainer_can_modify: true,
  });
  return { action: 'created', login: me.login, headRepo, number: pull.number, url: pull.html_url };
}

/** The text of a file at a ref, or undefined when it does not exist. */
async function fileAt(gh: GitHub, full: string, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...splitRepo(full), path, ref });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** The token owner's fork of the registry (GitHub returns the existing one), once it can be written. */
async function forkOf(
  gh: GitHub,
  registry: string,
  branch: string,
  wait: { tries: number; delayMs: number } = { tries: 15, delayMs: 2000 },
): Promise<string> {
  const { data } = await gh.rest.repos.createFork({ ...splitRepo(registry), default_branch_only: true });
  const fork = data.full_name;
  for (let i = 0; ; i++) {
    if ((await branchHead(gh, fork, branch)) !== undefined) break;
    if (i + 1 >= wait.tries)
      throw new UserError(`The fork ${fork} did not become ready in time; run the action again in a minute.`);
    await sleep(wait.delayMs);
  }
  // Best effort: the commit's parent is the registry's head, which a fork that is behind may not hold yet.
  await gh.rest.repos.mergeUpstream({ ...splitRepo(fork), branch }).catch(() => undefined);
  return fork;
}

/** The versions of `name` the pull request adds, from its file list. */
async function versionsIn(gh: GitHub, registry: string, pull: number, name: string): Promise<string[]> {
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    ...splitRepo(registry),
    pull_number: pull,
    per_page: 100,
  });
  const prefix = `servers/${name}/`;
  return files
    .map((f) => f.filename)
    .filter((p) => p.startsWith(prefix) && p.endsWith(`/${SERVER_FILE}`))
    .map((p) => p.slice(prefix.length, -SERVER_FILE.length - 1))
    .filter((v) => !v.includes('/'))
    .sort();
}

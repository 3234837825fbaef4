/**
 * Repositories, git data and pull-request writes for the fake GitHub, as the import workflow and the publish action
 * use them: `GET /user`, `GET /repos/{o}/{r}` (with the caller's `permissions`), forks and `merge-upstream`, refs,
 * commits and trees (`base_tree`, inline `content`, `sha: null` to delete), pull requests (list by `head`, create,
 * update, their files) and contents at a ref. Objects live in one store shared by every repository, as in a fork
 * network. Writes need push access (the owner, or a login in `pushers`); GitHub's 403 / 404 / 422 answers otherwise.
 * Attach it to a FakeGitHub with `new FakeGitNetwork(gh)`; other tests never see these routes.
 */
import { createHash } from 'node:crypto';
import type { FakeGitHub, FakeRequest, FakeRoute, FakeUser } from './github.ts';

export interface FakeRepo {
  fullName: string;
  owner: FakeUser;
  defaultBranch: string;
  /** The repository this one is a fork of. */
  parent?: string;
  /** Logins (lower case) besides the owner that may push. */
  pushers: Set<string>;
  /** branch → commit sha */
  branches: Map<string, string>;
}

export interface FakeGitPull {
  number: number;
  base: string;
  baseBranch: string;
  headRepo: string;
  headBranch: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  user: FakeUser;
  maintainerCanModify: boolean;
}

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

type Answer = ReturnType<FakeRoute>;

const sha1 = (s: string | Uint8Array) => createHash('sha1').update(s).digest('hex');
const notFound = (): Answer => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
});
const invalid = (message: string): Answer => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ message }] },
});

export class FakeGitNetwork {
  readonly repos = new Map<string, FakeRepo>();
  readonly blobs = new Map<string, Uint8Array>();
  /** tree sha → path → blob sha (flat, as `?recursive=1` shows it). */
  readonly trees = new Map<string, Map<string, string>>();
  readonly commits = new Map<string, Commit>();
  readonly pulls: FakeGitPull[] = [];
  /** Pull numbers start high so they never meet the gate fake's own pulls. */
  private nextPull = 500;

  readonly gh: FakeGitHub;

  constructor(gh: FakeGitHub) {
    this.gh = gh;
    gh.routes.push((req) => this.route(req));
  }

  /** A repository whose default branch holds `files` (text). */
  addRepo(
    fullName: string,
    o: { owner: FakeUser; files?: Record<string, string>; pushers?: string[]; defaultBranch?: string; parent?: string },
  ): FakeRepo {
    const repo: FakeRepo = {
      fullName,
      owner: o.owner,
      defaultBranch: o.defaultBranch ?? 'main',
      pushers: new Set((o.pushers ?? []).map((p) => p.toLowerCase())),
      branches: new Map(),
      ...(o.parent ? { parent: o.parent } : {}),
    };
    this.repos.set(fullName, repo);
    if (o.files) repo.branches.set(repo.defaultBranch, this.commit(this.tree(new Map(), o.files), [], 'initial'));
    return repo;
  }

  /** A commit on `branch` changing `files` (null deletes), as a merge to main would. */
  commitTo(fullName: string, branch: string, files: Record<string, string | null>, message = 'change'): string {
    const repo = this.repos.get(fullName)!;
    const parent = repo.branches.get(branch);
    const base = parent ? this.trees.get(this.commits.get(parent)!.tree)! : new Map<string, string>();
    const sha = this.commit(this.tree(base, files), parent ? [parent] : [], message);
    repo.branches.set(branch, sha);
    return sha;
  }

  /** Text of every file at a branch or commit. */
  filesAt(fullName: string, ref: string): Record<string, string> {
    const tree = this.treeOf(this.repos.get(fullName)!, ref);
    if (!tree) throw new Error(`no ${ref} in ${fullName}`);
    return Object.fromEntries([...tree].map(([p, b]) => [p, new TextDecoder().decode(this.blobs.get(b)!)]));
  }

  /** Pull requests of a base repository whose head is `owner:branch`. */
  pullsFor(base: string, head: string): FakeGitPull[] {
    return this.pulls.filter(
      (p) => p.base === base && `${this.repos.get(p.headRepo)!.owner.login}:${p.headBranch}` === head,
    );
  }

  private tree(base: Map<string, string>, files: Record<string, string | null>): string {
    const next = new Map(base);
    for (const [path, text] of Object.entries(files)) {
      if (text === null) next.delete(path);
      else {
        const bytes = new TextEncoder().encode(text);
        const sha = sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]));
        this.blobs.set(sha, bytes);
        next.set(path, sha);
      }
    }
    const sha = sha1(
      [...next]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([p, b]) => `${p}\0${b}\n`)
        .join(''),
    );
    this.trees.set(sha, next);
    return sha;
  }

  private commit(tree: string, parents: string[], message: string): string {
    const sha = sha1(JSON.stringify({ tree, parents, message }));
    this.commits.set(sha, { tree, parents, message });
    return sha;
  }

  private treeOf(repo: FakeRepo, ref: string | undefined): Map<string, string> | undefined {
    const commit = repo.branches.get(ref ?? repo.defaultBranch) ?? (ref && this.commits.has(ref) ? ref : undefined);
    return commit ? this.trees.get(this.commits.get(commit)!.tree) : undefined;
  }

  private canPush(repo: FakeRepo, user: FakeUser): boolean {
    return repo.owner.login.toLowerCase() === user.login.toLowerCase() || repo.pushers.has(user.login.toLowerCase());
  }

  private isAncestor(maybe: string, of: string): boolean {
    const todo = [of];
    const seen = new Set<string>();
    while (todo.length) {
      const c = todo.pop()!;
      if (c === maybe) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      todo.push(...(this.commits.get(c)?.parents ?? []));
    }
    return false;
  }

  /** A commit and its ancestors, nearest first. */
  private ancestors(sha: string): string[] {
    const out: string[] = [];
    const todo = [sha];
    while (todo.length) {
      const c = todo.shift()!;
      if (out.includes(c)) continue;
      out.push(c);
      todo.push(...(this.commits.get(c)?.parents ?? []));
    }
    return out;
  }

  private repoJson(repo: FakeRepo, user: FakeUser): unknown {
    const [owner, name] = repo.fullName.split('/');
    return {
      full_name: repo.fullName,
      name,
      owner: { login: owner, id: repo.owner.id, type: repo.owner.type ?? 'User' },
      default_branch: repo.defaultBranch,
      fork: repo.parent !== undefined,
      ...(repo.parent ? { parent: { full_name: repo.parent } } : {}),
      permissions: { admin: false, push: this.canPush(repo, user), pull: true },
      html_url: `https://github.com/${repo.fullName}`,
    };
  }

  private pullJson(p: FakeGitPull): unknown {
    const head = this.repos.get(p.headRepo)!;
    return {
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      user: { login: p.user.login, id: p.user.id, type: p.user.type ?? 'User' },
      html_url: `https://github.com/${p.base}/pull/${p.number}`,
      maintainer_can_modify: p.maintainerCanModify,
      head: {
        ref: p.headBranch,
        sha: head.branches.get(p.headBranch) ?? null,
        label: `${head.owner.login}:${p.headBranch}`,
        repo: { full_name: head.fullName },
      },
      base: { ref: p.baseBranch, sha: this.repos.get(p.base)!.branches.get(p.baseBranch), repo: { full_name: p.base } },
    };
  }

  private route(req: FakeRequest): Answer {
    const { method, path, body, user, query } = req;
    if (path === '/user' && method === 'GET')
      return { status: 200, body: { login: user.login, id: user.id, type: user.type ?? 'User' } };
    const m = path.match(/^\/repos\/([^/]+\/[^/]+)(\/.*)?$/);
    if (!m) return undefined;
    const repo = this.repos.get(m[1]!);
    if (!repo) return undefined; // not ours: the gate fake's routes answer
    const rest = m[2] ?? '';
    const b = (body ?? {}) as Record<string, unknown>;
    const pushOnly = (): Answer =>
      this.canPush(repo, user)
        ? undefined
        : { status: 403, body: { message: 'Resource not accessible by personal access token' } };
    let x: RegExpMatchArray | null;

    if (rest === '' && method === 'GET') return { status: 200, body: this.repoJson(repo, user) };
    if (rest === '/forks' && method === 'POST') {
      const existing = [...this.repos.values()].find((r) => r.parent === repo.fullName && r.owner.login === user.login);
      const fork =
        existing ??
        this.addRepo(`${user.login}/${String(b.name ?? repo.fullName.split('/')[1])}`, {
          owner: user,
          parent: repo.fullName,
          defaultBranch: repo.defaultBranch,
        });
      if (!existing) fork.branches.set(repo.defaultBranch, repo.branches.get(repo.defaultBranch)!);
      return { status: 202, body: this.repoJson(fork, user) };
    }
    if (rest === '/merge-upstream' && method === 'POST') {
      const denied = pushOnly();
      if (denied) return denied;
      const parent = repo.parent ? this.repos.get(repo.parent) : undefined;
      const branch = String(b.branch ?? repo.defaultBranch);
      const theirs = parent?.branches.get(branch);
      const ours = repo.branches.get(branch);
      if (!parent || !theirs) return notFound();
      if (ours && !this.isAncestor(ours, theirs)) return { status: 409, body: { message: 'merge conflict' } };
      repo.branches.set(branch, theirs);
      return {
        status: 200,
        body: {
          message: 'Successfully fetched and fast-forwarded',
          merge_type: 'fast-forward',
          base_branch: `${parent.owner.login}:${branch}`,
        },
      };
    }
    if ((x = rest.match(/^\/git\/ref\/heads\/(.+)$/)) && method === 'GET') {
      const sha = repo.branches.get(x[1]!);
      return sha ? { status: 200, body: { ref: `refs/heads/${x[1]}`, object: { sha, type: 'commit' } } } : notFound();
    }
    if (rest === '/git/refs' && method === 'POST') {
      const denied = pushOnly();
      if (denied) return denied;
      const ref = String(b.ref ?? '');
      const sha = String(b.sha ?? '');
      if (!ref.startsWith('refs/heads/')) return invalid('ref must start with refs/heads/');
      if (!this.commits.has(sha)) return invalid('Object does not exist');
      if (repo.branches.has(ref.slice(11))) return invalid('Reference already exists');
      repo.branches.set(ref.slice(11), sha);
      return { status: 201, body: { ref, object: { sha, type: 'commit' } } };
    }
    if ((x = rest.match(/^\/git\/refs\/heads\/(.+)$/)) && method === 'PATCH') {
      const denied = pushOnly();
      if (denied) return denied;
      const branch = x[1]!;
      const old = repo.branches.get(branch);
      const sha = String(b.sha ?? '');
      if (!old) return invalid('Reference does not exist');
      if (!this.commits.has(sha)) return invalid('Object does not exist');
      if (b.force !== true && !this.isAncestor(old, sha)) return invalid('Update is not a fast forward');
      repo.branches.set(branch, sha);
      return { status: 200, body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } };
    }
    if ((x = rest.match(/^\/git\/commits\/([0-9a-f]{40})$/)) && method === 'GET') {
      const c = this.commits.get(x[1]!);
      return c
        ? {
            status: 200,
            body: { sha: x[1], tree: { sha: c.tree }, parents: c.parents.map((sha) => ({ sha })), message: c.message },
          }
        : notFound();
    }
    if (rest === '/git/commits' && method === 'POST') {
      const denied = pushOnly();
      if (denied) return denied;
      const parents = (b.parents as string[] | undefined) ?? [];
      if (!this.trees.has(String(b.tree)) || parents.some((p) => !this.commits.has(p)))
        return invalid('Tree or parent does not exist');
      const sha = this.commit(String(b.tree), parents, String(b.message ?? ''));
      return { status: 201, body: { sha, tree: { sha: b.tree }, parents: parents.map((p) => ({ sha: p })) } };
    }
    if (rest === '/git/trees' && method === 'POST') {
      const denied = pushOnly();
      if (denied) return denied;
      const base = b.base_tree === undefined ? new Map<string, string>() : this.trees.get(String(b.base_tree));
      if (!base) return invalid('base_tree does not exist');
      const files: Record<string, string | null> = {};
      for (const e of (b.tree as Array<{ path: string; content?: string; sha?: string | null }>) ?? []) {
        if (e.sha === null) files[e.path] = null;
        else if (typeof e.content === 'string') files[e.path] = e.content;
        else return invalid('only inline content and sha: null are supported by the fake');
      }
      const sha = this.tree(base, files);
      return {
        status: 201,
        body: {
          sha,
          tree: [...this.trees.get(sha)!].map(([p, s]) => ({ path: p, sha: s, type: 'blob', mode: '100644' })),
        },
      };
    }
    if ((x = rest.match(/^\/contents\/(.+)$/)) && method === 'GET') {
      const tree = this.treeOf(repo, query.ref);
      const blob = tree?.get(x[1]!);
      if (!blob) return notFound();
      const bytes = this.blobs.get(blob)!;
      return {
        status: 200,
        body: {
          type: 'file',
          path: x[1],
          sha: blob,
          size: bytes.length,
          encoding: 'base64',
          content: Buffer.from(bytes).toString('base64'),
        },
      };
    }
    if (rest === '/pulls' && method === 'GET') {
      const list = this.pulls
        .filter((p) => p.base === repo.fullName)
        .filter((p) => (query.state ?? 'open') === 'all' || p.state === (query.state ?? 'open'))
        .filter((p) => !query.head || `${this.repos.get(p.headRepo)!.owner.login}:${p.headBranch}` === query.head);
      return { status: 200, body: list.map((p) => this.pullJson(p)) };
    }
    if (rest === '/pulls' && method === 'POST') {
      const head = String(b.head ?? '');
      const [owner, branch] = head.includes(':') ? head.split(':') : [repo.owner.login, head];
      const headRepo = [...this.repos.values()].find(
        (r) => r.owner.login === owner && (r.fullName === repo.fullName || r.parent === repo.fullName),
      );
      const baseBranch = String(b.base ?? repo.defaultBranch);
      const headSha = headRepo?.branches.get(branch!);
      if (!headRepo || !headSha) return invalid(`head ${head} does not exist`);
      if (
        this.pulls.some(
          (p) =>
            p.state === 'open' &&
            p.base === repo.fullName &&
            p.headRepo === headRepo.fullName &&
            p.headBranch === branch,
        )
      )
        return invalid(`A pull request already exists for ${owner}:${branch}.`);
      if (this.isAncestor(headSha, repo.branches.get(baseBranch)!))
        return invalid(`No commits between ${baseBranch} and ${head}`);
      const pull: FakeGitPull = {
        number: this.nextPull++,
        base: repo.fullName,
        baseBranch,
        headRepo: headRepo.fullName,
        headBranch: branch!,
        title: String(b.title ?? ''),
        body: String(b.body ?? ''),
        state: 'open',
        user,
        maintainerCanModify: b.maintainer_can_modify === true,
      };
      this.pulls.push(pull);
      return { status: 201, body: this.pullJson(pull) };
    }
    if ((x = rest.match(/^\/pulls\/(\d+)(\/files)?$/))) {
      const pull = this.pulls.find((p) => p.base === repo.fullName && p.number === Number(x![1]));
      if (!pull) return undefined;
      if (x[2] && method === 'GET') return { status: 200, body: this.pullFiles(pull) };
      if (method === 'GET') return { status: 200, body: this.pullJson(pull) };
      if (method === 'PATCH') {
        if (pull.user.login !== user.login && !this.canPush(repo, user))
          return { status: 403, body: { message: 'Forbidden' } };
        for (const k of ['title', 'body', 'state'] as const)
          if (typeof b[k] === 'string') (pull as unknown as Record<string, unknown>)[k] = b[k];
        return { status: 200, body: this.pullJson(pull) };
      }
    }
    return undefined;
  }

  /** What the pull request changes since its merge base with the base branch, as `pulls/{n}/files` lists it. */
  private pullFiles(p: FakeGitPull): unknown[] {
    const headSha = this.repos.get(p.headRepo)!.branches.get(p.headBranch)!;
    const baseSha = this.repos.get(p.base)!.branches.get(p.baseBranch)!;
    const mergeBase = this.ancestors(baseSha).find((c) => this.isAncestor(c, headSha)) ?? baseSha;
    const base = this.trees.get(this.commits.get(mergeBase)!.tree)!;
    const head = this.trees.get(this.commits.get(headSha)!.tree)!;
    const out: unknown[] = [];
    for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
      const a = base.get(path);
      const h = head.get(path);
      if (a === h) continue;
      out.push({ filename: path, status: !a ? 'added' : !h ? 'removed' : 'modified', sha: h ?? a });
    }
    return out;
  }
}

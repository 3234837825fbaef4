/**
 * A fake GitHub REST API: a real HTTP server on 127.0.0.1 speaking the endpoints the gate uses, with GitHub's
 * shapes, Link-header pagination, 403/404 answers, rate-limit headers, and a record of every call (method, path,
 * query, body) so tests assert exactly what GitHub received.
 *
 * State is plain data the test fills in: pull requests (with their file list, head contents and when the head was
 * pushed), repository contents on default branches, organizations (by numeric id) and their public members,
 * collaborators' roles, labels (the repository's and each PR's), issue events (also served in the issue timeline),
 * comments and check runs.
 *
 * Tokens are identities, as on GitHub: an unknown token acts as the workflow's GITHUB_TOKEN (the github-actions App,
 * every permission the job grants); a token registered in `tokens` acts as its own user or App, with only the
 * permissions it lists. A check run records the App that created it, and only an App may create one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface FakeUser {
  login: string;
  id: number;
  type?: 'User' | 'Bot' | 'Organization';
}

export interface FakePrFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed';
  previous_filename?: string;
  /** Head bytes; absent for removals. */
  bytes?: Uint8Array;
}

export interface FakePull {
  number: number;
  title?: string;
  user: FakeUser;
  author_association?: string;
  headSha: string;
  /** `owner/name` of the head repository (a fork), or null when the fork was deleted. */
  headRepo: string | null;
  baseRef?: string;
  labels?: string[];
  files: FakePrFile[];
  /** Overrides `changed_files` (GitHub's own count). */
  changedFiles?: number;
  /** After the first read of the PR, GitHub reports this head (a push while the gate runs). */
  movedHeadSha?: string;
  /** After the first read of the PR, GitHub reports this base branch (a retarget while the gate runs). */
  movedBaseRef?: string;
  /**
   * When the head was pushed (GitHub's clock): the head repository's `pushed_at` is the latest of these over the PRs
   * it heads. Default DEFAULT_PUSHED_AT.
   */
  pushedAt?: string;
  /** Times of force pushes to the head branch: `head_ref_force_pushed` events in the issue events and timeline. */
  forcePushes?: string[];
  /** Reads of the PR so far. */
  reads?: number;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
}

/** A GitHub App, as a check run names its creator. */
export interface FakeApp {
  id: number;
  slug: string;
}

export type FakePermission = 'checks' | 'issues' | 'pull_requests' | 'contents';

/** Who a token belongs to: a user (a PAT) or an App's installation (with its bot user). */
export interface FakeIdentity {
  user: FakeUser;
  app?: FakeApp;
  /** The token's write permissions; absent: whatever the endpoint needs (the workflow's own token). */
  permissions?: Partial<Record<FakePermission, 'read' | 'write'>>;
}

export interface FakeLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  /** The App whose token created it (GitHub shows it as the check's source). */
  app: FakeApp;
  status?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: Array<Record<string, unknown>> };
  /** Every annotation sent, across the create and update calls. */
  annotations: Array<Record<string, unknown>>;
}

/** A canned answer for calls matching `method` and `path` (a regex on the path), used `times` times. */
export interface FakeFault {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
}

export const BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
/** The App behind every workflow's GITHUB_TOKEN: any job's check runs come from it. */
export const GITHUB_ACTIONS_APP: FakeApp = { id: 15368, slug: 'github-actions' };

/** A call as an extra route sees it: who made it (from the token) and what it asked. */
export interface FakeRequest {
  method: string;
  /** Decoded path. */
  path: string;
  query: Record<string, string>;
  body?: unknown;
  user: FakeUser;
}

/** An extra route answers a call it knows (status, JSON body, headers), or undefined to let the next one try. */
export type FakeRoute = (
  req: FakeRequest,
) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/** A PR head's push time when a test gives none; label events default to later (DEFAULT_EVENT_AT). */
export const DEFAULT_PUSHED_AT = '2026-01-01T00:00:00Z';
export const DEFAULT_EVENT_AT = '2026-06-01T00:00:00Z';

/** A repository role (`role_name`) and the legacy `permission` GitHub reports for it. */
export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
const LEGACY_PERMISSION: Record<FakeRole, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

/** An issue event as the events and timeline APIs list it (labeled, unlabeled, head_ref_force_pushed, …). */
export interface FakeIssueEvent {
  event: string;
  label?: { name: string };
  actor: FakeUser;
  /** GitHub's clock; DEFAULT_EVENT_AT when a test gives none. */
  created_at?: string;
}

export class FakeGitHub {
  readonly calls: FakeCall[] = [];
  /** `owner/repo` → pull number → pull. */
  readonly pulls = new Map<string, Map<number, FakePull>>();
  /** `owner/repo` → path → bytes, on the default branch (e.g. an org's .github owners file). */
  readonly contents = new Map<string, Map<string, Uint8Array>>();
  /** org (lower case) → logins (lower case) that are public members. */
  readonly publicMembers = new Map<string, Set<string>>();
  /** Orgs whose membership endpoint answers 403 (e.g. a token without access). */
  readonly forbiddenOrgs = new Set<string>();
  /** org (lower case) → the organization holding that name now (GET /orgs/{org}); others answer 404. */
  readonly orgs = new Map<string, { login: string; id: number }>();
  /** `owner/repo` → login (lower case) → role on the repository (GET …/collaborators/{user}/permission). */
  readonly roles = new Map<string, Map<string, { user: FakeUser; role: FakeRole }>>();
  readonly comments = new Map<number, FakeComment[]>();
  /** Issue events per PR (the events API; the timeline adds the head's force pushes). */
  readonly labelEvents = new Map<number, FakeIssueEvent[]>();
  readonly checkRuns: FakeCheckRun[] = [];
  /** Repository issues (not PRs): the re-verify report. */
  readonly issues: Array<{
    number: number;
    title: string;
    body: string;
    labels: string[];
    state: 'open' | 'closed';
    user: FakeUser;
  }> = [];
  readonly faults: FakeFault[] = [];
  /** Response body bytes sent (the bench's "bytes fetched" from GitHub). */
  bytesSent = 0;
  /** Answers served per page of list endpoints. */
  perPageCap = 100;
  /** The identity an unregistered token belongs to (authors of comments posted through the API). */
  tokenUser: FakeUser = BOT;
  /**
   * Registered tokens (a user's PAT, a GitHub App's installation token) → who they are and what they may do. An
   * unregistered token acts as the workflow's own token (`tokenUser`, GitHub Actions' App) unless `strictTokens`.
   */
  readonly tokens = new Map<string, FakeIdentity>();
  /** When set, a token missing from `tokens` gets GitHub's 401 "Bad credentials". */
  strictTokens = false;
  /** `owner/repo` → the repository's labels. */
  readonly repoLabels = new Map<string, FakeLabel[]>();
  /** Extra routes tried before the built-in ones (scripts/testing/fakes/github-git.ts adds repositories and git data). */
  readonly routes: FakeRoute[] = [];
  private nextId = 1000;
  private server?: Server;
  url = '';

  addPull(repo: string, pull: FakePull): void {
    if (!this.pulls.has(repo)) this.pulls.set(repo, new Map());
    this.pulls.get(repo)!.set(pull.number, { labels: [], ...pull });
  }

  setContent(repo: string, path: string, bytes: Uint8Array | string): void {
    if (!this.contents.has(repo)) this.contents.set(repo, new Map());
    this.contents.get(repo)!.set(path, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  }

  /** An organization holding the name `login` with this numeric id (replaces whichever held it before). */
  addOrg(login: string, id: number): void {
    this.orgs.set(login.toLowerCase(), { login, id });
  }

  setRole(repo: string, user: FakeUser, role: FakeRole): void {
    if (!this.roles.has(repo)) this.roles.set(repo, new Map());
    this.roles.get(repo)!.set(user.login.toLowerCase(), { user, role });
  }

  addPublicMember(org: string, login: string): void {
    const key = org.toLowerCase();
    if (!this.publicMembers.has(key)) this.publicMembers.set(key, new Set());
    this.publicMembers.get(key)!.add(login.toLowerCase());
  }

  addComment(issue: number, body: string, user: FakeUser): FakeComment {
    const c = { id: this.nextId++, body, user };
    if (!this.comments.has(issue)) this.comments.set(issue, []);
    this.comments.get(issue)!.push(c);
    return c;
  }

  addRepoLabel(repo: string, label: FakeLabel): void {
    if (!this.repoLabels.has(repo)) this.repoLabels.set(repo, []);
    this.repoLabels.get(repo)!.push(label);
  }

  /** A repository label by name; GitHub compares label names case-insensitively. */
  repoLabel(repo: string, name: string): FakeLabel | undefined {
    return this.repoLabels.get(repo)?.find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  /** Calls other than the reads every run makes, as `METHOD /path` strings (for compact assertions). */
  callLines(): string[] {
    return this.calls.map(
      (c) => `${c.method} ${c.path}${Object.keys(c.query).length ? `?${new URLSearchParams(c.query).toString()}` : ''}`,
    );
  }

  writes(): FakeCall[] {
    return this.calls.filter((c) => c.method !== 'GET');
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          this.send(res, 500, { message: `fake crashed: ${(e as Error).message}` });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const used = this.calls.length;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': String(Math.max(0, 1000 - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    const text = status === 204 || body === undefined ? undefined : JSON.stringify(body);
    this.bytesSent += text ? Buffer.byteLength(text) : 0;
    res.end(text);
  }

  private handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const body = rawBody ? (JSON.parse(rawBody) as unknown) : undefined;
    this.calls.push({
      method,
      path,
      query,
      ...(body !== undefined ? { body } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });

    const who = this.identity(req.headers.authorization);
    if (!who)
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    // Writes need the token's permission (a registered token lists its own; the workflow's token has what it needs).
    const needs = method === 'GET' ? undefined : permissionFor(path);
    if (needs && who.permissions && !needs.some((p) => who.permissions![p] === 'write'))
      return this.send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
      });

    const fault = this.faults.find(
      (f) => (!f.method || f.method === method) && f.path.test(path) && (f.times ?? 1) > 0,
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return this.send(res, fault.status, fault.body ?? { message: `fake fault ${fault.status}` }, fault.headers);
    }

    for (const route of this.routes) {
      const answer = route({ method, path, query, ...(body !== undefined ? { body } : {}), user: who.user });
      if (answer) return this.send(res, answer.status, answer.body, answer.headers);
    }

    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/)) && method === 'GET') {
      const pull = this.pull(m[1]!, Number(m[2]));
      if (!pull) return this.notFound(res);
      pull.reads = (pull.reads ?? 0) + 1;
      if (pull.reads === 2 && pull.movedHeadSha) pull.headSha = pull.movedHeadSha;
      if (pull.reads === 2 && pull.movedBaseRef) pull.baseRef = pull.movedBaseRef;
      return this.send(res, 200, this.pullJson(m[1]!, pull));
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/files$/)) && method === 'GET') {
      const pull = this.pull(m[1]!, Number(m[2]));
      if (!pull) return this.notFound(res);
      const listed = pull.files.slice(0, 3000).map((f) => this.fileJson(f));
      return this.page(res, url, listed);
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/)) && method === 'GET')
      return this.content(res, m[1]!, m[2]!, query.ref);
    if ((m = path.match(/^\/orgs\/([^/]+)$/)) && method === 'GET') {
      const org = this.orgs.get(m[1]!.toLowerCase());
      if (!org) return this.notFound(res);
      return this.send(res, 200, {
        login: org.login,
        id: org.id,
        node_id: `O_${org.id}`,
        url: `${this.url}/orgs/${org.login}`,
        type: 'Organization',
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)$/)) && method === 'GET') {
      // A repository exists when it heads or bases a PR or has contents; `pushed_at` is its last push to any branch.
      const repo = m[1]!;
      const heads = [...this.pulls.values()].flatMap((pulls) => [...pulls.values()]).filter((p) => p.headRepo === repo);
      if (!heads.length && !this.pulls.has(repo) && !this.contents.has(repo)) return this.notFound(res);
      const pushed = Math.max(
        ...[DEFAULT_PUSHED_AT, ...heads.map((p) => p.pushedAt ?? DEFAULT_PUSHED_AT)].map(Date.parse),
      );
      return this.send(res, 200, {
        full_name: repo,
        owner: { login: repo.split('/')[0] },
        pushed_at: new Date(pushed).toISOString().replace('.000Z', 'Z'),
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/collaborators\/([^/]+)\/permission$/)) && method === 'GET') {
      const known = this.roles.get(m[1]!)?.get(m[2]!.toLowerCase());
      if (!known) return this.notFound(res); // a login GitHub does not know
      const { user, role } = known;
      const permissions = {
        admin: role === 'admin',
        maintain: role === 'admin' || role === 'maintain',
        push: role === 'admin' || role === 'maintain' || role === 'write',
        triage: role !== 'read',
        pull: true,
      };
      return this.send(res, 200, {
        permission: LEGACY_PERMISSION[role],
        role_name: role,
        user: { login: user.login, id: user.id, type: user.type ?? 'User', permissions, role_name: role },
      });
    }
    if ((m = path.match(/^\/orgs\/([^/]+)\/public_members\/([^/]+)$/)) && method === 'GET') {
      if (this.forbiddenOrgs.has(m[1]!.toLowerCase()))
        return this.send(res, 403, { message: 'Resource not accessible by integration' });
      return this.publicMembers.get(m[1]!.toLowerCase())?.has(m[2]!.toLowerCase())
        ? this.send(res, 204)
        : this.notFound(res);
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/(events|timeline)$/)) && method === 'GET')
      return this.page(res, url, this.issueEvents(m[1]!, Number(m[2])));
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/))) {
      const issue = Number(m[2]);
      if (method === 'GET') return this.page(res, url, this.comments.get(issue) ?? []);
      if (method === 'POST')
        return this.send(res, 201, this.addComment(issue, (body as { body: string }).body, who.user));
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/)) && method === 'PATCH') {
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(m![2]));
      if (!comment) return this.notFound(res);
      if (comment.user.login !== who.user.login)
        return this.send(res, 403, { message: 'Resource not accessible by integration' });
      comment.body = (body as { body: string }).body;
      return this.send(res, 200, comment);
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/labels$/))) {
      const pull = this.pull(m[1]!, Number(m[2]));
      if (!pull) return this.notFound(res);
      if (method === 'GET')
        return this.page(
          res,
          url,
          pull.labels!.map((name) => ({ name })),
        );
      if (method === 'POST') {
        for (const l of (body as { labels: string[] }).labels) {
          // As GitHub does: a label the repository lacks is created on the spot, grey and without a description.
          if (!this.repoLabel(m[1]!, l)) this.addRepoLabel(m[1]!, { name: l, color: 'ededed', description: null });
          if (!pull.labels!.includes(l)) pull.labels!.push(l);
        }
        return this.send(
          res,
          200,
          pull.labels!.map((name) => ({ name })),
        );
      }
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/labels\/(.+)$/)) && method === 'DELETE') {
      const pull = this.pull(m[1]!, Number(m[2]));
      if (!pull || !pull.labels!.includes(m[3]!)) return this.notFound(res);
      pull.labels = pull.labels!.filter((l) => l !== m![3]);
      return this.send(
        res,
        200,
        pull.labels.map((name) => ({ name })),
      );
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/labels$/))) {
      const repo = m[1]!;
      if (method === 'GET')
        return this.page(
          res,
          url,
          (this.repoLabels.get(repo) ?? []).map((l) => this.labelJson(l)),
        );
      if (method === 'POST') {
        const b = body as { name?: unknown; color?: unknown; description?: unknown };
        const invalid = (field: string) =>
          this.send(res, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'invalid', field }],
            documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
          });
        if (typeof b.name !== 'string' || !b.name.trim()) return invalid('name');
        if (b.color !== undefined && (typeof b.color !== 'string' || !/^[0-9a-fA-F]{6}$/.test(b.color)))
          return invalid('color');
        if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 100))
          return invalid('description');
        if (this.repoLabel(repo, b.name))
          return this.send(res, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
            documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
          });
        const label: FakeLabel = {
          name: b.name,
          color: typeof b.color === 'string' ? b.color.toLowerCase() : 'ededed',
          description: typeof b.description === 'string' ? b.description : null,
        };
        this.addRepoLabel(repo, label);
        return this.send(res, 201, this.labelJson(label));
      }
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues$/))) {
      if (method === 'GET') {
        const wanted = (query.labels ?? '').split(',').filter(Boolean);
        const list = this.issues.filter(
          (i) => i.state === (query.state ?? 'open') && wanted.every((l) => i.labels.includes(l)),
        );
        return this.page(
          res,
          url,
          list.map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) })),
        );
      }
      if (method === 'POST') {
        const b = body as { title: string; body: string; labels?: string[] };
        for (const l of b.labels ?? [])
          if (!this.repoLabel(m[1]!, l)) this.addRepoLabel(m[1]!, { name: l, color: 'ededed', description: null });
        const issue = {
          number: this.nextId++,
          title: b.title,
          body: b.body,
          labels: b.labels ?? [],
          state: 'open' as const,
          user: who.user,
        };
        this.issues.push(issue);
        return this.send(res, 201, { ...issue, labels: issue.labels.map((name) => ({ name })) });
      }
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/)) && method === 'PATCH') {
      const issue = this.issues.find((i) => i.number === Number(m![2]));
      if (!issue) return this.notFound(res);
      Object.assign(issue, body as object);
      return this.send(res, 200, { ...issue, labels: issue.labels.map((name) => ({ name })) });
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/check-runs$/)) && method === 'POST') {
      // Only a GitHub App creates check runs; a user's token is refused.
      if (!who.app)
        return this.send(res, 403, {
          message: 'You must authenticate via a GitHub App.',
          documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
        });
      const b = body as Omit<FakeCheckRun, 'id' | 'annotations' | 'app'>;
      const run: FakeCheckRun = {
        ...b,
        id: this.nextId++,
        app: who.app,
        annotations: [...(b.output?.annotations ?? [])],
      };
      this.checkRuns.push(run);
      return this.send(res, 201, {
        id: run.id,
        name: run.name,
        head_sha: run.head_sha,
        status: run.status,
        conclusion: run.conclusion,
        app: run.app,
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/check-runs\/(\d+)$/)) && method === 'PATCH') {
      const run = this.checkRuns.find((r) => r.id === Number(m![2]));
      if (!run) return this.notFound(res);
      // An App may update only its own check runs.
      if (who.app?.id !== run.app.id)
        return this.send(res, 403, {
          message: `Invalid app_id \`${who.app?.id ?? ''}\` - check run can only be modified by the GitHub App that created it.`,
        });
      const b = body as Partial<FakeCheckRun>;
      run.annotations.push(...(b.output?.annotations ?? []));
      Object.assign(run, { ...b, annotations: run.annotations });
      return this.send(res, 200, { id: run.id });
    }
    return this.notFound(res);
  }

  /** Who the request's token belongs to (`token X` or `Bearer X`); undefined for an unknown token under `strictTokens`. */
  private identity(authorization: string | undefined): FakeIdentity | undefined {
    const token = authorization?.replace(/^(token|bearer)\s+/i, '');
    const known = token ? this.tokens.get(token) : undefined;
    if (known) return known;
    return this.strictTokens ? undefined : { user: this.tokenUser, app: GITHUB_ACTIONS_APP };
  }

  private labelJson(l: FakeLabel): unknown {
    return { name: l.name, color: l.color, description: l.description, default: false };
  }

  /**
   * The PR's issue events with GitHub's times, oldest first: the labels' events and the head's force pushes. (The
   * timeline also lists `committed` events, which carry only the commits' own dates; the gate does not read them.)
   */
  private issueEvents(repo: string, issue: number): unknown[] {
    const pull = this.pull(repo, issue);
    const events: FakeIssueEvent[] = [
      ...(this.labelEvents.get(issue) ?? []),
      ...(pull?.forcePushes ?? []).map((at) => ({
        event: 'head_ref_force_pushed',
        actor: pull!.user,
        created_at: at,
      })),
    ];
    return events
      .map((e, i) => ({
        id: 5000 + i,
        event: e.event,
        actor: { login: e.actor.login, id: e.actor.id, type: e.actor.type ?? 'User' },
        created_at: e.created_at ?? DEFAULT_EVENT_AT,
        ...(e.label ? { label: { name: e.label.name, color: 'ededed' } } : {}),
      }))
      .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  }

  private notFound(res: ServerResponse): void {
    this.send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private pull(repo: string, n: number): FakePull | undefined {
    return this.pulls.get(repo)?.get(n);
  }

  private pullJson(repo: string, p: FakePull): unknown {
    const [owner] = repo.split('/');
    return {
      number: p.number,
      title: p.title ?? `PR ${p.number}`,
      state: 'open',
      user: { login: p.user.login, id: p.user.id, type: p.user.type ?? 'User' },
      author_association: p.author_association ?? 'NONE',
      labels: p.labels!.map((name) => ({ name })),
      changed_files: p.changedFiles ?? p.files.length,
      head: { sha: p.headSha, ref: 'patch', repo: p.headRepo ? { full_name: p.headRepo } : null },
      base: { ref: p.baseRef ?? 'main', sha: 'b'.repeat(40), repo: { full_name: repo, owner: { login: owner } } },
    };
  }

  private fileJson(f: FakePrFile): unknown {
    return {
      filename: f.filename,
      status: f.status,
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      sha: f.bytes ? blobSha(f.bytes) : '0'.repeat(40),
      additions: 1,
      deletions: 0,
      changes: 1,
    };
  }

  /** Contents API: a PR head file (by ref = head sha or refs/pull/N/head) or a default-branch file. */
  private content(res: ServerResponse, repo: string, path: string, ref: string | undefined): void {
    let bytes: Uint8Array | undefined;
    for (const [baseRepo, pulls] of this.pulls)
      for (const p of pulls.values()) {
        const matchesHead = p.headRepo === repo && ref === p.headSha;
        const matchesPullRef = baseRepo === repo && ref === `refs/pull/${p.number}/head`;
        if (matchesHead || matchesPullRef)
          bytes ??= p.files.find((f) => f.filename === path && f.status !== 'removed')?.bytes;
      }
    if (!bytes && (ref === undefined || ref === 'HEAD')) bytes = this.contents.get(repo)?.get(path);
    if (!bytes) return this.notFound(res);
    const tooBig = bytes.length > 1024 * 1024;
    this.send(res, 200, {
      type: 'file',
      name: path.split('/').pop(),
      path,
      sha: blobSha(bytes),
      size: bytes.length,
      encoding: tooBig ? 'none' : 'base64',
      content: tooBig
        ? ''
        : Buffer.from(bytes)
            .toString('base64')
            .replace(/(.{60})/g, '$1\n'),
    });
  }

  private page(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.perPageCap);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const u = new URL(url.pathname + url.search, this.url);
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    this.send(
      res,
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length ? { link: links.join(', ') } : {},
    );
  }
}

/** The permissions a write needs, one of them (GitHub's fine-grained permission tables for these endpoints). */
function permissionFor(path: string): FakePermission[] | undefined {
  if (/\/check-runs(\/|$)/.test(path)) return ['checks'];
  // Comments, labels (the repository's and an issue's) and issues: shared by issues and pull requests.
  if (/\/(issues|labels)(\/|$)/.test(path)) return ['issues', 'pull_requests'];
  return undefined;
}

export function blobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const gh = new FakeGitHub();
  await gh.start();
  return gh;
}

/**
 * Gather: everything the verdict needs, read once, as data. Nothing from the PR is checked out or executed:
 * changed files are read through the contents API at the head SHA; the base comes from the trusted checkout of the
 * base branch (the `analyze` job's working tree); ownership facts come from GitHub and network proofs from
 * scripts/artifacts and scripts/proofs through their one safe fetch.
 */
import type { RegistryConfig } from '../config/config.ts';
import type { OwnersDoc } from '../core/types.ts';
import { UserError } from '../core/errors.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTreeFiles, type TreeFile } from '../tree/files.ts';
import { classifyPath, namespaceOf, SERVERS_DIR } from '../core/repo-path.ts';
import { codeUnitOrder } from '../core/compare.ts';
import { gitBlobSha, resolveCommit } from '../git/blobs.ts';
import { validateDocument } from '../validate/document.ts';
import { verifyArtifacts } from '../artifacts/index.ts';
import { lookupDomainKeys } from '../proofs/domain.ts';
import type { FetchContext } from '../net/context.ts';
import type { GitHub } from '../github/client.ts';
import { splitRepo, statusOf } from '../github/client.ts';
import { touchedNamespaces } from './paths.ts';
import { GITHUB_PREFIX, provenById, baseOwners, pinnedAccount } from './namespace.ts';
import { trustedUpstreams, upstreamTargets } from './upstream.ts';
import { fetchUpstreamVersion } from '../proofs/upstream.ts';
import { UpstreamError } from '../proofs/upstream-records.ts';
import { changedRemotes, namespaceKeys, relevantBase } from './base-scope.ts';
import {
  decodeBytes,
  encodeBytes,
  MAX_FETCHED_FILE_BYTES,
  MAX_PR_FILES,
  SNAPSHOT_FORMAT,
  type ChangedFile,
  type DomainEvidence,
  type NetworkProof,
  type OrgEvidence,
  type OverrideEvidence,
  type PrSnapshot,
  type UpstreamEvidence,
} from './snapshot.ts';

export interface GatherInput {
  /** `owner/name` of the base repository. */
  repository: string;
  pullNumber: number;
  /** The trusted checkout of the base branch. */
  baseRoot: string;
  config: RegistryConfig;
  github: GitHub;
  /** Network context for artifacts and domain proofs (scripts/net/context.ts). */
  fetch: FetchContext;
  /** Defaults to MAX_PR_FILES. */
  maxFiles?: number;
  /** Clock, for the record only. */
  now?: () => Date;
}

/** Parallel contents reads: enough to hide latency, far below GitHub's secondary limits. */
const CONTENT_CONCURRENCY = 8;

export async function gather(input: GatherInput): Promise<PrSnapshot> {
  const { github, config } = input;
  const [owner, repo] = splitRepo(input.repository);
  const pr = await readPull(github, owner, repo, input.pullNumber);
  const cap = input.maxFiles ?? MAX_PR_FILES;
  const base = { sha: await baseSha(input.baseRoot), files: [] as PrSnapshot['base']['files'] };
  const snapshot: PrSnapshot = {
    format: SNAPSHOT_FORMAT,
    repository: input.repository,
    pr,
    files: [],
    base,
    orgs: {},
    proofs: [],
    domains: {},
    gatheredAt: (input.now?.() ?? new Date()).toISOString(),
  };

  // A PR into another branch is judged against nothing we trust: refuse it before reading anything (evaluate says why).
  if (pr.baseRef !== config.defaultBranch) return snapshot;
  // Refuse before listing when GitHub's own count is over the cap; re-check while listing (the count can lag).
  if (pr.changedFiles > cap) return { ...snapshot, tooManyFiles: { count: pr.changedFiles, cap } };
  const listed = await listFiles(github, owner, repo, pr.number, cap);
  if (listed === 'too-many') return { ...snapshot, tooManyFiles: { count: Math.max(pr.changedFiles, cap + 1), cap } };
  snapshot.files = listed;

  await readContents(github, input.repository, snapshot);
  snapshot.base.files = await readRelevantBase(input.baseRoot, snapshot.files);
  // The file list is read by PR number, not by SHA, and a deleted fork's bytes come from the moving refs/pull/N/head:
  // the head must be the same after both as before, or a push in between would be judged on a mix of two commits.
  const again = await readPull(github, owner, repo, pr.number);
  if (again.headSha !== pr.headSha) snapshot.headMoved = { from: pr.headSha, to: again.headSha };
  if (again.baseRef !== pr.baseRef) snapshot.pr.baseRef = again.baseRef; // retargeted meanwhile: judged as it is now

  const overrideLabel = config.ownership.maintainerOverrideLabel;
  const [orgs, domains, proofs, upstreams, override] = await Promise.all([
    gatherOrgs(github, snapshot, config),
    gatherDomains(snapshot, input.fetch),
    gatherArtifacts(snapshot, config, input.fetch),
    gatherUpstreams(snapshot, config, input.fetch),
    pr.labels.includes(overrideLabel)
      ? gatherOverride(github, owner, repo, pr, overrideLabel)
      : Promise.resolve(undefined),
  ]);
  snapshot.orgs = orgs;
  snapshot.domains = domains;
  snapshot.proofs = proofs;
  if (upstreams.length) snapshot.upstreams = upstreams;
  if (override) snapshot.override = override;
  return snapshot;
}

async function readPull(github: GitHub, owner: string, repo: string, pull_number: number): Promise<PrSnapshot['pr']> {
  let data: Awaited<ReturnType<GitHub['rest']['pulls']['get']>>['data'];
  try {
    ({ data } = await github.rest.pulls.get({ owner, repo, pull_number }));
  } catch (e) {
    throw new UserError(
      `Cannot read pull request ${owner}/${repo}#${pull_number} (HTTP ${statusOf(e) ?? 'error'}): ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (!data.user)
    throw new UserError(`Pull request #${pull_number} has no author (deleted account); a maintainer must handle it.`);
  return {
    number: data.number,
    title: data.title,
    headSha: data.head.sha,
    headRepo: data.head.repo?.full_name ?? null,
    baseRef: data.base.ref,
    author: { login: data.user.login, id: data.user.id, type: data.user.type },
    authorAssociation: data.author_association,
    labels: data.labels.map((l) => l.name).filter((n): n is string => typeof n === 'string'),
    changedFiles: data.changed_files,
  };
}

/** Paginated list of changed files; renames become a removal plus an addition. Stops past the cap. */
async function listFiles(
  github: GitHub,
  owner: string,
  repo: string,
  pull_number: number,
  cap: number,
): Promise<ChangedFile[] | 'too-many'> {
  const out: ChangedFile[] = [];
  let raw = 0;
  let over = false;
  for await (const { data } of github.paginate.iterator(github.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number,
    per_page: 100,
  })) {
    for (const f of data) {
      raw++;
      if (f.status === 'renamed' && f.previous_filename) {
        out.push({ path: f.previous_filename, status: 'removed', renamedTo: f.filename });
        out.push({ path: f.filename, status: 'added', sha: f.sha ?? undefined, renamedFrom: f.previous_filename });
      } else if (f.status === 'removed') out.push({ path: f.filename, status: 'removed' });
      else
        out.push({
          path: f.filename,
          status: f.status === 'added' || f.status === 'copied' ? 'added' : 'modified',
          sha: f.sha ?? undefined,
        });
    }
    if (raw > cap) {
      over = true;
      break;
    }
  }
  return over ? 'too-many' : out;
}

/**
 * Bytes at the head SHA for every added/modified file under servers/, from the head repository; when that 404s
 * (fork deleted, or the commit only reachable from the base repo), from the base repo's refs/pull/N/head.
 */
async function readContents(github: GitHub, baseRepo: string, snapshot: PrSnapshot): Promise<void> {
  const { pr } = snapshot;
  const wanted = snapshot.files.filter(
    (f) =>
      f.status !== 'removed' && (namespaceOf(f.path) !== undefined || classifyPath(f.path).kind === 'upstream-sync'),
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const f = wanted[next++]!;
      let got: FileRead = pr.headRepo
        ? await readPrFile(github, pr.headRepo, f.path, pr.headSha)
        : { status: 404, reason: 'the head repository was deleted' };
      if ('status' in got && got.status === 404) {
        got = await readPrFile(github, baseRepo, f.path, `refs/pull/${pr.number}/head`);
      }
      if ('bytes' in got) {
        if (f.sha && gitBlobSha(got.bytes) !== f.sha)
          f.unreadable = `the bytes read do not match blob ${f.sha} listed by the PR`;
        else f.content = encodeBytes(got.bytes);
      } else f.unreadable = got.reason;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONTENT_CONCURRENCY, wanted.length) }, worker));
}

type FileRead = { bytes: Uint8Array } | { status: number; reason: string };

async function readPrFile(github: GitHub, fullRepo: string, path: string, ref: string): Promise<FileRead> {
  const [owner, repo] = splitRepo(fullRepo);
  try {
    const { data } = await github.rest.repos.getContent({ owner, repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') return { status: 422, reason: `${path} is not a file at ${ref}` };
    if (data.size > MAX_FETCHED_FILE_BYTES || data.encoding !== 'base64')
      return { status: 413, reason: `${path} is ${data.size} bytes, over the ${MAX_FETCHED_FILE_BYTES}-byte limit` };
    return { bytes: new Uint8Array(Buffer.from(data.content, 'base64')) };
  } catch (e) {
    const status = statusOf(e) ?? 0;
    if (status === 404) return { status: 404, reason: `${path} was not found at ${ref}` };
    return { status, reason: `reading ${path} failed (HTTP ${status || 'error'})` };
  }
}

async function baseSha(root: string): Promise<string> {
  try {
    return await resolveCommit(root, 'HEAD');
  } catch {
    return 'working-tree'; // not a git checkout (a test fixture directory): the files are still the base
  }
}

/**
 * Read only the base files `relevantBase` (base-scope.ts) keeps: the touched namespaces' folders, found
 * case-insensitively among servers/*; the whole tree only when the PR adds remotes (their canonical keys must be
 * compared with every server.json's).
 */
async function readRelevantBase(root: string, changed: readonly ChangedFile[]): Promise<PrSnapshot['base']['files']> {
  const encode = (files: TreeFile[]) =>
    files.map((f) => ({ path: f.path, content: encodeBytes(f.bytes), ...(f.issue ? { issue: f.issue } : {}) }));
  if (changedRemotes(changed).size) return relevantBase(encode(await readTreeFiles(root)), changed);
  const wanted = namespaceKeys(changed);
  let dirs: string[];
  try {
    dirs = readdirSync(join(root, SERVERS_DIR)).filter((d) => wanted.has(d.toLowerCase()));
  } catch {
    return []; // no servers/ yet
  }
  // Same reading as scripts/tree/files.ts, limited to these folders (symbolic links are flagged, never followed).
  const files: TreeFile[] = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(path);
      else if (d.isSymbolicLink())
        files.push({ path, bytes: new Uint8Array(0), issue: { kind: 'symlink', detail: 'a symbolic link' } });
      else files.push({ path, bytes: readFileSync(join(root, path)) });
    }
  };
  for (const d of dirs) walk(`${SERVERS_DIR}/${d}`);
  const sync = changed.find((f) => classifyPath(f.path).kind === 'upstream-sync');
  if (sync && existsSync(join(root, sync.path)))
    files.push({ path: sync.path, bytes: readFileSync(join(root, sync.path)) });
  return encode(files.sort((a, b) => codeUnitOrder(a.path, b.path)));
}

/**
 * For every io.github.<x> namespace the author is not already proven for by login or by numeric id (base owners.json):
 * which organization holds the name today (GET /orgs/{org}), then — only while its id agrees with the namespace's
 * recorded account, or none is recorded yet — the author's public membership and the org's owners file.
 */
async function gatherOrgs(
  github: GitHub,
  snapshot: PrSnapshot,
  config: RegistryConfig,
): Promise<Record<string, OrgEvidence>> {
  const author = snapshot.pr.author;
  const out: Record<string, OrgEvidence> = {};
  const namespaces = touchedNamespaces(snapshot.files)
    .filter((ns) => ns.toLowerCase().startsWith(GITHUB_PREFIX))
    .filter((ns) => ns.slice(GITHUB_PREFIX.length).toLowerCase() !== author.login.toLowerCase())
    .filter((ns) => !provenById(snapshot, ns));
  const byOrg = new Map(namespaces.map((ns) => [ns.slice(GITHUB_PREFIX.length).toLowerCase(), ns]));
  await Promise.all(
    [...byOrg].map(async ([org, ns]) => {
      const account = await readOrg(github, org);
      const recorded = baseOwners(snapshot, ns)?.account;
      const agrees = account.status === 'found' && (!recorded || recorded.id === account.id);
      const publicMember =
        agrees && config.ownership.orgPublicMembers ? await isPublicMember(github, org, author.login) : 'not-checked';
      const ownersFile: OrgEvidence['ownersFile'] = !agrees
        ? {
            status: 'missing',
            ids: [],
            detail:
              account.status === 'found'
                ? 'not read (the organization holding this name is not the recorded account)'
                : 'not read (no organization holds this name)',
          }
        : publicMember === 'member'
          ? { status: 'missing', ids: [], detail: 'not read (public membership suffices)' }
          : await readOrgOwners(github, org, config.ownership.orgOwnersRepository, config.ownership.orgOwnersPath);
      out[org] = { account, publicMember, ownersFile };
    }),
  );
  return out;
}

/** GET /orgs/{org}: the organization holding the name now, by numeric id; 404 → none; anything else fails closed. */
async function readOrg(github: GitHub, org: string): Promise<OrgEvidence['account']> {
  try {
    const { data } = await github.rest.orgs.get({ org });
    return { status: 'found', login: data.login, id: data.id };
  } catch (e) {
    const status = statusOf(e);
    return status === 404
      ? { status: 'missing', detail: `no GitHub organization is named ${org}` }
      : { status: 'error', detail: `the organization lookup for ${org} failed (HTTP ${status ?? 'error'})` };
  }
}

async function isPublicMember(github: GitHub, org: string, username: string): Promise<OrgEvidence['publicMember']> {
  try {
    await github.rest.orgs.checkPublicMembershipForUser({ org, username });
    return 'member';
  } catch (e) {
    return statusOf(e) === 404 ? 'not-member' : 'error';
  }
}

/** `<org>/<repo>/<path>` on its default branch, in owners.json format: {"owners":[{"login","id"}]}. */
async function readOrgOwners(
  github: GitHub,
  org: string,
  repoName: string,
  path: string,
): Promise<OrgEvidence['ownersFile']> {
  const where = `${org}/${repoName}/${path}`;
  try {
    const { data } = await github.rest.repos.getContent({ owner: org, repo: repoName, path });
    if (Array.isArray(data) || data.type !== 'file' || data.encoding !== 'base64')
      return { status: 'invalid', ids: [], detail: `${where} is not a readable file` };
    const doc = JSON.parse(Buffer.from(data.content, 'base64').toString('utf8')) as OwnersDoc;
    if (!Array.isArray(doc?.owners)) return { status: 'invalid', ids: [], detail: `${where} has no "owners" array` };
    const ids = doc.owners.map((o) => o?.id).filter((id): id is number => Number.isSafeInteger(id));
    return { status: 'found', ids, detail: `${where} lists ${ids.length} account(s)` };
  } catch (e) {
    const status = statusOf(e);
    if (status === 404) return { status: 'missing', ids: [], detail: `${where} does not exist` };
    if (status === undefined && e instanceof SyntaxError)
      return { status: 'invalid', ids: [], detail: `${where} is not JSON` };
    return { status: 'error', ids: [], detail: `reading ${where} failed (HTTP ${status ?? 'error'})` };
  }
}

/** DNS and HTTP grant lookups for every touched domain namespace (signatures are judged in evaluate). */
async function gatherDomains(snapshot: PrSnapshot, fetch: FetchContext): Promise<Record<string, DomainEvidence>> {
  const author = snapshot.pr.author;
  const out: Record<string, DomainEvidence> = {};
  const namespaces = touchedNamespaces(snapshot.files)
    .filter((ns) => !ns.toLowerCase().startsWith(GITHUB_PREFIX))
    .filter((ns) => !baseOwners(snapshot, ns)?.owners.some((o) => o.id === author.id));
  await Promise.all(
    namespaces.map(async (ns) => {
      const lookup = await lookupDomainKeys(ns, fetch);
      out[ns] = {
        keys: lookup.keys.map((k) => ({
          key: Buffer.from(k.key).toString('base64'),
          source: k.source,
          domain: k.domain,
        })),
        proofs: lookup.proofs,
      };
    }),
  );
  return out;
}

/**
 * Every trusted upstream's record of each version the PR touches in a namespace an upstream could prove (upstream.ts
 * `upstreamTargets`; not one the author already holds by id, nor one that records its account), fetched here at gate
 * time. A failed lookup is recorded as such: the judgement fails closed on it.
 */
async function gatherUpstreams(
  snapshot: PrSnapshot,
  config: RegistryConfig,
  fetch: FetchContext,
): Promise<UpstreamEvidence[]> {
  const upstreams = trustedUpstreams(config);
  if (!upstreams.length) return [];
  const versions = new Map<string, { name: string; version: string }>();
  for (const ns of touchedNamespaces(snapshot.files)) {
    if (provenById(snapshot, ns) || pinnedAccount(snapshot, ns)) continue;
    for (const t of upstreamTargets(snapshot.files, ns) ?? [])
      versions.set(`${t.name}\u0000${t.version}`, { name: t.name, version: t.version });
  }
  const asks = upstreams.flatMap((upstream) => [...versions.values()].map((v) => ({ upstream, ...v })));
  return Promise.all(
    asks.map(async ({ upstream, name, version }): Promise<UpstreamEvidence> => {
      try {
        const r = await fetchUpstreamVersion(upstream, name, version, fetch);
        const answer: UpstreamEvidence['answer'] = r
          ? {
              outcome: 'found',
              server: r.server,
              status: r.status,
              ...(r.statusMessage ? { statusMessage: r.statusMessage } : {}),
            }
          : { outcome: 'missing' };
        return { upstream, name, version, answer };
      } catch (e) {
        const retryable = e instanceof UpstreamError && e.retryable;
        return { upstream, name, version, answer: { outcome: 'error', detail: (e as Error).message, retryable } };
      }
    }),
  );
}

/** Artifact proofs for every added server.json that passes layers 1–3 (a broken document is judged by validation). */
async function gatherArtifacts(
  snapshot: PrSnapshot,
  config: RegistryConfig,
  fetch: FetchContext,
): Promise<NetworkProof[]> {
  const added = snapshot.files.filter(
    (f) => f.status === 'added' && f.content && classifyPath(f.path).kind === 'server',
  );
  const perFile = await Promise.all(
    added.map(async (f) => {
      const { problems, document } = validateDocument(decodeBytes(f.content!), f.path, config);
      if (!document || problems.some((p) => p.severity === 'error')) return [];
      return (await verifyArtifacts(document, fetch)).map((p) => ({ ...p, file: f.path }));
    }),
  );
  return perFile.flat();
}

/**
 * The facts that decide whether the override label covers the head (override.ts judges them): the newest `labeled`
 * event of the label in the issue timeline (who, when), that person's role on the repository, and the latest the head
 * can have been pushed. An ordinary push leaves no event with GitHub's time in the timeline (a `committed` event
 * carries the commit's own dates, which its author chooses), so the push time is the head repository's `pushed_at` —
 * its last push to any branch, never earlier than the head's — or a later force push seen in the timeline.
 */
async function gatherOverride(
  github: GitHub,
  owner: string,
  repo: string,
  pr: PrSnapshot['pr'],
  label: string,
): Promise<OverrideEvidence> {
  const out: OverrideEvidence = { label };
  let step = 'reading the PR timeline';
  try {
    const events = (await github.paginate(github.rest.issues.listEventsForTimeline, {
      owner,
      repo,
      issue_number: pr.number,
      per_page: 100,
    })) as Array<{ event?: string; created_at?: string; actor?: { login?: string } | null; label?: { name?: string } }>;
    const pushes: string[] = [];
    for (const e of events) {
      if (!e.created_at || Number.isNaN(Date.parse(e.created_at))) continue;
      if (e.event === 'head_ref_force_pushed') pushes.push(e.created_at);
      if (e.event === 'labeled' && e.label?.name === label && e.actor?.login)
        if (!out.applied || Date.parse(e.created_at) >= Date.parse(out.applied.at))
          out.applied = { by: e.actor.login, at: e.created_at };
    }
    if (pr.headRepo) {
      step = `reading the head repository ${pr.headRepo}`;
      const [headOwner, headName] = splitRepo(pr.headRepo);
      const pushedAt = await repoPushedAt(github, headOwner, headName);
      if (pushedAt) out.headPushedAt = latest([pushedAt, ...pushes]);
    }
    if (out.applied) {
      step = `reading the repository role of ${out.applied.by}`;
      out.permission = await roleOf(github, owner, repo, out.applied.by);
    }
  } catch (e) {
    out.lookupFailed = `${step} failed (HTTP ${statusOf(e) ?? 'error'})`;
  }
  return out;
}

/** `pushed_at` of a repository; undefined when it is gone (404). */
async function repoPushedAt(github: GitHub, owner: string, repo: string): Promise<string | undefined> {
  try {
    const { data } = await github.rest.repos.get({ owner, repo });
    return data.pushed_at ?? undefined;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** GET /repos/{owner}/{repo}/collaborators/{user}/permission; a user GitHub does not know has no role (404). */
async function roleOf(
  github: GitHub,
  owner: string,
  repo: string,
  username: string,
): Promise<NonNullable<OverrideEvidence['permission']>> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    return {
      role: data.role_name,
      maintain: data.user?.permissions?.maintain === true,
      admin: data.user?.permissions?.admin === true,
    };
  } catch (e) {
    if (statusOf(e) === 404) return { role: 'none', maintain: false, admin: false };
    throw e;
  }
}

/** The latest of some ISO times, as an ISO time (unparseable ones are ignored). */
function latest(times: string[]): string {
  const ms = times.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
  return ms.length ? new Date(Math.max(...ms)).toISOString() : times[0]!;
}

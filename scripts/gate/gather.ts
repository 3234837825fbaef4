/**
 * Gather: everything the verdict needs, read once, as data. Nothing from the PR is checked out or executed:
 * changed files are read through the contents API at the head SHA; the base comes from the trusted checkout of the
 * base branch (the `analyze` job's working tree); ownership facts come from GitHub and network proofs from
 * scripts/artifacts and scripts/proofs through their one safe fetch.
 */
import type { RegistryConfig } from '../config/config.ts';
import type { OwnersDoc } from '../core/types.ts';
import { UserError } from '../core/errors.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTreeFiles, type TreeFile } from '../tree/files.ts';
import { classifyPath, namespaceOf, SERVERS_DIR } from '../core/repo-path.ts';
import { codeUnitOrder } from '../core/compare.ts';
import { gitBlobSha, resolveCommit } from '../git/blobs.ts';
import { validateDocument } from '../validate/document.ts';
import { verifyArtifacts } from '../artifacts/index.ts';
import { lookupDomainKeys } from '../proofs/domain.ts';
import type { FetchContext } from '../net/context.ts';
import type { GitHub } from './github.ts';
import { splitRepo, statusOf } from './github.ts';
import { touchedNamespaces } from './paths.ts';
import { baseOwners } from './namespace.ts';
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
  type PrSnapshot,
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

const GITHUB_PREFIX = 'io.github.';
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

  // Refuse before listing when GitHub's own count is over the cap; re-check while listing (the count can lag).
  if (pr.changedFiles > cap) return { ...snapshot, tooManyFiles: { count: pr.changedFiles, cap } };
  const listed = await listFiles(github, owner, repo, pr.number, cap);
  if (listed === 'too-many') return { ...snapshot, tooManyFiles: { count: Math.max(pr.changedFiles, cap + 1), cap } };
  snapshot.files = listed;

  const usedPullRef = await readContents(github, input.repository, snapshot);
  snapshot.base.files = await readRelevantBase(input.baseRoot, snapshot.files);
  if (usedPullRef) {
    // refs/pull/N/head is a moving ref: make sure what we read is still the head we judge.
    const again = await readPull(github, owner, repo, pr.number);
    if (again.headSha !== pr.headSha) snapshot.headMoved = { from: pr.headSha, to: again.headSha };
  }

  const overrideLabel = config.ownership.maintainerOverrideLabel;
  const [orgs, domains, proofs, override] = await Promise.all([
    gatherOrgs(github, snapshot, config),
    gatherDomains(snapshot, input.fetch),
    gatherArtifacts(snapshot, config, input.fetch),
    pr.labels.includes(overrideLabel)
      ? whoLabelled(github, owner, repo, pr.number, overrideLabel)
      : Promise.resolve(undefined),
  ]);
  snapshot.orgs = orgs;
  snapshot.domains = domains;
  snapshot.proofs = proofs;
  if (pr.labels.includes(overrideLabel))
    snapshot.override = { label: overrideLabel, ...(override ? { appliedBy: override } : {}) };
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
 * Returns whether the moving pull ref was used.
 */
async function readContents(github: GitHub, baseRepo: string, snapshot: PrSnapshot): Promise<boolean> {
  const { pr } = snapshot;
  const wanted = snapshot.files.filter((f) => f.status !== 'removed' && namespaceOf(f.path) !== undefined);
  let usedPullRef = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const f = wanted[next++]!;
      let got: FileRead = pr.headRepo
        ? await readPrFile(github, pr.headRepo, f.path, pr.headSha)
        : { status: 404, reason: 'the head repository was deleted' };
      if ('status' in got && got.status === 404) {
        usedPullRef = true;
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
  return usedPullRef;
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
  return encode(files.sort((a, b) => codeUnitOrder(a.path, b.path)));
}

/** For every io.github.<x> namespace the author is not already proven for by login or base owners.json. */
async function gatherOrgs(
  github: GitHub,
  snapshot: PrSnapshot,
  config: RegistryConfig,
): Promise<Record<string, OrgEvidence>> {
  const author = snapshot.pr.author;
  const out: Record<string, OrgEvidence> = {};
  const orgs = touchedNamespaces(snapshot.files)
    .filter((ns) => ns.toLowerCase().startsWith(GITHUB_PREFIX))
    .filter((ns) => ns.slice(GITHUB_PREFIX.length).toLowerCase() !== author.login.toLowerCase())
    .filter((ns) => !baseOwners(snapshot, ns)?.owners.some((o) => o.id === author.id))
    .map((ns) => ns.slice(GITHUB_PREFIX.length));
  await Promise.all(
    [...new Set(orgs.map((o) => o.toLowerCase()))].map(async (org) => {
      const publicMember = config.ownership.orgPublicMembers
        ? await isPublicMember(github, org, author.login)
        : 'not-checked';
      const ownersFile =
        publicMember === 'member'
          ? { status: 'missing' as const, ids: [], detail: 'not read (public membership suffices)' }
          : await readOrgOwners(github, org, config.ownership.orgOwnersRepository, config.ownership.orgOwnersPath);
      out[org] = { publicMember, ownersFile };
    }),
  );
  return out;
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

/** Who applied the override label last (issue events), for the report. */
async function whoLabelled(
  github: GitHub,
  owner: string,
  repo: string,
  issue_number: number,
  label: string,
): Promise<string | undefined> {
  try {
    const events = await github.paginate(github.rest.issues.listEvents, { owner, repo, issue_number, per_page: 100 });
    const last = events
      .filter((e) => e.event === 'labeled' && (e as { label?: { name?: string } }).label?.name === label)
      .pop();
    return last?.actor?.login;
  } catch {
    return undefined;
  }
}

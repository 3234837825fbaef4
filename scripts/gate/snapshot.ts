/**
 * A PR snapshot: everything the verdict depends on, gathered once (gather.ts) and judged by a pure
 * function (evaluate.ts). It is plain JSON so a run can be recorded (`npm run gate -- --out`) and replayed in a test.
 *
 * Bytes travel as text when they are valid UTF-8 (readable fixtures) and as base64 otherwise, so the exact
 * bytes — what signatures and duplicate-key checks are about — survive the round trip.
 */
import type { Proof } from '../core/proof.ts';
import type { Status } from '../core/types.ts';

export const SNAPSHOT_FORMAT = 'mcp-registry-gate-snapshot/2';

/**
 * The most files a PR may change before the gate refuses to judge it. GitHub's list-files API stops at 3,000;
 * far below that, a data PR this large is a mistake or an attack, and a partial list must never be judged.
 */
export const MAX_PR_FILES = 300;

/** Changed files under servers/ larger than this are not read (the core's own cap is 256 KiB). */
export const MAX_FETCHED_FILE_BYTES = 512 * 1024;

/** An artifact proof, tied to the changed server.json it was made for. */
export type NetworkProof = Proof & { file: string };

/** What a domain namespace's lookups found (scripts/proofs/domain.ts `DomainLookup`, keys as base64). */
export interface DomainEvidence {
  keys: Array<{ key: string; source: 'dns' | 'http'; domain: string }>;
  proofs: Proof[];
}

/**
 * What one trusted upstream answered for one version the PR adds or whose status it changes (gather.ts reads it at
 * gate time, `GET {upstream}v0.1/servers/{name}/versions/{version}`; upstream.ts judges it).
 */
export interface UpstreamEvidence {
  /** The upstream's base URL (scripts/proofs/upstream.ts `upstreamBase`). */
  upstream: string;
  name: string;
  version: string;
  answer:
    | { outcome: 'found'; server: Record<string, unknown>; status: Status; statusMessage?: string }
    | { outcome: 'missing' }
    | { outcome: 'error'; detail: string; retryable: boolean };
}

export interface FileContent {
  encoding: 'utf8' | 'base64';
  data: string;
}

export type ChangeStatus = 'added' | 'modified' | 'removed';

/** One changed path at the head; a rename is two of these (removal + addition) linked by `renamedFrom`/`renamedTo`. */
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** Git blob sha at the head (absent for removals). */
  sha?: string;
  renamedFrom?: string;
  renamedTo?: string;
  /** Bytes at the head SHA, for added/modified files under servers/. */
  content?: FileContent;
  /** Why the bytes could not be read (too large, 404, sha mismatch). */
  unreadable?: string;
}

export interface PrAuthor {
  login: string;
  /** The numeric id survives a rename; owners.json lists it. */
  id: number;
  type: string;
}

export interface PrInfo {
  number: number;
  title: string;
  headSha: string;
  /** `owner/name` of the head repository; null when the fork was deleted. */
  headRepo: string | null;
  baseRef: string;
  author: PrAuthor;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE… (shown in the report only). */
  authorAssociation: string;
  labels: string[];
  /** As GitHub counts them (before renames are split). */
  changedFiles: number;
}

/** What GitHub said about one org behind an `io.github.<org>` namespace (only gathered when needed). */
export interface OrgEvidence {
  /**
   * GET /orgs/{org}: the organization that holds the name today (its numeric id is what a namespace records); 404 →
   * no organization has this name; anything else → error (fails closed). Membership is only looked up when the id
   * agrees with the namespace's recorded account (or none is recorded yet).
   */
  account: { status: 'found'; login: string; id: number } | { status: 'missing' | 'error'; detail: string };
  /** GET /orgs/{org}/public_members/{author}: 204 → member, 404 → not; anything else → error (fails closed). */
  publicMember: 'member' | 'not-member' | 'error' | 'not-checked';
  /** The org's owners file (config.ownership.orgOwnersRepository / orgOwnersPath) on its default branch. */
  ownersFile: { status: 'found' | 'missing' | 'invalid' | 'error'; ids: number[]; detail: string };
}

/**
 * What GitHub says about the override label on the PR (gathered only when the label is present). Every time is
 * GitHub's own clock; scripts/gate/override.ts decides from these facts whether the label covers the head commit.
 */
export interface OverrideEvidence {
  label: string;
  /** The newest `labeled` event of the label in the issue timeline: who applied it and when. */
  applied?: { by: string; at: string };
  /** GET /repos/{owner}/{repo}/collaborators/{by}/permission: `role_name` and the maintain/admin flags of the user. */
  permission?: { role: string; maintain: boolean; admin: boolean };
  /**
   * The latest the head commit can have been pushed: the head repository's `pushed_at` (its last push to any branch),
   * the timeline's force pushes and the head commit's committer date, whichever is latest. Absent when the head
   * repository is gone (nobody can then say when the head was pushed).
   */
  headPushedAt?: string;
  /** A lookup that failed (the label is then not honoured, but kept: a re-run may succeed). */
  lookupFailed?: string;
}

export interface PrSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** `owner/name` of the base repository. */
  repository: string;
  pr: PrInfo;
  /** Empty when the PR was refused for its size (see `tooManyFiles`). */
  files: ChangedFile[];
  tooManyFiles?: { count: number; cap: number };
  /** Set when the head SHA changed while files were read: the verdict is then a refusal to judge. */
  headMoved?: { from: string; to: string };
  /**
   * The base branch as checked out by the trusted job: the files under servers/ the verdict can depend on (every file
   * of the touched namespaces, case-insensitively, and every server.json with a remote that could be the endpoint of
   * an added remote, by canonical key: gate/base-scope.ts).
   */
  base: {
    sha: string;
    files: Array<{ path: string; content: FileContent; issue?: { kind: 'symlink' | 'unreadable'; detail: string } }>;
  };
  /** Keyed by the org name in lower case. */
  orgs: Record<string, OrgEvidence>;
  /** Artifact proofs (scripts/artifacts) of every added server.json. */
  proofs: NetworkProof[];
  /** Domain record lookups (scripts/proofs) per touched domain namespace; signatures are checked in evaluate. */
  domains: Record<string, DomainEvidence>;
  /** Trusted upstreams' records of the versions the PR touches (only for namespaces an upstream could prove). */
  upstreams?: UpstreamEvidence[];
  /** The maintainer-override label, when present, and the facts that decide whether it covers the head (override.ts). */
  override?: OverrideEvidence;
  gatheredAt: string;
}

export function encodeBytes(bytes: Uint8Array): FileContent {
  try {
    return { encoding: 'utf8', data: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { encoding: 'base64', data: Buffer.from(bytes).toString('base64') };
  }
}

export function decodeBytes(c: FileContent): Uint8Array {
  return c.encoding === 'utf8' ? new TextEncoder().encode(c.data) : new Uint8Array(Buffer.from(c.data, 'base64'));
}

/** The bytes as text (invalid UTF-8 in base64 content becomes U+FFFD), for searching and parsing, never for hashing. */
export function contentText(c: FileContent): string {
  return c.encoding === 'utf8' ? c.data : Buffer.from(c.data, 'base64').toString('utf8');
}

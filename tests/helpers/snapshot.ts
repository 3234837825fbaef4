/**
 * A PR snapshot built in memory (no GitHub, no network), for judging a change with the pure gate: the base tree, the
 * changed files, an author, optionally the maintainer override. The base is narrowed exactly as gather.ts narrows it
 * (gate/base-scope.ts `relevantBase`), so what evaluate() sees is what the gate would see.
 */
import type { RegistryConfig } from '../../scripts/config/config.ts';
import { relevantBase } from '../../scripts/gate/base-scope.ts';
import { type ChangedFile, encodeBytes, type PrSnapshot, SNAPSHOT_FORMAT } from '../../scripts/gate/snapshot.ts';
import { gitBlobSha } from '../../scripts/git/blobs.ts';

export interface SyntheticChange {
  path: string;
  /** New bytes; absent for a removal. */
  bytes?: Uint8Array;
}

export function syntheticSnapshot(opts: {
  config: RegistryConfig;
  base: ReadonlyMap<string, Uint8Array>;
  changes: readonly SyntheticChange[];
  author?: { login: string; id: number };
  /** The maintainer-override label is on the PR (waives what the rule catalog says is waivable). */
  override?: boolean;
}): PrSnapshot {
  const files: ChangedFile[] = opts.changes.map((c) =>
    c.bytes === undefined
      ? { path: c.path, status: 'removed' }
      : {
          path: c.path,
          status: opts.base.has(c.path) ? 'modified' : 'added',
          sha: gitBlobSha(c.bytes),
          content: encodeBytes(c.bytes),
        },
  );
  const all = [...opts.base].map(([path, bytes]) => ({ path, content: encodeBytes(bytes) }));
  const author = opts.author ?? { login: 'someone', id: 1 };
  const label = opts.config.ownership.maintainerOverrideLabel;
  return {
    format: SNAPSHOT_FORMAT,
    repository: 'registry-org/registry',
    pr: {
      number: 1,
      title: 'synthetic',
      headSha: 'a'.repeat(40),
      headRepo: `${author.login}/registry`,
      baseRef: 'main',
      author: { ...author, type: 'User' },
      authorAssociation: 'NONE',
      labels: opts.override ? [label] : [],
      changedFiles: files.length,
    },
    files,
    base: { sha: 'b'.repeat(40), files: relevantBase(all, files) },
    orgs: {},
    proofs: [],
    domains: {},
    ...(opts.override
      ? {
          // Applied by a maintainer after the head was pushed: an override that covers this head commit.
          override: {
            label,
            applied: { by: 'maintainer', at: '2026-01-01T00:00:00.000Z' },
            permission: { role: 'maintain', maintain: true, admin: false },
            headPushedAt: '2025-12-31T00:00:00.000Z',
          },
        }
      : {}),
    gatheredAt: '2026-01-01T00:00:00.000Z',
  };
}

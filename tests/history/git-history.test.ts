import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { UserError } from '../../scripts/core/errors.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { readHistory } from '../../scripts/history/git-log.ts';
import { buildRecords } from '../../scripts/records/build-records.ts';
import { runValidation } from '../../scripts/validate/run.ts';
import { GitRepo, serverJson, versionFile } from '../api/fixture.ts';

const config = parseConfig({ repositoryUrl: 'https://github.com/acme/registry' });
const A = 'io.github.acme/alpha';
const B = 'com.example/beta';
const C = 'com.example/gamma';
const status = (s: string, message?: string) => `${JSON.stringify({ status: s, ...(message ? { message } : {}) })}\n`;
const day = (d: number, h = 12) => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;

let repo: GitRepo;
let records: ServerRecord[];
let uncommitted: string[];
const rec = (name: string, version: string) => {
  const r = records.find((x) => x.server.name === name && x.server.version === version);
  if (!r) throw new Error(`no record ${name} ${version}`);
  return r._meta[OFFICIAL_META_KEY];
};
const latestOf = (name: string) =>
  records.filter((r) => r.server.name === name && r._meta[OFFICIAL_META_KEY].isLatest).map((r) => r.server.version);

beforeAll(async () => {
  repo = new GitRepo();
  repo.commit(day(1), { [versionFile(A, '1.0.0')]: serverJson(A, '1.0.0') }, 'alpha 1.0.0');
  // A merge commit: the side commit is dated before the merge; main learns of 2.0.0 at the merge.
  repo.mergeBranch(
    'feature-2',
    [
      {
        date: day(2),
        changes: {
          [versionFile(A, '2.0.0')]: serverJson(A, '2.0.0'),
          [versionFile(A, '1.0.0', 'status.json')]: status('deprecated', 'use 2.x'),
        },
      },
    ],
    day(5),
  );
  // A squash merge of two side commits: a backport lands at the squash time.
  repo.squashBranch(
    'backport',
    [
      { date: day(6), changes: { [versionFile(A, '1.0.1')]: serverJson(A, '1.0.1') } },
      { date: day(7), changes: { 'README.md': 'x\n' } },
    ],
    day(10),
  );
  // Non-semver versions compare by time, then a semver version arrives and beats them.
  // Committer dates need not be monotonic: this commit is dated before the squash beneath it.
  repo.commit(day(3, 9), { [versionFile(B, '2025.1')]: serverJson(B, '2025.1') }, 'beta 2025.1');
  repo.commit(day(11), { [versionFile(B, 'snapshot')]: serverJson(B, 'snapshot') }, 'beta snapshot');
  repo.commit(
    day(12),
    { [versionFile(C, '1.0.0')]: serverJson(C, '1.0.0'), [versionFile(C, '2.0.0')]: serverJson(C, '2.0.0') },
    'gamma',
  );
  // Deleting 2.0.0 moves latest to the backport; gamma loses every version.
  repo.commit(
    day(14),
    {
      [versionFile(A, '2.0.0', 'status.json')]: status('deleted', 'broken'),
      [versionFile(C, '1.0.0', 'status.json')]: status('deleted'),
      [versionFile(C, '2.0.0', 'status.json')]: status('deleted'),
    },
    'deletions',
  );
  // Restoring 1.0.0 by removing its status.json is a status change too.
  repo.commit(day(16), { [versionFile(A, '1.0.0', 'status.json')]: null }, 'restore alpha 1.0.0');
  repo.commit(day(17), { 'docs.md': 'unrelated\n' }, 'unrelated');
  // A version folder in the work tree that is not committed yet.
  repo.apply({ [versionFile(B, '0.1.0')]: serverJson(B, '0.1.0') });

  const validation = await runValidation({ root: repo.dir, config });
  expect(validation.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const history = await readHistory(repo.dir);
  expect(history.headTime).toBe(day(17));
  expect(history.raised).toBe(1);
  ({ records, uncommitted } = buildRecords(validation.tree!.entries, history, config));
});

afterAll(() => repo?.remove());

describe('times from first-parent git history', () => {
  it('publishedAt is the commit that brought the version onto main: direct, merge, squash', () => {
    expect(rec(A, '1.0.0').publishedAt).toBe(day(1));
    expect(rec(A, '2.0.0').publishedAt).toBe(day(5)); // merge time, not the side commit's day 2
    expect(rec(A, '1.0.1').publishedAt).toBe(day(10)); // squash time
  });

  it('a first-parent commit dated before the commit beneath it takes that time: times never go backwards', () => {
    expect(rec(B, '2025.1').publishedAt).toBe(day(10)); // committed at day 3, on top of the day-10 squash
    expect(rec(B, 'snapshot').publishedAt).toBe(day(11));
  });

  it('updatedAt and statusChangedAt follow the last change of status.json, else publishedAt', () => {
    expect(rec(A, '2.0.0')).toMatchObject({
      status: 'deleted',
      statusMessage: 'broken',
      statusChangedAt: day(14),
      updatedAt: day(14),
    });
    expect(rec(A, '1.0.0')).toMatchObject({ status: 'active', statusChangedAt: day(16), updatedAt: day(16) });
    expect(rec(A, '1.0.0').statusMessage).toBeUndefined();
    expect(rec(A, '1.0.1')).toMatchObject({ status: 'active', statusChangedAt: day(10), updatedAt: day(10) });
  });

  it('an uncommitted folder takes HEAD time and is reported', () => {
    expect(uncommitted).toEqual([`servers/${B}/0.1.0`]);
    expect(rec(B, '0.1.0').publishedAt).toBe(day(17));
  });
});

describe('isLatest from the same history', () => {
  it('deleted latest moves to the highest remaining semver; the backport 1.0.1 was not latest before that', () => {
    expect(latestOf(A)).toEqual(['1.0.1']);
  });

  it('semver beats non-semver regardless of time', () => {
    expect(latestOf(B)).toEqual(['0.1.0']);
  });

  it('when every version is deleted the highest keeps isLatest', () => {
    expect(latestOf(C)).toEqual(['2.0.0']);
  });

  it('before the deletion, 2.0.0 was latest: the later backport 1.0.1 was not', async () => {
    const history = await readHistory(repo.dir, { ref: 'HEAD~3' }); // the gamma commit, before the deletions
    const entries = ['1.0.0', '1.0.1', '2.0.0'].map((version) => ({
      name: A,
      version,
      file: `servers/${A}/${version}/server.json`,
      document: JSON.parse(serverJson(A, version)),
    }));
    const { records: older, uncommitted: none } = buildRecords(entries, history, config);
    expect(none).toEqual([]);
    expect(older.filter((r) => r._meta[OFFICIAL_META_KEY].isLatest).map((r) => r.server.version)).toEqual(['2.0.0']);
    expect(older.map((r) => r._meta[OFFICIAL_META_KEY].publishedAt)).toEqual([day(1), day(10), day(5)]);
  });
});

describe('git adapter errors', () => {
  it('outside a git repository: a UserError that says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-git-'));
    try {
      await expect(readHistory(dir)).rejects.toThrow(UserError);
      await expect(readHistory(dir)).rejects.toThrow(/not inside a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a repository without commits: a UserError naming the fix', async () => {
    const empty = new GitRepo();
    try {
      await expect(readHistory(empty.dir)).rejects.toThrow(/no commit|Commit servers/);
    } finally {
      empty.remove();
    }
  });
});

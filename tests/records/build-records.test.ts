import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { OFFICIAL_META_KEY, type VersionEntry } from '../../scripts/core/types.ts';
import type { RepoHistory } from '../../scripts/history/fold.ts';
import { buildRecords, newestFirst } from '../../scripts/records/build-records.ts';

const config = parseConfig({
  repositoryUrl: 'https://github.com/acme/registry',
  metaKey: 'com.acme.registry/static',
  defaultBranch: 'trunk',
});
const entry = (name: string, version: string, status?: VersionEntry['status']): VersionEntry => ({
  name,
  version,
  file: `servers/${name}/${version}/server.json`,
  document: { name, version, description: 'd' },
  ...(status ? { status, statusFile: `servers/${name}/${version}/status.json` } : {}),
});
const history: RepoHistory = {
  headCommit: 'head',
  headTime: '2026-02-01T00:00:00Z',
  folders: new Map([
    ['servers/a.b/x/1.0.0+build.1', { publishedAt: '2026-01-01T00:00:00Z', publishedCommit: 'p1' }],
    [
      'servers/a.b/x/2.0.0',
      {
        publishedAt: '2026-01-02T00:00:00Z',
        publishedCommit: 'p2',
        statusChangedAt: '2026-01-05T00:00:00Z',
        statusCommit: 's2',
      },
    ],
    ['servers/a.b/a/1', { publishedAt: '2026-01-03T00:00:00Z', publishedCommit: 'p3' }],
  ]),
};

describe('buildRecords', () => {
  const { records, uncommitted } = buildRecords(
    [
      entry('a.b/x', '2.0.0', { status: 'deprecated', message: 'use 3' }),
      entry('a.b/x', '1.0.0+build.1'),
      entry('a.b/a', '1'),
    ],
    history,
    config,
  );

  it('sorts by name, then version, as plain text (the official list order)', () => {
    expect(records.map((r) => `${r.server.name}@${r.server.version}`)).toEqual([
      'a.b/a@1',
      'a.b/x@1.0.0+build.1',
      'a.b/x@2.0.0',
    ]);
    expect(uncommitted).toEqual([]);
  });

  it('fills the official object with exactly its fields, in the official order', () => {
    const o = records[2]!._meta[OFFICIAL_META_KEY];
    expect(Object.keys(o)).toEqual([
      'status',
      'statusChangedAt',
      'statusMessage',
      'publishedAt',
      'updatedAt',
      'isLatest',
    ]);
    expect(o).toEqual({
      status: 'deprecated',
      statusChangedAt: '2026-01-05T00:00:00Z',
      statusMessage: 'use 3',
      publishedAt: '2026-01-02T00:00:00Z',
      updatedAt: '2026-01-05T00:00:00Z',
      isLatest: true,
    });
    expect(Object.keys(records[1]!._meta[OFFICIAL_META_KEY])).not.toContain('statusMessage');
  });

  it('puts our own data under our key only, last in _meta, with permanent links', () => {
    const r = records[2]!;
    expect(Object.keys(r._meta)).toEqual([OFFICIAL_META_KEY, 'com.acme.registry/static']);
    expect(r._meta['com.acme.registry/static']).toEqual({
      path: 'servers/a.b/x/2.0.0/server.json',
      sourceUrl: 'https://github.com/acme/registry/blob/p2/servers/a.b/x/2.0.0/server.json',
      publishedCommit: 'p2',
      statusPath: 'servers/a.b/x/2.0.0/status.json',
      statusSourceUrl: 'https://github.com/acme/registry/blob/s2/servers/a.b/x/2.0.0/status.json',
      statusCommit: 's2',
      historyUrl: 'https://github.com/acme/registry/commits/trunk/servers/a.b/x/2.0.0',
    });
    expect(records[1]!._meta['com.acme.registry/static']).toMatchObject({
      sourceUrl: 'https://github.com/acme/registry/blob/p1/servers/a.b/x/1.0.0%2Bbuild.1/server.json',
    });
  });

  it("orders a server's versions newest publish first", () => {
    expect(newestFirst(records.filter((r) => r.server.name === 'a.b/x')).map((r) => r.server.version)).toEqual([
      '2.0.0',
      '1.0.0+build.1',
    ]);
  });

  it('refuses an entry without a parsed document', () => {
    expect(() =>
      buildRecords([{ name: 'a.b/x', version: '9', file: 'servers/a.b/x/9/server.json' }], history, config),
    ).toThrow(/validate first/);
  });
});

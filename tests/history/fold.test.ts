import { describe, expect, it } from 'vitest';
import { HistoryFold, isoSeconds } from '../../scripts/history/fold.ts';
import { parser } from '../../scripts/history/git-log.ts';

/** Tokens exactly as `git log -z --format=%x01%H %ct --name-status` prints them, newest commit first. */
const tokens = [
  '\x01c3 1767312000',
  '\nM',
  'servers/a/s/1.0.0/status.json',
  'A',
  'servers/a/owners.json',
  '\x01c2 1767225600',
  '\nA',
  'servers/a/s/2.0.0/server.json',
  'A',
  'servers/a/s/1.0.0/status.json',
  '\x01c1 1767139200',
  '\nA',
  'servers/a/s/1.0.0/server.json',
  'A',
  'servers/a/s/1.0.0/README.md',
];

describe('parsing git log output and folding it into folder times', () => {
  it('takes the add of server.json as publish time and the newest status.json change', () => {
    const fold = new HistoryFold();
    const feed = parser((e) => fold.add(e));
    tokens.forEach(feed);
    expect(Object.fromEntries(fold.folders)).toEqual({
      'servers/a/s/2.0.0': { publishedAt: isoSeconds(1767225600), publishedCommit: 'c2' },
      'servers/a/s/1.0.0': {
        publishedAt: isoSeconds(1767139200),
        publishedCommit: 'c1',
        statusChangedAt: isoSeconds(1767312000),
        statusCommit: 'c3',
      },
    });
  });

  it('a re-added server.json counts from its newest add; status changes older than it are ignored', () => {
    const fold = new HistoryFold();
    const e = (commit: string, time: number, change: string, path: string) => fold.add({ commit, time, change, path });
    e('c4', 400, 'A', 'servers/a/s/1.0.0/server.json');
    e('c3', 300, 'D', 'servers/a/s/1.0.0/server.json');
    e('c2', 200, 'M', 'servers/a/s/1.0.0/status.json');
    e('c1', 100, 'A', 'servers/a/s/1.0.0/server.json');
    expect(fold.folders.get('servers/a/s/1.0.0')).toEqual({ publishedAt: isoSeconds(400), publishedCommit: 'c4' });
  });

  it('formats times as RFC 3339 UTC seconds and recognises only version-folder paths', () => {
    expect(isoSeconds(0)).toBe('1970-01-01T00:00:00Z');
    const fold = new HistoryFold();
    for (const path of [
      'servers/ns/srv/1.0.0+b/server.json',
      'servers/ns/owners.json',
      'other/ns/srv/1.0.0/server.json',
      'servers/ns/srv/1.0.0/extra/server.json',
      'servers/ns/srv/2.0.0/README.md',
    ])
      fold.add({ commit: 'c1', time: 100, change: 'A', path });
    expect([...fold.folders.keys()]).toEqual(['servers/ns/srv/1.0.0+b']);
  });
});

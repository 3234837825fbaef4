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
    expect(Object.fromEntries(fold.finish().folders)).toEqual({
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
    expect(fold.finish().folders.get('servers/a/s/1.0.0')).toEqual({
      publishedAt: isoSeconds(400),
      publishedCommit: 'c4',
    });
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
    expect([...fold.finish().folders.keys()]).toEqual(['servers/ns/srv/1.0.0+b']);
  });

  it('times along first-parent history never go backwards: a commit dated before the one beneath it takes its time', () => {
    const fold = new HistoryFold();
    const e = (commit: string, time: number, change: string, path: string) => fold.add({ commit, time, change, path });
    // newest first: c4 is dated after everything; c3 (a pushed older commit) before c2 beneath it
    e('c4', 500, 'A', 'servers/a/s/4.0.0/server.json');
    e('c3', 150, 'A', 'servers/a/s/3.0.0/server.json');
    e('c3', 150, 'A', 'servers/a/s/1.0.0/status.json');
    e('c2', 300, 'A', 'servers/a/s/2.0.0/server.json');
    e('c1', 100, 'A', 'servers/a/s/1.0.0/server.json');
    const { folders, newest, raised } = fold.finish();
    expect(folders.get('servers/a/s/3.0.0')).toEqual({ publishedAt: isoSeconds(300), publishedCommit: 'c3' });
    expect(folders.get('servers/a/s/1.0.0')).toMatchObject({
      publishedAt: isoSeconds(100),
      statusChangedAt: isoSeconds(300),
    });
    expect(folders.get('servers/a/s/4.0.0')!.publishedAt).toBe(isoSeconds(500));
    expect(newest).toBe(500);
    expect(raised).toBe(1);
  });
});

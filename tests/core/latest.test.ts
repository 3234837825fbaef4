import { describe, expect, it } from 'vitest';
import { compareNewestFirst, isSemver, pickLatest, type LatestCandidate } from '../../scripts/core/latest.ts';

const v = (version: string, day: number, status: LatestCandidate['status'] = 'active'): LatestCandidate => ({
  version,
  publishedAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`,
  status,
});

/** pickLatest must not depend on input order: try every rotation and the reverse. */
function latestOf(list: LatestCandidate[]): string | undefined {
  const answers = new Set<string | undefined>();
  for (let i = 0; i < list.length; i++) answers.add(pickLatest([...list.slice(i), ...list.slice(0, i)]));
  answers.add(pickLatest([...list].reverse()));
  expect(answers.size).toBe(1);
  return [...answers][0];
}

describe('isSemver: exactly three numeric parts', () => {
  it.each(['1.2.3', '0.0.0', '1.2.3-rc.1', '1.2.3+build.5', '1.2.3-alpha+001', '10.20.30'])('%s is semver', (s) =>
    expect(isSemver(s)).toBe(true),
  );
  it.each([
    '1.2',
    '1',
    '1.2.3.4',
    'v1.2.3',
    '01.2.3',
    '1.02.3',
    '2024.01',
    'latest-ish',
    '1.2.3-',
    '1.2.3+',
    '=1.2.3',
    ' 1.2.3',
  ])('%s is not semver', (s) => expect(isSemver(s)).toBe(false));
});

describe('pickLatest: the official isLatest rule', () => {
  it('compares semver versions by precedence, not by text or time', () => {
    expect(latestOf([v('1.10.0', 1), v('1.9.0', 2), v('1.2.0', 3)])).toBe('1.10.0');
  });

  it('ranks a release above its prereleases, and a prerelease above older releases', () => {
    expect(latestOf([v('2.0.0-rc.1', 1), v('2.0.0', 2), v('2.0.0-rc.2', 3)])).toBe('2.0.0');
    expect(latestOf([v('1.9.9', 1), v('2.0.0-rc.1', 2)])).toBe('2.0.0-rc.1');
  });

  it('a semver version always beats a non-semver one, even a later one', () => {
    expect(latestOf([v('0.0.1', 1), v('2026.05', 9), v('v9.0.0', 10)])).toBe('0.0.1');
  });

  it('two non-semver versions compare by publish time: the later wins', () => {
    expect(latestOf([v('zeta', 1), v('alpha', 5), v('2024.01', 3)])).toBe('alpha');
  });

  it('a backport (1.0.1 published after 2.0.0) is not latest', () => {
    expect(latestOf([v('1.0.0', 1), v('2.0.0', 2), v('1.0.1', 3)])).toBe('2.0.0');
  });

  it('build metadata does not count: the earlier published of equal precedence keeps it', () => {
    expect(latestOf([v('1.0.0+b', 1), v('1.0.0+a', 2)])).toBe('1.0.0+b');
  });

  it('deleted versions are skipped; deprecated ones are not', () => {
    expect(latestOf([v('1.0.0', 1), v('2.0.0', 2, 'deleted')])).toBe('1.0.0');
    expect(latestOf([v('1.0.0', 1), v('2.0.0', 2, 'deprecated')])).toBe('2.0.0');
    expect(latestOf([v('1.0.0', 1, 'deleted'), v('3.0.0', 3, 'deleted'), v('snapshot', 4)])).toBe('snapshot');
  });

  it('if every version is deleted, the highest deleted one keeps isLatest', () => {
    expect(latestOf([v('1.0.0', 1, 'deleted'), v('3.0.0', 2, 'deleted'), v('2.0.0', 3, 'deleted')])).toBe('3.0.0');
  });

  it('a single version is latest; no versions, no latest', () => {
    expect(latestOf([v('anything', 1)])).toBe('anything');
    expect(pickLatest([])).toBeUndefined();
  });

  it('versions landing in one commit are decided without regard to input order', () => {
    expect(latestOf([v('build-a', 1), v('build-b', 1)])).toBe('build-b');
  });
});

describe('compareNewestFirst: the versions list order', () => {
  it('sorts newest publish first, ties by the latest rule', () => {
    const sorted = [v('1.0.0', 1), v('1.1.0', 3), v('2.0.0', 3), v('0.9.0', 2)]
      .sort(compareNewestFirst)
      .map((x) => x.version);
    expect(sorted).toEqual(['2.0.0', '1.1.0', '0.9.0', '1.0.0']);
  });
});

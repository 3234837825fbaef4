import { describe, expect, it } from 'vitest';
import {
  OWN,
  type DistEntry,
  describeDoc,
  endpoints,
  nameSpellings,
  paths,
  rootEntries,
  servedPrefixes,
  serverEntries,
  serverFolderOf,
  versionEntries,
  versionSpellings,
} from '../../scripts/core/url-layout.ts';

const NAME = 'com.example/weather';
const DIR = 'v0.1/servers/com.example/weather';

/** An entry as one line: what a reader of dist/ would see. */
const show = (e: DistEntry) =>
  e.kind === 'file'
    ? `file ${e.path}`
    : e.kind === 'alias'
      ? `alias ${e.path} = ${e.sameAs}`
      : `link ${e.path} → ${e.symlinkTo}`;

/**
 * Where a URL path ends up on a static host: symbolic links are followed folder by folder (relative to the link's
 * folder), then an alias to its file. Undefined when nothing answers.
 */
function resolve(entries: readonly DistEntry[], url: string): string | undefined {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const segments = url.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const head = segments.slice(0, i).join('/');
    const e = byPath.get(head);
    if (e?.kind === 'symlink') {
      const folder = segments.slice(0, i - 1);
      return resolve(entries, [...folder, ...e.symlinkTo.split('/'), ...segments.slice(i)].join('/'));
    }
  }
  let e = byPath.get(url);
  while (e?.kind === 'alias') e = byPath.get(e.sameAs);
  return e?.kind === 'file' ? e.path : undefined;
}

describe('spellings', () => {
  it.each([
    ['com.example/weather', ['com.example/weather', 'com.example%2Fweather']],
    ['io.github.user/my-server', ['io.github.user/my-server', 'io.github.user%2Fmy-server']],
  ])('the name %s is nested folders and the literal %%2F', (name, spellings) => {
    expect(nameSpellings(name)).toEqual(spellings);
  });

  it.each([
    ['1.0.0', ['1.0.0']],
    ['1.0.0-rc.1', ['1.0.0-rc.1']],
    ['1.0.0+build.5', ['1.0.0+build.5', '1.0.0%2Bbuild.5']],
    ['2025.01 beta', ['2025.01 beta', '2025.01%20beta']],
  ])('the version %s is spelled %j', (version, spellings) => {
    expect(versionSpellings(version)).toEqual(spellings);
  });
});

describe('the entries of a (name, version) pair', () => {
  it('a plain version: its file and the extension-less name', () => {
    expect(versionEntries(NAME, '1.0.0').map(show)).toEqual([
      `file ${DIR}/versions/1.0.0.json`,
      `alias ${DIR}/versions/1.0.0 = ${DIR}/versions/1.0.0.json`,
    ]);
  });

  it('a +build version: also both URL-encoded spellings, every one naming the one file', () => {
    expect(versionEntries(NAME, '1.0.0+build.5').map(show)).toEqual([
      `file ${DIR}/versions/1.0.0+build.5.json`,
      `alias ${DIR}/versions/1.0.0+build.5 = ${DIR}/versions/1.0.0+build.5.json`,
      `alias ${DIR}/versions/1.0.0%2Bbuild.5.json = ${DIR}/versions/1.0.0+build.5.json`,
      `alias ${DIR}/versions/1.0.0%2Bbuild.5 = ${DIR}/versions/1.0.0+build.5.json`,
    ]);
  });
});

describe('the entries of a server', () => {
  const entries = serverEntries(NAME, ['1.0.0', '2.0.0+b'], '2.0.0+b');

  it('every file first, then the aliases, then the %2F link to the nested folder', () => {
    expect(entries.map(show)).toEqual([
      `file ${DIR}/versions.json`,
      `file ${DIR}/versions/1.0.0.json`,
      `file ${DIR}/versions/2.0.0+b.json`,
      `alias ${DIR}/versions/index.html = ${DIR}/versions.json`,
      `alias ${DIR}/versions/latest.json = ${DIR}/versions/2.0.0+b.json`,
      `alias ${DIR}/versions/latest = ${DIR}/versions/latest.json`,
      `alias ${DIR}/versions/1.0.0 = ${DIR}/versions/1.0.0.json`,
      `alias ${DIR}/versions/2.0.0+b = ${DIR}/versions/2.0.0+b.json`,
      `alias ${DIR}/versions/2.0.0%2Bb.json = ${DIR}/versions/2.0.0+b.json`,
      `alias ${DIR}/versions/2.0.0%2Bb = ${DIR}/versions/2.0.0+b.json`,
      'link v0.1/servers/com.example%2Fweather → com.example/weather',
    ]);
  });

  it('names each entry by its document', () => {
    expect(entries.map((e) => describeDoc(e.doc))).toEqual([
      `versions of ${NAME}`,
      `${NAME} 1.0.0`,
      `${NAME} 2.0.0+b`,
      `versions of ${NAME}`,
      `latest of ${NAME}`,
      `latest of ${NAME}`,
      `${NAME} 1.0.0`,
      `${NAME} 2.0.0+b`,
      `${NAME} 2.0.0+b`,
      `${NAME} 2.0.0+b`,
      `${NAME} spelled com.example%2Fweather`,
    ]);
  });

  it('no latest version, no latest entries', () => {
    expect(serverEntries(NAME, ['1.0.0']).some((e) => e.doc.type === 'latest')).toBe(false);
  });

  it('every alias names a file or alias listed before it', () => {
    const seen = new Set<string>();
    for (const e of entries) {
      if (e.kind === 'alias') expect(seen.has(e.sameAs), e.path).toBe(true);
      seen.add(e.path);
    }
  });
});

describe('every official URL answers, under each prefix served', () => {
  const all = (serveV0: boolean) => [
    ...rootEntries(servedPrefixes(serveV0)),
    ...serverEntries(NAME, ['1.0.0', '2.0.0+b'], '2.0.0+b'),
  ];
  const file = (v: string) => `${DIR}/versions/${v}.json`;
  const cases: Array<[string, string]> = [];
  for (const name of ['com.example/weather', 'com.example%2Fweather']) {
    for (const [version, target] of [
      ['1.0.0', file('1.0.0')],
      ['2.0.0+b', file('2.0.0+b')],
      ['2.0.0%2Bb', file('2.0.0+b')],
      ['latest', file('2.0.0+b')],
    ] as const) {
      cases.push([endpoints.version('v0', name, version), target]);
      cases.push([`${endpoints.version('v0', name, version)}.json`, target]);
    }
    cases.push([paths.versions('v0', name), `${DIR}/versions.json`]);
    cases.push([paths.versionsTwin('v0', name), `${DIR}/versions.json`]);
  }
  cases.push([paths.list('v0'), 'v0.1/servers.json'], [paths.listTwin('v0'), 'v0.1/servers.json']);

  it.each(cases)('%s → %s', (url, target) => {
    expect(resolve(all(true), url)).toBe(target);
    expect(resolve(all(true), url.replace(/^v0\//, `${OWN}/`))).toBe(target);
  });

  it('/v0 is a link to /v0.1 unless turned off; then nothing answers under it', () => {
    expect(servedPrefixes(true)).toEqual(['v0.1', 'v0']);
    expect(servedPrefixes(false)).toEqual(['v0.1']);
    expect(rootEntries(servedPrefixes(true)).map(show)).toEqual([
      'file v0.1/servers.json',
      'alias v0.1/servers/index.html = v0.1/servers.json',
      'link v0 → v0.1',
    ]);
    expect(rootEntries(servedPrefixes(false)).map(show)).toEqual([
      'file v0.1/servers.json',
      'alias v0.1/servers/index.html = v0.1/servers.json',
    ]);
    expect(resolve(all(false), endpoints.version('v0', NAME, 'latest'))).toBeUndefined();
  });
});

describe('our own documents and the templates of host rules and OpenAPI', () => {
  it.each([
    [paths.page('latest', 100, 2), 'v0.1/servers/_page/latest/100/2.json'],
    [paths.page(':version', ':limit', ':cursor'), 'v0.1/servers/_page/:version/:limit/:cursor.json'],
    [paths.page('{list}', '{size}', '{page}'), 'v0.1/servers/_page/{list}/{size}/{page}.json'],
    [paths.changesIndex(), 'v0.1/servers/_changes/index.json'],
    [paths.changesDay('2026-01-02'), 'v0.1/servers/_changes/2026-01-02.json'],
    [paths.snapshot('0123456789abcdef'), 'v0.1/servers/_snapshot/0123456789abcdef.json'],
    [paths.toolhive(), 'v0.1/servers/_export/toolhive.json'],
    [paths.manifest(), 'v0.1/_build.json'],
    [paths.openapi(), 'v0.1/openapi.json'],
    [endpoints.versions('v0', ':namespace/:server'), 'v0/servers/:namespace/:server/versions'],
    [paths.versions('v0', ':name'), 'v0/servers/:name/versions/index.html'],
  ])('%s', (path, expected) => {
    expect(path).toBe(expected);
  });
});

describe('serverFolderOf: which server folder a path lies in (the writer shards by it)', () => {
  it.each([
    [`${DIR}/versions.json`, DIR],
    [`${DIR}/versions/1.0.0+b.json`, DIR],
    ['v0/servers/com.example/weather/versions/latest', 'v0/servers/com.example/weather'],
    ['v0.1/servers/com.example%2Fweather', undefined],
    [DIR, undefined],
    ['v0.1/servers/_page/all/100/1.json', undefined],
    ['v0.1/servers/_changes/index.json', undefined],
    ['v0.1/servers.json', undefined],
    ['v0.1/servers/index.html', undefined],
    ['v2/servers/com.example/weather/versions.json', undefined],
    ['_redirects', undefined],
  ])('%s → %s', (path, folder) => {
    expect(serverFolderOf(path)).toBe(folder);
  });

  it('is the inverse of paths.serverFolder for every path of a server but its name-spelling link', () => {
    for (const e of serverEntries(NAME, ['1.0.0', '2.0.0+b'], '1.0.0')) {
      expect(serverFolderOf(e.path)).toBe(e.kind === 'symlink' ? undefined : paths.serverFolder(OWN, NAME));
    }
  });
});

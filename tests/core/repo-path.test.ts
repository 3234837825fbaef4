import { describe, expect, it } from 'vitest';
import {
  OWNERS_FILE,
  SERVER_FILE,
  SERVERS_DIR,
  SIGNATURE_FILE,
  STATUS_FILE,
  classifyPath,
  gitRefusedSegment,
  nameTooLong,
  namespaceOf,
  pathTooLong,
  unsafeVersionFolder,
  versionDir,
} from '../../scripts/core/repo-path.ts';

describe('the file names, declared once', () => {
  it('servers/<namespace>/<server>/<version>/{server.json, status.json, server.json.sig}, <namespace>/owners.json', () => {
    expect([SERVERS_DIR, SERVER_FILE, STATUS_FILE, SIGNATURE_FILE, OWNERS_FILE]).toEqual([
      'servers',
      'server.json',
      'status.json',
      'server.json.sig',
      'owners.json',
    ]);
  });
});

describe('classifyPath: what a repository path is', () => {
  const id = { namespace: 'com.example', server: 'weather', version: '1.0.0+b' };
  it.each([
    ['servers/com.example/weather/1.0.0+b/server.json', { kind: 'server', ...id }],
    ['servers/com.example/weather/1.0.0+b/status.json', { kind: 'status', ...id }],
    ['servers/com.example/weather/1.0.0+b/server.json.sig', { kind: 'signature', ...id }],
    ['servers/com.example/owners.json', { kind: 'owners', namespace: 'com.example' }],
    ['README.md', { kind: 'stray', reason: 'outside servers/' }],
    ['other/com.example/weather/1.0.0/server.json', { kind: 'stray', reason: 'outside servers/' }],
    ['servers/com.example/server.json', { kind: 'stray', reason: '"server.json" is at the wrong depth' }],
    [
      'servers/com.example/weather/1.0.0/extra/server.json',
      { kind: 'stray', reason: '"server.json" is at the wrong depth' },
    ],
    ['servers/com.example/weather/owners.json', { kind: 'stray', reason: '"owners.json" is at the wrong depth' }],
    ['servers/com.example/weather/1.0.0/README.md', { kind: 'stray', reason: '"README.md" is not a registry file' }],
    ['servers/notes.txt', { kind: 'stray', reason: '"notes.txt" is not a registry file' }],
  ])('%s', (path, kind) => {
    expect(classifyPath(path)).toEqual(kind);
  });
});

describe('namespaceOf: the namespace a path is under, as written', () => {
  it.each([
    ['servers/Com.Example/weather/1.0.0/server.json', 'Com.Example'],
    ['servers/com.example/owners.json', 'com.example'],
    ['servers/com.example/anything', 'com.example'],
    ['servers/notes.txt', undefined],
    ['servers', undefined],
    ['.github/workflows/ci.yml', undefined],
  ])('%s → %s', (path, namespace) => {
    expect(namespaceOf(path)).toBe(namespace);
  });
});

describe('versionDir and classifyPath agree', () => {
  it('a version folder from the name `<namespace>/<server>`', () => {
    const dir = versionDir('com.example/weather', '1.0.0');
    expect(dir).toBe('servers/com.example/weather/1.0.0');
    expect(classifyPath(`${dir}/${SERVER_FILE}`)).toEqual({
      kind: 'server',
      namespace: 'com.example',
      server: 'weather',
      version: '1.0.0',
    });
  });
});

describe('unsafeVersionFolder', () => {
  it.each(['1.0.0', '1.0.0+build.5', '1.0.0-rc.1', '2025.01 beta', 'v1'])('%j is safe', (v) => {
    expect(unsafeVersionFolder(v)).toBeUndefined();
  });
  it.each([
    ['', 'it is empty'],
    ['..', 'it contains ".."'],
    ['1..0', 'it contains ".."'],
    ['.hidden', 'it starts with "."'],
    ['1/0', 'it contains a slash'],
    ['1\\0', 'it contains a slash'],
    ['1.0\u0007', 'it contains a control character'],
    ['1:0', 'it contains a character that Windows cannot store in a folder name'],
    ['1.0.', 'it ends with a space or "."'],
    ['1.0 ', 'it ends with a space or "."'],
    ['1.0-\ud800', 'it is not valid Unicode'],
  ])('%j is unsafe: %s', (v, reason) => {
    expect(unsafeVersionFolder(v)).toBe(reason);
  });
});

describe('what a Linux checkout can write', () => {
  const v = (version: string) => `servers/io.github.a/b/${version}/server.json`;
  it.each([
    ['a 255-byte ASCII name', v('a'.repeat(255)), undefined],
    ['a 256-byte ASCII name', v('a'.repeat(256)), /is 256 bytes in UTF-8 \(256 characters\)/],
    ['85 × "€" (255 bytes)', v('€'.repeat(85)), undefined],
    ['86 × "€" (258 bytes, 86 characters)', v('€'.repeat(86)), /is 258 bytes in UTF-8 \(86 characters\)/],
    ['100 × "€" (300 bytes, fine by the 255-character rule)', v('€'.repeat(100)), /is 300 bytes/],
    ['64 emoji (256 bytes, 128 UTF-16 units)', v('😀'.repeat(64)), /is 256 bytes in UTF-8 \(64 characters\)/],
    ['a long namespace folder', `servers/${'n'.repeat(256)}/owners.json`, /is 256 bytes/],
    [
      'a whole path over 4,095 bytes',
      `servers/${Array(20).fill('a'.repeat(250)).join('/')}`,
      /the path is 50\d\d bytes/,
    ],
  ])('%s', (_why, path, reason) => {
    const got = pathTooLong(path);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });

  it('counts bytes only where characters could exceed them', () => {
    expect(nameTooLong('a'.repeat(85))).toBe(false);
    expect(nameTooLong('€'.repeat(85))).toBe(false);
    expect(nameTooLong(`${'€'.repeat(85)}a`)).toBe(true);
  });

  it.each([
    ['servers/io.github.a/b/git~1/server.json', 'git~1'],
    ['servers/io.github.a/b/GIT~1/server.json', 'GIT~1'],
    ['servers/.git/config', '.git'],
    ['servers/a/.GIT. /x', '.GIT. '],
    ['servers/a/git~1:stream/x', 'git~1:stream'],
    ['servers/io.github.a/b/1.0.0/server.json', undefined],
    ['servers/a/.gitignore', undefined],
    ['servers/a/git~10/x', undefined],
  ])('%s: git refuses %j', (path, segment) => {
    expect(gitRefusedSegment(path)).toBe(segment);
  });
});

/**
 * Hijack scenarios of issue 9 §1 and §6, end to end through the fake GitHub: PRs that passed the gate and then
 * stopped `main` (versions named like the API's own files, names past the file system's byte limit, a version no
 * Linux checkout can write), and PRs that claimed another server's remote URL by spelling it differently. Each asserts
 * the verdict and what GitHub received. Every scenario that passes is also merged, checked out and built by the
 * harness (runScenario → main-builds.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ALICE,
  MALLORY,
  added,
  bytesOf,
  runScenario,
  serverJson,
  startWorld,
  versionPath,
  type GateRun,
  type World,
} from './harness.ts';
import { LABELS, expectCheckCommentLabels, standardWrites, writes } from './scenario-checks.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  // An older base file whose remote host is written with JSON escapes: a text search for the host never finds it.
  const legacy = versionPath('com.legacy/old', '1.0.0');
  const text = new TextDecoder()
    .decode(
      bytesOf(serverJson('com.legacy/old', '1.0.0', { remotes: [{ type: 'sse', url: 'https://mcp.alice.dev/sse' }] })),
    )
    .replace('mcp.alice.dev', 'mcp\\u002ealice\\u002edev');
  await mkdir(dirname(join(world.baseRoot, legacy)), { recursive: true });
  await writeFile(join(world.baseRoot, legacy), text);
});
afterAll(async () => world?.close());

const { invalid: INVALID, ready: READY, newNs: NEW_NAMESPACE } = LABELS;

/** One completed check run on the head SHA with this conclusion, one sticky comment, exactly these labels. */
function expectReported(r: GateRun, conclusion: string, labels: string[], commentIncludes: string[] = []): void {
  expectCheckCommentLabels(world, r, conclusion, labels, commentIncludes);
  expect(r.result!.verdict.labels).toEqual([...labels].sort());
  expect(writes(r)).toEqual(standardWrites(r));
}

function errors(r: GateRun): Array<[string, string]> {
  return r
    .result!.verdict.problems.filter((p) => p.severity === 'error')
    .map((p): [string, string] => [p.rule, p.file])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

const WEATHER = 'io.github.alice/weather';
/** The base's owner of https://mcp.example.com/taken: a remote conflict is reported on both documents. */
const TAKEN_BY = versionPath('com.example/api', '1.0.0');
const weather = (version: string) => added(versionPath(WEATHER, version), serverJson(WEATHER, version));

describe('§1 what the gate passes, main builds: version folders', () => {
  test.each([
    ['index.html', 'the versions list (…/versions/index.html)'],
    ['latest.json', 'the latest alias (…/versions/latest.json)'],
    ['1.0.0.json', 'the .json twin of the merged 1.0.0'],
    ['LATEST', 'the latest alias on a case-insensitive disk'],
    ['1.0.0.JSON', 'the .json twin of 1.0.0 on a case-insensitive disk'],
  ])('a version %s collides with %s', async (version) => {
    const r = await runScenario(world, { author: ALICE, files: [weather(version)] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['dist-path-collision', versionPath(WEATHER, version)]]);
    expectReported(
      r,
      'failure',
      [INVALID],
      ['dist-path-collision', 'Publish this version under another version string'],
    );
  });

  test('1.0.0%2Bb beside 1.0.0+b in one PR: the one spelled like the other’s URL-encoded name is refused', async () => {
    const r = await runScenario(world, { author: ALICE, files: [weather('2.0.0+b'), weather('2.0.0%2Bb')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['dist-path-collision', versionPath(WEATHER, '2.0.0%2Bb')]]);
    expectReported(r, 'failure', [INVALID]);
  });

  test('a 252-character version: the .json twin passes the 255-byte name limit', async () => {
    const version = `1.0.0-${'a'.repeat(246)}`;
    const r = await runScenario(world, { author: ALICE, files: [weather(version)] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['dist-name-too-long', versionPath(WEATHER, version)]]);
    expectReported(r, 'failure', [INVALID], ['257 bytes in UTF-8']);
  });

  test('a version of 100 × "€": 100 characters, 300 bytes, a folder no Linux checkout can write', async () => {
    const version = '€'.repeat(100);
    const r = await runScenario(world, { author: ALICE, files: [weather(version)] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['path-too-long', versionPath(WEATHER, version)]]);
    expectReported(r, 'failure', [INVALID], ['is 300 bytes in UTF-8']);
  });

  test('a version of 60 × "é" passes as written (120 bytes) but not URL-encoded (365 bytes)', async () => {
    const version = `1-${'é'.repeat(60)}`;
    const r = await runScenario(world, { author: ALICE, files: [weather(version)] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['dist-name-too-long', versionPath(WEATHER, version)]]);
    expectReported(r, 'failure', [INVALID], ['%C3%A9']);
  });

  test('a version GIT~1 (the short name of .git): git refuses to check it out', async () => {
    const r = await runScenario(world, { author: ALICE, files: [weather('GIT~1')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([['path-git-refused', versionPath(WEATHER, 'GIT~1')]]);
    expectReported(r, 'failure', [INVALID]);
  });

  test('a file outside servers/ that no checkout can write is refused, not only sent to a maintainer', async () => {
    const path = `docs/${'ü'.repeat(130)}.md`;
    const r = await runScenario(world, {
      author: ALICE,
      files: [{ filename: path, status: 'added', bytes: new TextEncoder().encode('# hi\n') }],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([
      ['path-policy', path],
      ['path-too-long', path],
    ]);
    expectReported(r, 'failure', [INVALID, 'registry: needs maintainer'], ['is 263 bytes in UTF-8']);
  });

  test('the boundaries pass, and main builds with them: a 250-character version and names near the layout’s', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('a'.repeat(250)), weather('versions.json'), weather('1.0.0.js')],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(errors(r)).toEqual([]);
    expectReported(r, 'success', [READY]);
  });
});

describe('§6 one remote URL, one server, whatever the spelling', () => {
  const mine = 'io.github.mallory/remote';
  /** Mallory's new namespace records her account, as the report asks (namespace-identity-record). */
  const account = added('servers/io.github.mallory/owners.json', {
    account: { login: MALLORY.login, id: MALLORY.id, type: 'User' },
    owners: [],
  });
  const remote = (url: string, extra: Record<string, unknown> = {}) =>
    added(
      versionPath(mine, '1.0.0'),
      serverJson(mine, '1.0.0', { remotes: [{ type: 'streamable-http', url, ...extra }] }),
    );

  test.each([
    ['https://mcp.example.com:443/taken', 'the default port'],
    ['https://MCP.EXAMPLE.COM/taken', 'an upper-case host'],
    ['https://mcp.example.com/%74aken', 'a percent-escaped letter'],
    ['https://mcp.example.com/taken?', 'an empty query'],
    ['https://mcp.example.com/taken/', 'a trailing slash'],
    ['https://mcp.example.com/x/../taken', 'a dot segment'],
  ])('%s (%s) is com.example/api’s endpoint', async (url) => {
    const r = await runScenario(world, { author: MALLORY, files: [account, account, remote(url)] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([
      ['remote-url-taken', TAKEN_BY],
      ['remote-url-taken', versionPath(mine, '1.0.0')],
    ]);
    expectReported(r, 'failure', [INVALID, NEW_NAMESPACE], ['remote-url-taken', 'com.example/api']);
    const mineProblem = r.result!.verdict.problems.find((p) => p.file === versionPath(mine, '1.0.0'))!;
    expect(mineProblem.message).toContain('is the endpoint https://mcp.example.com/taken (compared in canonical form)');
  });

  test('a user name before the host is refused twice: a second spelling, and credentials in a URL', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [account, account, remote('https://user@mcp.example.com/taken')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([
      ['remote-url-taken', TAKEN_BY],
      ['remote-url-taken', versionPath(mine, '1.0.0')],
      ['remote-userinfo', versionPath(mine, '1.0.0')],
    ]);
    expectReported(r, 'failure', [INVALID, NEW_NAMESPACE]);
  });

  test('a templated host whose default is the taken host claims it', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        account,
        remote('https://{host}/taken', { variables: { host: { description: 'Host', default: 'mcp.example.com' } } }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errors(r)).toEqual([
      ['remote-url-taken', TAKEN_BY],
      ['remote-url-taken', versionPath(mine, '1.0.0')],
    ]);
    expectReported(r, 'failure', [INVALID, NEW_NAMESPACE], ['remote-url-taken', 'com.example/api']);
    const mineProblem = r.result!.verdict.problems.find((p) => p.file === versionPath(mine, '1.0.0'))!;
    expect(mineProblem.message).toContain('{variable} in a URL can stand for any text');
  });

  test('a host JSON-escaped in an older base file is found: the gate reads remotes by key, not by text', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        account,
        added(
          versionPath(mine, '1.0.0'),
          serverJson(mine, '1.0.0', { remotes: [{ type: 'sse', url: 'https://mcp.alice.dev/sse' }] }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(r.result!.snapshot.base.files.map((f) => f.path)).toContain(versionPath('com.legacy/old', '1.0.0'));
    expect(errors(r)).toEqual([
      ['remote-url-taken', versionPath('com.legacy/old', '1.0.0')],
      ['remote-url-taken', versionPath(mine, '1.0.0')],
    ]);
    expectReported(r, 'failure', [INVALID, NEW_NAMESPACE], ['com.legacy/old']);
  });

  test('another path on the same host is another endpoint: it passes, and main builds', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [account, account, remote('https://mcp.example.com/mallory')],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.result!.snapshot.base.files.map((f) => f.path)).not.toContain(versionPath('com.example/api', '1.0.0'));
    expectReported(r, 'success', [READY, NEW_NAMESPACE]);
  });
});

/**
 * The publish action's logic against the fake GitHub: every call made with the owner's token, the fork, the PR it
 * opens, a second release while the first PR is open, re-runs, an already published version, a maintainer with push
 * access, a rejected token and a document our rules refuse (the last two through the real command line).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../scripts/github/client.ts';
import { prepareRelease } from '../../scripts/publish/prepare.ts';
import { publishRelease } from '../../scripts/publish/publish.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import { FakeGitNetwork } from '../fakes/index.ts';
import { startFakeGitHub, type FakeGitHub, type FakeUser } from '../fakes/index.ts';
import { cliAsync } from '../helpers/cli-async.ts';

const REGISTRY = 'acme/registry';
const ACME: FakeUser = { login: 'acme', id: 1, type: 'Organization' };
const ALICE: FakeUser = { login: 'alice', id: 1001 };
const MAINT: FakeUser = { login: 'maint', id: 1002 };
const NAME = 'io.github.alice/weather';
const BRANCH = `mcp-publish/${NAME}`;
const authorDoc = (extra: Record<string, unknown> = {}) => ({
  $schema: CURRENT_SCHEMA_URL,
  name: NAME,
  description: 'Weather for your agent',
  version: '0.0.0-dev',
  packages: [{ registryType: 'npm', identifier: '@alice/weather', version: '0.0.0-dev', transport: { type: 'stdio' } }],
  ...extra,
});

let gh: FakeGitHub;
let net: FakeGitNetwork;
let work: string;

const publish = (version: string, token = 'alice-token', doc = authorDoc()) =>
  publishRelease({
    github: createGitHub({ token, baseUrl: gh.url, tuning: { noWriteSpacing: true, retries: 0 } }),
    registry: REGISTRY,
    release: prepareRelease(doc, version),
    source: 'alice/weather@abc123',
    forkWait: { tries: 3, delayMs: 10 },
  });
const writes = () => gh.writes().map((c) => `${c.method} ${c.path}`);

beforeAll(async () => {
  gh = await startFakeGitHub();
  gh.strictTokens = true;
  gh.tokens.set('alice-token', { user: ALICE });
  gh.tokens.set('maint-token', { user: MAINT });
  net = new FakeGitNetwork(gh);
  net.addRepo(REGISTRY, {
    owner: ACME,
    pushers: ['maint'],
    files: { 'registry.config.json': '{}\n', 'servers/io.github.bob/tool/1.0.0/server.json': '{}\n' },
  });
  work = mkdtempSync(join(tmpdir(), 'publish-'));
});
afterAll(async () => {
  await gh?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  gh.calls.length = 0;
});

describe('publishing a release', () => {
  it('forks the registry and opens a pull request authored by the owner, with the new version folder', async () => {
    const r = await publish('1.0.0');
    expect(r).toMatchObject({ action: 'created', login: 'alice', headRepo: 'alice/registry' });
    expect(writes()).toEqual([
      `POST /repos/${REGISTRY}/forks`,
      'POST /repos/alice/registry/merge-upstream',
      'POST /repos/alice/registry/git/trees',
      'POST /repos/alice/registry/git/commits',
      'POST /repos/alice/registry/git/refs',
      `POST /repos/${REGISTRY}/pulls`,
    ]);
    expect(gh.calls.every((c) => c.authorization === 'token alice-token')).toBe(true);
    const [pull] = net.pullsFor(REGISTRY, `alice:${BRANCH}`);
    expect(pull).toMatchObject({
      user: { login: 'alice' },
      headRepo: 'alice/registry',
      baseBranch: 'main',
      state: 'open',
    });
    expect(pull!.title).toBe(`Publish ${NAME} 1.0.0`);
    expect(pull!.body).toContain('Released from alice/weather@\u200babc123.');
    const doc = JSON.parse(net.filesAt('alice/registry', BRANCH)[`servers/${NAME}/1.0.0/server.json`]!);
    expect(doc).toMatchObject({ version: '1.0.0', packages: [{ version: '1.0.0' }] });
    expect(net.filesAt(REGISTRY, 'main')[`servers/${NAME}/1.0.0/server.json`]).toBeUndefined();
  });

  it('a second release while the first PR is open joins it: one PR, both versions, a fast-forward', async () => {
    const r = await publish('1.1.0');
    expect(r.action).toBe('updated');
    expect(writes()).toEqual([
      `POST /repos/${REGISTRY}/forks`,
      'POST /repos/alice/registry/merge-upstream',
      'POST /repos/alice/registry/git/trees',
      'POST /repos/alice/registry/git/commits',
      `PATCH /repos/alice/registry/git/refs/heads/${BRANCH}`,
      `PATCH /repos/${REGISTRY}/pulls/${r.number}`,
    ]);
    expect(gh.calls.find((c) => c.method === 'PATCH' && c.path.includes('/git/refs/'))!.body).toMatchObject({
      force: false,
    });
    expect(net.pullsFor(REGISTRY, `alice:${BRANCH}`)).toHaveLength(1);
    expect(net.pulls[0]!.title).toBe(`Publish ${NAME} 1.0.0, 1.1.0`);
    expect(Object.keys(net.filesAt('alice/registry', BRANCH)).filter((p) => p.startsWith(`servers/${NAME}/`))).toEqual([
      `servers/${NAME}/1.0.0/server.json`,
      `servers/${NAME}/1.1.0/server.json`,
    ]);
  });

  it('a re-run of the same release changes nothing', async () => {
    const r = await publish('1.1.0');
    expect(r.action).toBe('already-proposed');
    expect(writes().filter((w) => !w.endsWith('/forks') && !w.endsWith('/merge-upstream'))).toEqual([]);
  });

  it('once merged: the same bytes are nothing to do; other bytes for a published version are refused', async () => {
    const files = net.filesAt('alice/registry', BRANCH);
    net.commitTo(
      REGISTRY,
      'main',
      Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(`servers/${NAME}/`))),
    );
    net.pulls[0]!.state = 'closed';
    gh.calls.length = 0;
    expect((await publish('1.1.0')).action).toBe('already-published');
    expect(gh.writes()).toEqual([]);
    await expect(publish('1.1.0', 'alice-token', authorDoc({ description: 'Changed after release' }))).rejects.toThrow(
      /already published .* published versions never change/,
    );
  });

  it('the next release after a merge starts a new PR from the registry head (the stale branch is replaced)', async () => {
    const r = await publish('1.2.0');
    expect(r.action).toBe('created');
    expect(gh.calls.find((c) => c.method === 'PATCH' && c.path.includes('/git/refs/'))!.body).toMatchObject({
      force: true,
    });
    expect(net.pulls.filter((p) => p.state === 'open')).toHaveLength(1);
    expect(net.pulls.at(-1)!.title).toBe(`Publish ${NAME} 1.2.0`);
  });

  it('an owner who may push to the registry gets a branch there, no fork', async () => {
    const r = await publishRelease({
      github: createGitHub({ token: 'maint-token', baseUrl: gh.url, tuning: { noWriteSpacing: true, retries: 0 } }),
      registry: REGISTRY,
      release: prepareRelease({ ...authorDoc(), name: 'io.github.maint/tool' }, '2.0.0'),
    });
    expect(r).toMatchObject({ action: 'created', headRepo: REGISTRY, login: 'maint' });
    expect(writes()).not.toContain(`POST /repos/${REGISTRY}/forks`);
  });
});

describe('the publish command', () => {
  const env = () => ({
    GITHUB_API_URL: gh.url,
    GITHUB_REF_NAME: 'v3.0.0',
    GITHUB_ACTION_PATH: `/home/runner/work/_actions/${REGISTRY}/v1/.github/actions/publish`,
  });
  const serverJson = (doc: unknown) => {
    const file = join(work, 'server.json');
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };

  it('a rejected token: a clear message, exit 1, nothing written', async () => {
    const r = await cliAsync(['publish', '--server-json', serverJson(authorDoc())], work, {
      ...env(),
      GITHUB_TOKEN: 'expired',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: GitHub refused the pull request to acme\/registry: GET .*\/user answered 401 .*The token was rejected/,
    );
    expect(gh.writes()).toEqual([]);
  });

  it('a document our rules refuse: the problems, exit 1, not one call to GitHub', async () => {
    const r = await cliAsync(
      ['publish', '--server-json', serverJson(authorDoc({ description: 'x'.repeat(101) }))],
      work,
      {
        ...env(),
        GITHUB_TOKEN: 'alice-token',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('description-length');
    expect(r.stderr).toContain('does not pass acme/registry');
    expect(gh.calls).toEqual([]);
  });

  it('the version from the tag, the registry from the action path, the PR URL as an output', async () => {
    const output = join(work, 'github-output');
    writeFileSync(output, '');
    const r = await cliAsync(['publish', '--server-json', serverJson(authorDoc())], work, {
      ...env(),
      GITHUB_TOKEN: 'alice-token',
      GITHUB_OUTPUT: output,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Added 3\.0\.0 to the open pull request #\d+/);
    expect(net.filesAt('alice/registry', BRANCH)[`servers/${NAME}/3.0.0/server.json`]).toContain('"version": "3.0.0"');
    expect(readFileSync(output, 'utf8')).toMatch(
      /^pull-request-url=https:\/\/github\.com\/acme\/registry\/pull\/\d+\n$/,
    );
  });
});

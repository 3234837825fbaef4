/**
 * The import's one pull request against the fake GitHub (repositories and git data from tests/fakes/github-git.ts)
 * from a real git checkout: the calls made, the branch it builds (never the default branch), one PR opened then
 * updated in place, nothing pushed when nothing changed, the cap, and a rejected token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHub, type GitHub } from '../../scripts/github/client.ts';
import { openImportPr } from '../../scripts/import/open-pr.ts';
import { IMPORT_BRANCH, IMPORT_MARKER } from '../../scripts/import/pr-plan.ts';
import { FakeGitNetwork } from '../fakes/index.ts';
import { startFakeGitHub, type FakeGitHub, type FakeUser } from '../fakes/index.ts';
import { cliAsync } from '../helpers/cli-async.ts';
import { tempRepo, type TempRepo } from '../helpers/git.ts';

const REPO = 'acme/registry';
const ORG: FakeUser = { login: 'acme', id: 1, type: 'Organization' };
const APP: FakeUser = { login: 'acme-registry-import[bot]', id: 77, type: 'Bot' };
const T = 'servers/io.github.acme/tool';
const doc = (v: string) => `${JSON.stringify({ name: 'io.github.acme/tool', version: v }, null, 2)}\n`;

let gh: FakeGitHub;
let net: FakeGitNetwork;
let github: GitHub;
let checkout: TempRepo;

const open = (o: { maxVersions?: number; summary?: string } = {}) =>
  openImportPr({
    root: checkout.dir,
    repository: REPO,
    defaultBranch: 'main',
    branch: IMPORT_BRANCH,
    maxVersions: o.maxVersions ?? 100,
    ...(o.summary ? { summary: o.summary } : {}),
    github,
  });
const writes = () => gh.writes().map((c) => `${c.method} ${c.path}`);

beforeAll(async () => {
  gh = await startFakeGitHub();
  gh.strictTokens = true;
  gh.tokens.set('app-token', { user: APP });
  net = new FakeGitNetwork(gh);
  const main = { 'registry.config.json': '{}\n', [`${T}/1.0.0/server.json`]: doc('1.0.0') };
  net.addRepo(REPO, { owner: ORG, files: main, pushers: [APP.login] });
  github = createGitHub({ token: 'app-token', baseUrl: gh.url, tuning: { noWriteSpacing: true, retries: 0 } });
  checkout = tempRepo('import-pr-');
  for (const [p, t] of Object.entries(main)) checkout.write(p, t);
  checkout.commit('main');
});
afterAll(async () => {
  await gh?.stop();
  checkout?.cleanup();
});

describe('the import pull request', () => {
  it('has nothing to propose when the import changed nothing (or only its sync time)', async () => {
    checkout.write('servers/_upstream.json', '{"upstreams": {}}\n');
    expect((await open()).action).toBe('nothing');
    expect(gh.writes()).toEqual([]);
    checkout.remove('servers/_upstream.json');
  });

  it('commits the import on its own branch and opens ONE pull request from it', async () => {
    checkout.write(`${T}/1.1.0/server.json`, doc('1.1.0'));
    checkout.write(`${T}/1.0.0/status.json`, '{\n  "status": "deprecated"\n}\n');
    checkout.write(
      'servers/_upstream.json',
      '{"upstreams": {"https://up.example/": {"lastSync": "2026-05-01T00:00:00Z"}}}\n',
    );
    const r = await open({ summary: 'Upstream https://up.example/: 2 record(s)' });
    expect(r).toMatchObject({ action: 'created', number: expect.any(Number) });
    expect(writes()).toEqual([
      `POST /repos/${REPO}/git/trees`,
      `POST /repos/${REPO}/git/commits`,
      `POST /repos/${REPO}/git/refs`,
      `POST /repos/${REPO}/pulls`,
    ]);
    expect(gh.calls.every((c) => c.authorization === 'token app-token')).toBe(true);
    const files = net.filesAt(REPO, IMPORT_BRANCH);
    expect(files[`${T}/1.1.0/server.json`]).toBe(doc('1.1.0'));
    expect(files[`${T}/1.0.0/status.json`]).toContain('deprecated');
    expect(files['servers/_upstream.json']).toContain('lastSync');
    expect(net.filesAt(REPO, 'main')[`${T}/1.1.0/server.json`]).toBeUndefined(); // never the default branch
    const [pull] = net.pullsFor(REPO, `acme:${IMPORT_BRANCH}`);
    expect(pull).toMatchObject({ state: 'open', baseBranch: 'main', user: { login: APP.login } });
    expect(pull!.title).toBe('Import from upstream: 1 new version(s), 1 status change(s) in 1 server(s)');
    expect(pull!.body).toContain(IMPORT_MARKER);
    expect(pull!.body).toContain('| io.github.acme/tool | 1.1.0 | added |');
    expect(pull!.body).toContain('| io.github.acme/tool | 1.0.0 | status → deprecated |');
    expect(pull!.body).toContain('Upstream https://up.example/: 2 record(s)');
  });

  it('pushes nothing when the next run finds the same changes', async () => {
    gh.calls.length = 0;
    const r = await open({ summary: 'Upstream https://up.example/: 2 record(s)' });
    expect(r.action).toBe('unchanged');
    // A tree is built to compare, but no commit, ref or PR write follows.
    expect(writes()).toEqual([`POST /repos/${REPO}/git/trees`]);
  });

  it('updates the same pull request in place when the upstream moved on', async () => {
    gh.calls.length = 0;
    checkout.write(`${T}/1.2.0/server.json`, doc('1.2.0'));
    const r = await open();
    expect(r.action).toBe('updated');
    expect(writes()).toEqual([
      `POST /repos/${REPO}/git/trees`,
      `POST /repos/${REPO}/git/commits`,
      `PATCH /repos/${REPO}/git/refs/heads/${IMPORT_BRANCH}`,
      `PATCH /repos/${REPO}/pulls/${r.number}`,
    ]);
    expect(gh.calls.find((c) => c.method === 'PATCH' && c.path.includes('/git/refs/'))!.body).toMatchObject({
      force: true,
    });
    expect(net.pulls).toHaveLength(1);
    expect(net.filesAt(REPO, IMPORT_BRANCH)[`${T}/1.2.0/server.json`]).toBe(doc('1.2.0'));
  });

  it('caps one pull request and leaves the sync time for when everything is in', async () => {
    const r = await open({ maxVersions: 1 });
    expect(r.plan.left).toBe(2);
    const files = net.filesAt(REPO, IMPORT_BRANCH);
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith(T))
        .sort(),
    ).toEqual([`${T}/1.0.0/server.json`, `${T}/1.0.0/status.json`]);
    expect(files['servers/_upstream.json']).toBeUndefined();
    expect(net.pulls[0]!.body).toContain('2 more wait for the next run');
  });

  it('the command: a rejected token is a clear error, not a stack trace, and writes nothing', async () => {
    gh.calls.length = 0;
    const r = await cliAsync(['import-pr', '--root', checkout.dir], checkout.dir, {
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: 'revoked',
      GITHUB_REPOSITORY: REPO,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: GitHub refused the import pull request: GET .* answered 401 .*The token was rejected/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(gh.writes()).toEqual([]);
  });

  it('the command: opens the pull request as the workflow runs it', async () => {
    net.pulls[0]!.state = 'closed';
    const r = await cliAsync(['import-pr', '--root', checkout.dir], checkout.dir, {
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: 'app-token',
      GITHUB_REPOSITORY: REPO,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Opened pull request #\d+ \(3 version folder\(s\)\)/);
    expect(net.pulls.filter((p) => p.state === 'open')).toHaveLength(1);
  });
});

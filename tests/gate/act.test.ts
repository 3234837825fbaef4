/** The executor against the fake GitHub: every kind of planned write becomes its one request, in order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { evaluate } from '../../scripts/gate/evaluate.ts';
import { act, executeWrites, readGitHubState } from '../../scripts/gate/act.ts';
import { createGitHub, type GitHub } from '../../scripts/github/client.ts';
import type { GitHubWrite } from '../../scripts/gate/plan.ts';
import { BOT, type FakeGitHub, startFakeGitHub } from '../fakes/index.ts';
import { ALICE, REPO } from './harness.ts';

let gh: FakeGitHub;
let github: GitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
  github = createGitHub({ token: 'ghs_t', baseUrl: gh.url, tuning: { noWriteSpacing: true, retries: 0 } });
});
afterAll(async () => gh?.stop());

test('each write kind is performed as its request; the plan is read back from what GitHub shows', async () => {
  gh.addPull(REPO, { number: 7, user: ALICE, headSha: 'a'.repeat(40), headRepo: null, files: [], labels: ['old'] });
  const mine = gh.addComment(7, '<!-- mcp-registry-gate:sticky -->\nold', BOT);
  gh.addRepoLabel(REPO, { name: 'old', color: 'ededed', description: null });
  const state = await readGitHubState(github, REPO, 7);
  expect(state).toEqual({
    comments: [{ id: mine.id, body: mine.body, authorType: 'Bot' }],
    labels: ['old'],
    repoLabels: ['old'],
  });

  const output = { title: 't', summary: 's', annotations: [] };
  const writes: GitHubWrite[] = [
    { kind: 'create-check-run', name: 'registry-gate', headSha: 'a'.repeat(40), conclusion: 'failure', output },
    { kind: 'update-check-run', output: { ...output, annotations: [] } },
    { kind: 'update-comment', commentId: mine.id, body: 'new' },
    { kind: 'create-comment', issue: 7, body: 'another' },
    { kind: 'create-label', name: 'a', color: '0e8a16', description: 'The label a.' },
    { kind: 'add-labels', issue: 7, labels: ['a', 'b'] },
    { kind: 'remove-label', issue: 7, label: 'old' },
  ];
  const before = gh.calls.length;
  const done = await executeWrites(github, REPO, writes);
  const run = gh.checkRuns.at(-1)!;
  expect(done.checkRunId).toBe(run.id);
  expect(gh.calls.slice(before).map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')}`)).toEqual([
    'POST /check-runs',
    `PATCH /check-runs/${run.id}`,
    `PATCH /issues/comments/${mine.id}`,
    'POST /issues/7/comments',
    'POST /labels',
    'POST /issues/7/labels',
    'DELETE /issues/7/labels/old',
  ]);
  expect(run).toMatchObject({ head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'failure' });
  expect(gh.comments.get(7)!.map((c) => c.body)).toEqual(['new', 'another']);
  expect(gh.pulls.get(REPO)!.get(7)!.labels).toEqual(['a', 'b']);
  // The created label has its colour and description; the one only added was made grey by GitHub, as it would be.
  expect(gh.repoLabel(REPO, 'a')).toEqual({ name: 'a', color: '0e8a16', description: 'The label a.' });
  expect(gh.repoLabel(REPO, 'b')).toEqual({ name: 'b', color: 'ededed', description: null });
});

test('creating a label that exists already (a concurrent run, another case) is not an error; other 422s are', async () => {
  gh.addPull(REPO, { number: 8, user: ALICE, headSha: 'c'.repeat(40), headRepo: null, files: [] });
  gh.addRepoLabel(REPO, { name: 'Registry: Taken', color: '000000', description: 'theirs' });
  const before = gh.calls.length;
  await executeWrites(github, REPO, [
    { kind: 'create-label', name: 'registry: taken', color: '0e8a16', description: 'ours' },
    { kind: 'add-labels', issue: 8, labels: ['registry: taken'] },
  ]);
  expect(gh.calls.slice(before).map((c) => `${c.method} ${c.path.replace(`/repos/${REPO}`, '')}`)).toEqual([
    'POST /labels',
    'POST /issues/8/labels',
  ]);
  expect(gh.repoLabel(REPO, 'registry: taken')).toEqual({
    name: 'Registry: Taken',
    color: '000000',
    description: 'theirs',
  });
  await expect(
    executeWrites(github, REPO, [{ kind: 'create-label', name: 'bad colour', color: '#12345', description: 'x' }]),
  ).rejects.toMatchObject({ status: 422 });
});

test('check runs go through the checks client (an App token), everything else through the workflow token', async () => {
  gh.tokens.set('ghs_app', {
    user: { login: 'registry-gate[bot]', id: 777, type: 'Bot' },
    app: { id: 4242, slug: 'registry-gate' },
    permissions: { checks: 'write' },
  });
  const checks = createGitHub({ token: 'ghs_app', baseUrl: gh.url, tuning: { noWriteSpacing: true, retries: 0 } });
  gh.addPull(REPO, { number: 9, user: ALICE, headSha: 'd'.repeat(40), headRepo: null, files: [] });
  const output = { title: 't', summary: 's', annotations: [] };
  const before = gh.calls.length;
  await executeWrites(
    github,
    REPO,
    [
      { kind: 'create-check-run', name: 'registry-gate', headSha: 'd'.repeat(40), conclusion: 'success', output },
      { kind: 'update-check-run', output },
      { kind: 'create-comment', issue: 9, body: 'hi' },
    ],
    checks,
  );
  expect(gh.calls.slice(before).map((c) => `${c.method} ${c.path.split('/').at(-1)} ${c.authorization}`)).toEqual([
    'POST check-runs token ghs_app',
    `PATCH ${gh.checkRuns.at(-1)!.id} token ghs_app`,
    'POST comments token ghs_t',
  ]);
  expect(gh.checkRuns.at(-1)!.app).toEqual({ id: 4242, slug: 'registry-gate' });
  // The App's token may write checks only: the fake refuses it anything else, as GitHub would.
  await expect(
    executeWrites(checks, REPO, [{ kind: 'create-comment', issue: 9, body: 'from the app' }]),
  ).rejects.toMatchObject({ status: 403 });
});

test('a dry run reads and plans but writes nothing', async () => {
  const snapshot = JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/gate/owner-publishes-pass/snapshot.json'), 'utf8'),
  );
  gh.addPull(REPO, {
    number: snapshot.pr.number,
    user: ALICE,
    headSha: snapshot.pr.headSha,
    headRepo: null,
    files: [],
  });
  const before = gh.writes().length;
  const r = await act(github, snapshot, evaluate(snapshot, parseConfig({})), { dryRun: true });
  expect(r.executed).toBe(false);
  // A repository without the gate's labels: the one it adds is created first.
  expect(r.writes.map((w) => w.kind)).toEqual(['create-check-run', 'create-comment', 'create-label', 'add-labels']);
  expect(gh.writes().length).toBe(before);
});

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
  const state = await readGitHubState(github, REPO, 7);
  expect(state).toEqual({ comments: [{ id: mine.id, body: mine.body, authorType: 'Bot' }], labels: ['old'] });

  const output = { title: 't', summary: 's', annotations: [] };
  const writes: GitHubWrite[] = [
    { kind: 'create-check-run', name: 'registry-gate', headSha: 'a'.repeat(40), conclusion: 'failure', output },
    { kind: 'update-check-run', output: { ...output, annotations: [] } },
    { kind: 'update-comment', commentId: mine.id, body: 'new' },
    { kind: 'create-comment', issue: 7, body: 'another' },
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
    'POST /issues/7/labels',
    'DELETE /issues/7/labels/old',
  ]);
  expect(run).toMatchObject({ head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'failure' });
  expect(gh.comments.get(7)!.map((c) => c.body)).toEqual(['new', 'another']);
  expect(gh.pulls.get(REPO)!.get(7)!.labels).toEqual(['a', 'b']);
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
  expect(r.writes.map((w) => w.kind)).toEqual(['create-check-run', 'create-comment', 'add-labels']);
  expect(gh.writes().length).toBe(before);
});

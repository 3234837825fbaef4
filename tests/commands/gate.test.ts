/**
 * `npm run gate` as the workflow runs it: a child process, GITHUB_TOKEN / GITHUB_API_URL from the environment,
 * analyze (--out) then report (--result … --report) against the fake GitHub.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BOT } from '../fakes/index.ts';
import { ALICE, MALLORY, REPO, added, serverJson, startWorld, versionPath, type World } from '../gate/harness.ts';

const ROOT = join(import.meta.dirname, '../..');
let world: World;
let dir: string;
beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'gate-cli-'));
});
afterAll(async () => {
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

function gate(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/cli.ts'), 'gate', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        GITHUB_API_URL: world.gh.url,
        GITHUB_TOKEN: 'ghs_cli',
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function event(number: number, headSha: string): Promise<string> {
  const file = join(dir, `event-${number}.json`);
  await writeFile(
    file,
    JSON.stringify({
      action: 'opened',
      number,
      repository: { full_name: REPO },
      pull_request: { number, head: { sha: headSha } },
    }),
  );
  return file;
}

test('analyze writes the result; report acts on it (recomputing the verdict) and writes the job summary', async () => {
  const headSha = 'c'.repeat(40);
  world.gh.addPull(REPO, {
    number: 500,
    user: MALLORY,
    headSha,
    headRepo: 'mallory/registry',
    files: [added(versionPath('io.github.alice/cli', '1.0.0'), serverJson('io.github.alice/cli', '1.0.0'))],
  });
  const ev = await event(500, headSha);
  const out = join(dir, 'result.json');
  const analyze = await gate(['--event', ev, '--out', out, '--root', world.baseRoot]);
  expect(analyze.stderr).toBe('');
  expect(analyze.status).toBe(0);
  expect(analyze.stdout).toContain('Gate verdict for #500: fail');
  expect(world.gh.writes()).toEqual([]); // analyze never writes
  const result = JSON.parse(await readFile(out, 'utf8'));
  expect(result.format).toBe('mcp-registry-gate-result/1');
  expect(result.verdict.outcome).toBe('fail');

  const report = await gate(['--event', ev, '--result', out, '--report', '--root', world.baseRoot]);
  expect(report.status).toBe(0);
  expect(world.gh.writes().map((c) => `${c.method} ${c.path}`)).toEqual([
    `POST /repos/${REPO}/check-runs`,
    `POST /repos/${REPO}/issues/500/comments`,
    `POST /repos/${REPO}/issues/500/labels`,
  ]);
  expect(world.gh.writes().every((c) => c.authorization === 'token ghs_cli')).toBe(true);
  expect(world.gh.checkRuns.at(-1)).toMatchObject({ head_sha: headSha, conclusion: 'failure' });
  expect(world.gh.comments.get(500)!.filter((c) => c.user.login === BOT.login)).toHaveLength(1);
  expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('Changes needed');
});

test('no usable result (another head, cancelled analysis, truncated file) → a failing check that says why, exit 0', async () => {
  const headSha = 'd'.repeat(40);
  world.gh.addPull(REPO, {
    number: 501,
    user: ALICE,
    headSha,
    headRepo: 'alice/registry',
    files: [added(versionPath('io.github.alice/cli2', '1.0.0'), serverJson('io.github.alice/cli2', '1.0.0'))],
  });
  world.gh.tokens.set('ghs_app_cli', {
    user: { login: 'registry-gate[bot]', id: 4243, type: 'Bot' },
    app: { id: 4242, slug: 'registry-gate' },
    permissions: { checks: 'write' },
  });
  const out = join(dir, 'result-501.json');
  expect((await gate(['--event', await event(501, headSha), '--out', out, '--root', world.baseRoot])).status).toBe(0);
  const report = async (sha: string, result: string, extra: string[] = []) => {
    const before = world.gh.calls.length;
    const r = await gate(
      ['--event', await event(501, sha), '--result', result, ...extra, '--report', '--root', world.baseRoot],
      { GATE_CHECK_TOKEN: 'ghs_app_cli' },
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.status).toBe(0);
    // Only a check run, posted as the App; the comment and labels stay the real verdict's business.
    const writes = world.gh.calls.slice(before).filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      `POST /repos/${REPO}/check-runs token ghs_app_cli`,
    ]);
    const run = world.gh.checkRuns.at(-1)!;
    expect(run).toMatchObject({ head_sha: sha, conclusion: 'failure', app: { slug: 'registry-gate' } });
    expect(run.output!.title).toBe('No verdict for this commit');
    return { ...r, summary: run.output!.summary! };
  };

  // The analysis judged d…d; this run is for a newer head e…e.
  const moved = await report('e'.repeat(40), out);
  expect(moved.summary).toContain(`judged ${headSha}, but this run is for the head ${'e'.repeat(40)}`);
  expect(moved.stdout).toContain(`No verdict for ${'e'.repeat(40)}: posted a failing check run.`);

  const cancelled = await report(headSha, join(dir, 'nope.json'), ['--analyze-result', 'cancelled']);
  expect(cancelled.summary).toContain('The analyze job was cancelled');
  expect(cancelled.summary).toContain('There is no result document');

  const truncated = join(dir, 'truncated.json');
  await writeFile(truncated, (await readFile(out, 'utf8')).slice(0, 300));
  expect((await report(headSha, truncated)).summary).toContain('is not JSON: truncated or corrupt');

  const misuse = await gate(['--event', await event(501, headSha), '--analyze-result', 'failure', '--report']);
  expect(misuse.status).toBe(2);
  expect(misuse.stderr).toContain('--analyze-result only makes sense with --result');
});

test('usage errors exit 2 without a stack trace', async () => {
  const r = await gate([]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--event is required');
  const bad = join(dir, 'bad.json');
  await writeFile(bad, '{"hello": 1}');
  const r2 = await gate(['--event', bad]);
  expect(r2.status).toBe(1);
  expect(r2.stderr).toContain('not a pull_request');
});

test('--report --dry-run prints the planned writes as JSON and writes nothing; --record writes a fixture folder', async () => {
  const headSha = 'b'.repeat(40);
  world.gh.addPull(REPO, {
    number: 502,
    user: ALICE,
    headSha,
    headRepo: 'alice/registry',
    files: [added(versionPath('io.github.alice/cli3', '1.0.0'), serverJson('io.github.alice/cli3', '1.0.0'))],
  });
  const ev = await event(502, headSha);
  const writesBefore = world.gh.writes().length;
  const summary = join(dir, 'dry-summary.md');
  const dry = await gate(['--event', ev, '--report', '--dry-run', '--root', world.baseRoot], {
    GITHUB_STEP_SUMMARY: summary,
  });
  expect(dry.status).toBe(0);
  const plan = JSON.parse(dry.stdout);
  expect(plan.repository).toBe(REPO);
  expect(plan.pullRequest).toBe(502);
  expect(plan.writes.map((w: { kind: string }) => w.kind)).toEqual([
    'create-check-run',
    'create-comment',
    'add-labels',
  ]);
  expect(plan.writes[0]).toMatchObject({ headSha, conclusion: 'success' });
  expect(dry.stderr).toContain('Gate verdict for #502: pass');
  await expect(readFile(summary, 'utf8')).rejects.toThrow();

  const fixture = join(dir, 'fixture-502');
  const rec = await gate(['--event', ev, '--record', fixture, '--root', world.baseRoot]);
  expect(rec.status).toBe(0);
  expect(rec.stdout).toContain('Recorded #502 as a fixture');
  expect(JSON.parse(await readFile(join(fixture, 'snapshot.json'), 'utf8')).pr.headSha).toBe(headSha);
  expect(JSON.parse(await readFile(join(fixture, 'writes.json'), 'utf8'))).toEqual(plan.writes);
  expect(await readFile(join(fixture, 'comment.md'), 'utf8')).toContain('<!-- mcp-registry-gate:sticky -->');
  expect(world.gh.writes().length).toBe(writesBefore);

  const misuse = await gate(['--event', ev, '--dry-run']);
  expect(misuse.status).toBe(2);
  expect(misuse.stderr).toContain('--dry-run only makes sense with --report');
});

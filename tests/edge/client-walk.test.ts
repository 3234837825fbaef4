/**
 * A client walk as VS Code makes it (scripts/edge/smoke.ts: probe, `limit=50&version=latest`, scroll by cursor to
 * the end, search, open by `%2F` name, latest, a version) against the real commands: `npm run edge` (workerd) and
 * `npm run preview -- --api full`, each started as a user starts it. No server missed or repeated, search filters.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../scripts/bench/generate.ts';
import type { ServerRecord } from '../../scripts/core/types.ts';
import { walk } from '../../scripts/edge/smoke.ts';
import { startPreview } from '../../scripts/preview/server.ts';
import { buildInto } from '../api/build-helpers.ts';
import { REPO_ROOT } from '../helpers/docs.ts';
import { oracleAll } from './oracle.ts';

const temp = mkdtempSync(join(tmpdir(), 'edge-walk-'));
const root = join(temp, 'registry');
let dist: string;
let records: ServerRecord[];

beforeAll(async () => {
  await generateRegistry({ dir: root, servers: 130, versions: 300, seed: 9, days: 30 });
  const built = await buildInto(root, join(temp, 'dist'));
  dist = built.outDir;
  records = built.result.records;
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Start a CLI command and resolve with its URL once it prints the line that names it. */
function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 90 s:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function vscodeWalk(url: string): Promise<void> {
  const latest = oracleAll(records, new URLSearchParams({ version: 'latest' })) as ServerRecord[];
  const result = await walk(url, 'data');
  expect(result.names).toEqual(latest.map((r) => r.server.name));
  expect(result.pages).toBe(Math.ceil(latest.length / 50) + (latest.length % 50 === 0 ? 1 : 0));
  const hits = oracleAll(records, new URLSearchParams({ version: 'latest', search: 'data' })) as ServerRecord[];
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.length).toBeLessThan(latest.length);
  expect(result.search.names).toEqual(hits.slice(0, 50).map((r) => r.server.name));
  expect(result.opened).toBe(latest[0]!.server.name);
}

/** `node scripts/edge/smoke.ts <url>`, as the deploy workflow runs it (asynchronously: the server may be ours). */
function smokeCheck(url: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/edge/smoke.ts'), url, '--search', 'data']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

describe('a VS Code-style client walk', () => {
  it('against `npm run edge` (workerd)', async () => {
    const edge = await start(
      ['edge', '--root', root, '--port', '0', '--out', join(temp, 'edge')],
      /Serving the edge build in workerd at (http:\/\/\S+)/,
    );
    try {
      expect(edge.output()).toMatch(/\| objects\s+\|/);
      await vscodeWalk(edge.url);
      // The post-deploy smoke check is the same walk, as a command.
      const smoke = await smokeCheck(edge.url);
      expect(smoke.status, smoke.stderr).toBe(0);
      expect(smoke.stdout).toMatch(/^ok: \d+ servers in \d+ page\(s\), search "data"/);
    } finally {
      // wrangler's exit hook ends the process with 128 + SIGTERM after tearing workerd down.
      expect([0, 143]).toContain(await stop(edge.child));
    }
    await expect(fetch(new URL('v0.1/servers', edge.url))).rejects.toThrow();
  });

  it('against `npm run preview -- --api full`', async () => {
    const preview = await start(
      ['preview', '--api', 'full', '--dir', dist, '--root', root, '--port', '0'],
      /with the full API .* at (http:\/\/\S+)/,
    );
    try {
      await vscodeWalk(preview.url);
      // The site's files are still served beside the API.
      expect((await fetch(new URL('v0.1/_build.json', preview.url))).status).toBe(200);
    } finally {
      await stop(preview.child);
    }
  });

  it('fails loudly against a host that cannot filter (files served as GitHub Pages serves them)', async () => {
    const pages = await startPreview({ dir: dist });
    try {
      const smoke = await smokeCheck(pages.url);
      expect(smoke.status).toBe(1);
      expect(smoke.stderr).toMatch(/smoke check failed: probe: limit=1 answered more than one server/);
    } finally {
      await pages.close();
    }
  });
});

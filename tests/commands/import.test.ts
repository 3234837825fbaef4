/**
 * `npm run import` as a user runs it (the real command line in a child process) against a loopback upstream speaking
 * the official API: the first full import, the incremental runs after it (updated_since from servers/_upstream.json),
 * upstream deprecations and rewrites, --dry-run and --since, and the exit codes 0 / 1 / 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import { SYNC_OVERLAP_MS } from '../../scripts/import/run.ts';
import { testCa } from '../fakes/index.ts';
import { startUpstreamFake, type UpstreamFake } from '../fakes/index.ts';
import { cliAsync as cli } from '../helpers/cli-async.ts';

let up: UpstreamFake;
let root: string;
let env: NodeJS.ProcessEnv;
const T = 'io.github.acme/tool';
const doc = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
  $schema: CURRENT_SCHEMA_URL,
  name,
  description: `Upstream ${name}`,
  version,
  ...extra,
});
const at = (d: number) => `2026-05-${String(d).padStart(2, '0')}T08:00:00Z`;
const read = (p: string) => readFileSync(join(root, p), 'utf8');
/** The CLI's answer, less the warning line every command prints once it has read a configuration with test hooks. */
const importCli = async (...args: string[]) => {
  const r = await cli(['import', '--root', root, ...args], root, env);
  return { ...r, stderr: r.stderr.replace(/^Warning: test hooks are set .*\n/, '') };
};
const paths = async () => (await readTreeFiles(root)).map((f) => f.path);
const queries = () => up.requests.map((r) => new URL(r.path, up.url));
/** The list requests (an incremental run first looks for this project's changes feed, which the fake lacks). */
const lists = () => queries().filter((u) => u.pathname === '/v0.1/servers');

beforeAll(async () => {
  up = await startUpstreamFake();
  up.publish(doc(T, '1.0.0'), at(1));
  up.publish({ ...doc(T, '1.1.0'), title: 'Tool' }, at(2));
  up.publish(doc('io.github.acme/long', '1.0.0', { description: 'x'.repeat(101) }), at(3));
  up.publish(doc('io.github.acme/internal', '1.0.0'), at(3));
  up.publish(doc('io.github.other/elsewhere', '1.0.0'), at(4));
  root = mkdtempSync(join(tmpdir(), 'import-cli-'));
  writeFileSync(
    join(root, 'registry.config.json'),
    JSON.stringify({ upstream: { url: up.url, allow: ['io.github.acme/*'], deny: ['io.github.acme/internal'] } }),
  );
  env = { REGISTRY_TEST_ALLOW_LOOPBACK: '1', REGISTRY_TEST_EXTRA_CA_FILE: (await testCa()).file };
});
afterAll(async () => {
  await up?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('imports every allowed version as the upstream published it, skips what the rules refuse, records the sync time', async () => {
    const r = await importCli();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await paths()).toEqual([
      'servers/_upstream.json',
      `servers/${T}/1.0.0/server.json`,
      `servers/${T}/1.1.0/server.json`,
    ]);
    expect(read(`servers/${T}/1.1.0/server.json`)).toBe(
      `${JSON.stringify({ ...doc(T, '1.1.0'), title: 'Tool' }, null, 2)}\n`,
    );
    expect(JSON.parse(read('servers/_upstream.json'))).toEqual({ upstreams: { [`${up.url}/`]: { lastSync: at(4) } } });
    expect(r.stdout).toContain(`+ ${T} 1.0.0`);
    expect(r.stdout).toMatch(/- io\.github\.acme\/long 1\.0\.0 \[description-length\]/);
    expect(r.stdout).not.toContain('internal');
    expect(r.stdout).not.toContain('elsewhere');
    // The first run reads everything, deletions included, then each allowed server's versions.
    expect(queries()[0]!.searchParams.get('updated_since')).toBeNull();
    expect(queries()[0]!.searchParams.get('include_deleted')).toBe('true');
    expect(queries().map((u) => u.pathname)).toContain('/v0.1/servers/io.github.acme%2Ftool/versions');
    expect(queries().map((u) => u.pathname)).not.toContain('/v0.1/servers/io.github.acme%2Finternal/versions');
    // The result is a tree our own validation accepts, sync file included.
    expect((await cli(['validate', '--root', root], root, env)).status).toBe(0);
  });

  it('asks only updated_since the last sync next time, and has nothing to write', async () => {
    up.requests.length = 0;
    const before = await paths();
    const r = await importCli();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Nothing to write');
    expect(queries()[0]!.pathname).toBe('/v0.1/servers/_changes/index.json');
    expect(lists()[0]!.searchParams.get('updated_since')).toBe(
      new Date(Date.parse(at(4)) - SYNC_OVERLAP_MS).toISOString(),
    );
    expect(await paths()).toEqual(before);
  });

  it('adds new versions, mirrors a deprecation, and reports (never copies) a rewritten published version', async () => {
    up.publish(doc(T, '1.2.0'), at(10));
    up.setStatus(T, '1.0.0', 'deprecated', at(11), 'Use 1.2.0');
    const v110 = up.versions.find((v) => v.server.name === T && v.server.version === '1.1.0')!;
    v110.server.description = 'Quietly rewritten upstream';
    v110.updatedAt = at(12);
    const published = read(`servers/${T}/1.1.0/server.json`);

    const dry = await importCli('--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing written');
    expect(existsSync(join(root, `servers/${T}/1.2.0`))).toBe(false);

    const r = await importCli();
    expect(r.status).toBe(0);
    expect(read(`servers/${T}/1.2.0/server.json`)).toContain('"version": "1.2.0"');
    expect(JSON.parse(read(`servers/${T}/1.0.0/status.json`))).toEqual({ status: 'deprecated', message: 'Use 1.2.0' });
    expect(read(`servers/${T}/1.1.0/server.json`)).toBe(published);
    expect(r.stdout).toContain(`~ ${T} 1.0.0: active → deprecated`);
    expect(r.stdout).toMatch(/! io\.github\.acme\/tool 1\.1\.0 \[upstream-rewrote\]/);
    expect(JSON.parse(read('servers/_upstream.json')).upstreams[`${up.url}/`].lastSync).toBe(at(12));
  });

  it('--since overrides the recorded sync time', async () => {
    up.requests.length = 0;
    expect((await importCli('--since', '2026-01-01T00:00:00Z')).status).toBe(0);
    expect(lists()[0]!.searchParams.get('updated_since')).toBe('2025-12-31T23:50:00.000Z');
  });

  it('exits 1 on an upstream error and writes nothing', async () => {
    const before = (await readTreeFiles(root)).map((f) => [f.path, Buffer.from(f.bytes).toString('base64')]);
    up.publish(doc(T, '9.0.0'), at(20));
    up.script({ path: /versions$/, behaviour: { status: 429, headers: { 'retry-after': '60' } }, once: true });
    const r = await importCli();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Upstream error: .*429 Too Many Requests: it asks to wait 60 s/);
    expect((await readTreeFiles(root)).map((f) => [f.path, Buffer.from(f.bytes).toString('base64')])).toEqual(before);
  });

  it.each([
    [['--allow', 'x/[y]'], /--allow \/ upstream.allow: "x\/\[y\]" cannot be used/],
    [['--since', 'yesterday'], /--since must be an RFC 3339 date-time/],
    [['--upstream', 'http://127.0.0.1:1'], /must be an https:\/\/ URL/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const r = await importCli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 when nothing says which servers to take', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'import-bare-'));
    mkdirSync(join(bare, 'servers'));
    const r = await cli(['import', '--root', bare, '--upstream', up.url], bare, env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Say which servers to import: --allow/);
    rmSync(bare, { recursive: true, force: true });
  });
});

/**
 * The upstream proof end to end (issue 11 §2): a PR on the fake GitHub → gather (which asks the fake upstream itself)
 * → evaluate → act. A curator who owns none of the namespaces brings an upstream's records; the namespace is proven
 * only when every added server.json is that upstream's own record and every status.json mirrors its status, and every
 * way of getting that wrong — or of the upstream failing to answer — fails closed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAsync } from '../helpers/cli-async.ts';
import type { RegistryConfig } from '../../scripts/config/config.ts';
import { evaluate } from '../../scripts/gate/evaluate.ts';
import {
  startUpstreamFake,
  testCa,
  type FakePrFile,
  type FakeUser,
  type UpstreamFake,
  type UpstreamVersion,
} from '../fakes/index.ts';
import {
  ALICE,
  MALLORY,
  added,
  bytesOf,
  modified,
  npmPackage,
  runScenario,
  serverJson,
  startWorld,
  versionPath,
  type GateRun,
  type World,
} from './harness.ts';
import { errorRules } from './scenario-checks.ts';

/** The account a curation's import PRs come from (a GitHub App): it owns none of the namespaces it brings. */
const IMPORTER: FakeUser = { login: 'registry-import[bot]', id: 424_242, type: 'Bot' };

/** A server.json as the fake upstream holds it. */
const record = (name: string, version: string, extra: Record<string, unknown> = {}) =>
  serverJson(name, version, extra) as UpstreamVersion['server'];

let world: World;
let up: UpstreamFake;
let config: RegistryConfig;
beforeAll(async () => {
  world = await startWorld();
  up = await startUpstreamFake();
  config = trusting(world, up, [up.url]);
  up.publish(record('io.github.someone/tool', '1.0.0', { title: 'Tool' }), '2026-05-01T08:00:00Z');
  up.publish(record('io.github.someone/tool', '1.1.0'), '2026-05-02T08:00:00Z');
  up.publish(record('com.upstreamco/api', '2.0.0'), '2026-05-02T08:00:00Z');
  up.publish(record('io.github.someone/old', '0.9.0'), '2026-05-01T08:00:00Z');
  up.setStatus('io.github.someone/old', '0.9.0', 'deprecated', '2026-05-03T08:00:00Z', 'Use tool');
  up.publish(record('io.github.someone/gone', '1.0.0'), '2026-05-01T08:00:00Z');
  up.setStatus('io.github.someone/gone', '1.0.0', 'deleted', '2026-05-03T08:00:00Z');
  up.publish(record('io.github.alice/weather', '3.0.0'), '2026-05-01T08:00:00Z');
  up.publish(
    record('io.github.someone/evil', '1.0.0', { packages: [npmPackage('evil-mcp', '1.0.0')] }),
    '2026-05-01T08:00:00Z',
  );
});
afterAll(async () => {
  await up?.close();
  await world?.close();
});
afterEach(() => up.reset());

/** The harness's configuration, trusting these upstreams (the fake's loopback port allowed like the others'). */
function trusting(world: World, up: UpstreamFake, upstreams: string[]): RegistryConfig {
  const c = structuredClone(world.config);
  c.ownership.trustedUpstreams = upstreams;
  c.network.testing.allowLoopbackPorts = [...c.network.testing.allowLoopbackPorts, up.port];
  return c;
}

const rules = errorRules;
const ns = (r: GateRun, name: string) => r.result!.verdict.namespaces.find((n) => n.namespace === name)!;
const comment = (r: GateRun): string => world.gh.comments.get(r.number)!.at(-1)!.body;
const upstreamAsks = () => up.requests.map((q) => decodeURIComponent(new URL(q.path, up.url).pathname));
const tool = (v: string, extra: Record<string, unknown> = {}) =>
  added(versionPath('io.github.someone/tool', v), serverJson('io.github.someone/tool', v, extra));

describe('the upstream proof passes exactly what the upstream holds', () => {
  test('a curator adds two versions that are the upstream records: proven by the upstream, no account demanded', async () => {
    const before = up.requests.length;
    const r = await runScenario(
      world,
      { author: IMPORTER, files: [tool('1.0.0', { title: 'Tool' }), tool('1.1.0')] },
      {
        config,
      },
    );
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(ns(r, 'io.github.someone')).toMatchObject({ ok: true, primary: true, upstream: `${up.url}/`, isNew: true });
    expect(ns(r, 'io.github.someone').record).toBeUndefined();
    expect(ns(r, 'io.github.someone').detail).toContain(
      `namespace proven by ${up.url}/ (the upstream verified its owner): every added server.json (2) is`,
    );
    expect(comment(r)).toContain('the upstream verified its owner');
    expect(r.result!.snapshot.upstreams).toHaveLength(2);
    // The gate asked the upstream itself, once per version, deleted records included.
    const asked = up.requests.slice(before).map((q) => new URL(q.path, up.url));
    expect(asked.map((u) => decodeURIComponent(u.pathname)).sort()).toEqual([
      '/v0.1/servers/io.github.someone/tool/versions/1.0.0',
      '/v0.1/servers/io.github.someone/tool/versions/1.1.0',
    ]);
    expect(asked.every((u) => u.searchParams.get('include_deleted') === 'true')).toBe(true);
  });

  test('key order and formatting are not meaning: the same document reordered and minified passes', async () => {
    const doc = serverJson('io.github.someone/tool', '1.0.0', { title: 'Tool' });
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    const r = await runScenario(
      world,
      { author: IMPORTER, files: [added(versionPath('io.github.someone/tool', '1.0.0'), JSON.stringify(reordered))] },
      { config },
    );
    expect(r.result!.verdict.outcome).toBe('pass');
  });

  test('a domain namespace is proven the same way, without a DNS record or a signature', async () => {
    const r = await runScenario(
      world,
      {
        author: IMPORTER,
        files: [added(versionPath('com.upstreamco/api', '2.0.0'), serverJson('com.upstreamco/api', '2.0.0'))],
      },
      { config },
    );
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(ns(r, 'com.upstreamco').detail).toContain('(the upstream verified its owner)');
    expect(ns(r, 'com.upstreamco').proofs.map((p) => p.check)).toEqual(['upstream-record']);
  });

  test('artifact checks still run: the upstream record of a package that names another server fails', async () => {
    const r = await runScenario(
      world,
      {
        author: IMPORTER,
        files: [
          added(
            versionPath('io.github.someone/evil', '1.0.0'),
            serverJson('io.github.someone/evil', '1.0.0', { packages: [npmPackage('evil-mcp', '1.0.0')] }),
          ),
        ],
      },
      { config },
    );
    expect(ns(r, 'io.github.someone').ok).toBe(true);
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['artifact-npm']);
  });

  test("a status.json that mirrors the upstream's status passes; one that does not, fails", async () => {
    const base = added(versionPath('io.github.someone/old', '0.9.0'), serverJson('io.github.someone/old', '0.9.0'));
    const status = (doc: unknown) => added(versionPath('io.github.someone/old', '0.9.0', 'status.json'), doc);
    const mirrored = await runScenario(
      world,
      { author: IMPORTER, files: [base, status({ status: 'deprecated', message: 'Use tool' })] },
      { config },
    );
    expect(mirrored.result!.verdict.outcome).toBe('pass');
    for (const doc of [
      { status: 'deleted' },
      { status: 'deprecated' },
      { status: 'deprecated', message: 'Use evil' },
    ]) {
      const r = await runScenario(world, { author: IMPORTER, files: [base, status(doc)] }, { config });
      expect(r.result!.verdict.outcome, JSON.stringify(doc)).toBe('fail');
      expect(rules(r)).toEqual(['namespace-proof']);
      expect(ns(r, 'io.github.someone').detail).toContain('does not mirror');
    }
  });

  test('the import PR with its sync file passes; the sync file in any other PR needs a maintainer', async () => {
    const sync = added('servers/_upstream.json', {
      upstreams: { [`${up.url}/`]: { lastSync: '2026-05-02T08:00:00Z' } },
    });
    const ok = await runScenario(world, { author: IMPORTER, files: [tool('1.1.0'), sync] }, { config });
    expect(ok.result!.verdict.outcome).toBe('pass');
    const alone = await runScenario(world, { author: IMPORTER, files: [sync] }, { config });
    expect(rules(alone)).toEqual(['path-policy']);
    // Alice proves her own namespace by login, not through the upstream: the sync file is not hers to move.
    const mixed = await runScenario(
      world,
      {
        author: ALICE,
        files: [
          added(versionPath('io.github.alice/weather', '9.0.0'), serverJson('io.github.alice/weather', '9.0.0')),
          sync,
        ],
      },
      { config },
    );
    expect(rules(mixed)).toEqual(['path-policy']);
    expect(mixed.result!.verdict.problems.find((p) => p.rule === 'path-policy')!.message).toContain('trusted upstream');
  });
});

describe('hijacks and failures: nothing is proven', () => {
  test('one value altered against the upstream record (one byte of meaning) fails, naming where', async () => {
    const r = await runScenario(
      world,
      { author: MALLORY, files: [tool('1.1.0', { description: 'The tool server!' })] },
      { config },
    );
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(ns(r, 'io.github.someone').detail).toContain('they differ at $.description');
  });

  test('one version matching and one not: every added server.json must match', async () => {
    const r = await runScenario(
      world,
      { author: MALLORY, files: [tool('1.0.0', { title: 'Tool' }), tool('1.1.0', { title: 'Mine' })] },
      { config },
    );
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(ns(r, 'io.github.someone').detail).toContain('they differ at $.title');
  });

  test('a name the upstream does not have, and a version of a name it has', async () => {
    const r1 = await runScenario(
      world,
      {
        author: MALLORY,
        files: [added(versionPath('io.github.nobody/thing', '1.0.0'), serverJson('io.github.nobody/thing', '1.0.0'))],
      },
      { config },
    );
    expect(rules(r1)).toEqual(['namespace-proof']);
    expect(ns(r1, 'io.github.nobody').detail).toContain('has no record of io.github.nobody/thing 1.0.0');
    const r2 = await runScenario(world, { author: MALLORY, files: [tool('2.0.0')] }, { config });
    expect(rules(r2)).toEqual(['namespace-proof']);
    expect(ns(r2, 'io.github.someone').retryable).toBe(false);
  });

  test('an upstream record marked deleted proves nothing', async () => {
    const r = await runScenario(
      world,
      {
        author: IMPORTER,
        files: [added(versionPath('io.github.someone/gone', '1.0.0'), serverJson('io.github.someone/gone', '1.0.0'))],
      },
      { config },
    );
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(ns(r, 'io.github.someone').detail).toContain('marks io.github.someone/gone 1.0.0 deleted');
  });

  test.each([
    ['404 for the whole API', { status: 404, body: '{"error":"Not found"}' }, false, 'has no record'],
    ['500', { status: 500, body: 'oops' }, true, 'HTTP 500'],
    ['429 with Retry-After', { status: 429, headers: { 'retry-after': '120' } }, true, 'wait 120 s (Retry-After)'],
    ['a body that is not JSON', { status: 200, body: '<html>hello</html>' }, false, 'did not answer JSON'],
    ['an answer slower than the timeout', { delayMs: 4500 }, true, ''],
  ] as const)('the upstream answers %s: fails closed', async (_what, behaviour, retryable, says) => {
    up.script({ path: /^\/v0\.1\/servers\//, behaviour });
    const r = await runScenario(world, { author: IMPORTER, files: [tool('1.1.0')] }, { config });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    const j = ns(r, 'io.github.someone');
    expect(j.ok).toBe(false);
    expect(j.retryable).toBe(retryable);
    expect(j.detail).toContain(says);
    expect(r.result!.verdict.labels.includes('registry: retry later')).toBe(retryable);
  });

  test('an upstream not in ownership.trustedUpstreams is never asked and proves nothing', async () => {
    const before = up.requests.length;
    const r = await runScenario(
      world,
      { author: IMPORTER, files: [tool('1.1.0')] },
      { config: trusting(world, up, []) },
    );
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(up.requests.length).toBe(before);
    expect(r.result!.snapshot.upstreams).toBeUndefined();
    const other = trusting(world, up, ['https://registry.example.net']);
    // Evidence recorded from an upstream that is no longer trusted is not replayed as proof either.
    const passed = await runScenario(world, { author: IMPORTER, files: [tool('1.1.0')] }, { config });
    expect(passed.result!.verdict.outcome).toBe('pass');
    expect(evaluate(passed.result!.snapshot, other).outcome).toBe('fail');
  });

  test('a namespace that records its account is not proven by an upstream record (a freed name could publish there)', async () => {
    const r = await runScenario(
      world,
      {
        author: MALLORY,
        files: [added(versionPath('io.github.alice/weather', '3.0.0'), serverJson('io.github.alice/weather', '3.0.0'))],
      },
      { config },
    );
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(ns(r, 'io.github.alice').detail).toContain('records its GitHub account');
    expect(upstreamAsks().filter((p) => p.includes('io.github.alice'))).toEqual([]);
    // Before accounts were recorded, an owner listed under the namespace's own login pinned it to that id just the same.
    up.publish(record('io.github.oldname/srv', '3.0.0'), '2026-05-01T08:00:00Z');
    const legacy = await runScenario(
      world,
      {
        author: MALLORY,
        files: [added(versionPath('io.github.oldname/srv', '3.0.0'), serverJson('io.github.oldname/srv', '3.0.0'))],
      },
      { config },
    );
    expect(rules(legacy)).toEqual(['namespace-proof']);
    expect(ns(legacy, 'io.github.oldname').detail).toContain('records its GitHub account');
  });

  test('what no upstream can prove: an owners.json, or a signature beside the record', async () => {
    const owners = added('servers/io.github.someone/owners.json', {
      account: { login: 'mallory', id: MALLORY.id, type: 'User' },
      owners: [],
    });
    const r1 = await runScenario(world, { author: MALLORY, files: [tool('1.1.0'), owners] }, { config });
    expect(rules(r1)).toContain('namespace-proof');
    expect(ns(r1, 'io.github.someone').ok).toBe(false);
    const sig = added(versionPath('com.upstreamco/api', '2.0.0', 'server.json.sig'), bytesOf('00'));
    const r2 = await runScenario(
      world,
      {
        author: MALLORY,
        files: [added(versionPath('com.upstreamco/api', '2.0.0'), serverJson('com.upstreamco/api', '2.0.0')), sig],
      },
      { config },
    );
    expect(ns(r2, 'com.upstreamco').ok).toBe(false);
  });

  test('a published server.json is never rewritten to match the upstream (immutability is not waived)', async () => {
    up.publish(record('io.github.olduser/srv', '1.0.0', { title: 'Rewritten' }), '2026-05-05T08:00:00Z');
    const r = await runScenario(
      world,
      {
        author: MALLORY,
        files: [
          modified(
            versionPath('io.github.olduser/srv', '1.0.0'),
            serverJson('io.github.olduser/srv', '1.0.0', { title: 'Rewritten' }),
          ),
        ],
      },
      { config },
    );
    expect(rules(r)).toContain('immutable-modified');
    expect(ns(r, 'io.github.olduser').ok).toBe(false);
  });
});

/**
 * The "Done when": `npm run import` (the real command line) from the fake upstream into a git checkout of the
 * base, the PR of exactly what it wrote judged by the gate through the upstream proof — and every tampered variant of
 * that PR refused.
 */
describe('end to end: the import PR passes the gate, every tampered variant fails', () => {
  let tree: string;
  let pr: FakePrFile[];
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: tree,
      encoding: 'utf8',
    });
  const text = (f: FakePrFile) => new TextDecoder().decode(f.bytes);
  const replace = (path: string, doc: unknown): FakePrFile[] =>
    pr.map((f) => (f.filename === path ? { ...f, bytes: bytesOf(doc) } : f));
  const judge = (files: FakePrFile[]) => runScenario(world, { author: IMPORTER, files }, { config });

  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'import-gate-'));
    await cp(join(world.baseRoot, 'servers'), join(tree, 'servers'), { recursive: true });
    await writeFile(
      join(tree, 'registry.config.json'),
      JSON.stringify({
        upstream: { url: up.url, allow: ['io.github.someone/tool', 'io.github.someone/old', 'com.upstreamco/*'] },
      }),
    );
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'base');
    const env = { REGISTRY_TEST_ALLOW_LOOPBACK: '1', REGISTRY_TEST_EXTRA_CA_FILE: (await testCa()).file };
    const run = await cliAsync(['import', '--root', tree], tree, env);
    expect(run.status, run.stderr).toBe(0);
    // The PR is what the import changed in the checkout, as `import-pr` would commit it.
    const changed = git('status', '--porcelain', '-uall')
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ code: l.slice(0, 2), path: l.slice(3) }));
    pr = await Promise.all(
      changed.map(async ({ code, path }) => ({
        filename: path,
        status: code === '??' ? ('added' as const) : ('modified' as const),
        bytes: new Uint8Array(await readFile(join(tree, path))),
      })),
    );
  }, 120_000);
  afterAll(async () => rm(tree, { recursive: true, force: true }));

  test('the import wrote the allowed versions, the deprecation and its sync time, and the gate passes them', async () => {
    expect(pr.map((f) => `${f.status} ${f.filename}`).sort()).toEqual([
      'added servers/_upstream.json',
      'added servers/com.upstreamco/api/2.0.0/server.json',
      'added servers/io.github.someone/old/0.9.0/server.json',
      'added servers/io.github.someone/old/0.9.0/status.json',
      'added servers/io.github.someone/tool/1.0.0/server.json',
      'added servers/io.github.someone/tool/1.1.0/server.json',
    ]);
    const r = await judge(pr);
    expect(r.result!.verdict.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.result!.verdict.namespaces.map((n) => [n.namespace, n.upstream])).toEqual([
      ['com.upstreamco', `${up.url}/`],
      ['io.github.someone', `${up.url}/`],
    ]);
    expect(world.gh.checkRuns.find((c) => c.head_sha === r.headSha)).toMatchObject({ conclusion: 'success' });
  });

  const TOOL = 'servers/io.github.someone/tool/1.1.0/server.json';
  const OLD_STATUS = 'servers/io.github.someone/old/0.9.0/status.json';
  const tampered: Array<[string, () => FakePrFile[], string[]]> = [
    [
      'one character of a description',
      () => replace(TOOL, text(pr.find((f) => f.filename === TOOL)!).replace('The tool', 'The Tool')),
      ['namespace-proof', 'path-policy'],
    ],
    [
      'a key added to a server.json',
      () =>
        replace(TOOL, {
          ...JSON.parse(text(pr.find((f) => f.filename === TOOL)!)),
          websiteUrl: 'https://evil.example',
        }),
      ['namespace-proof', 'path-policy'],
    ],
    [
      'the status message of a deprecation',
      () => replace(OLD_STATUS, { status: 'deprecated', message: 'Use evil' }),
      ['namespace-proof', 'path-policy'],
    ],
    [
      'a deprecation dropped',
      () => pr.filter((f) => f.filename !== OLD_STATUS).concat(added(OLD_STATUS, { status: 'active' })),
      ['namespace-proof', 'path-policy'],
    ],
    [
      'an owners.json slipped in',
      () => [
        ...pr,
        added('servers/io.github.someone/owners.json', {
          account: { login: 'mallory', id: MALLORY.id, type: 'User' },
          owners: [],
        }),
      ],
      ['namespace-proof', 'owners-change-proof', 'path-policy'],
    ],
    [
      'a server the upstream does not have',
      () => [
        ...pr,
        added(versionPath('io.github.mallory/evil', '1.0.0'), serverJson('io.github.mallory/evil', '1.0.0')),
      ],
      ['namespace-proof', 'path-policy'],
    ],
    [
      'a version the upstream does not have',
      () => [
        ...pr,
        added(versionPath('io.github.someone/tool', '6.6.6'), serverJson('io.github.someone/tool', '6.6.6')),
      ],
      ['namespace-proof', 'path-policy'],
    ],
  ];
  // The sync file rides along, so every refusal also sends it to a maintainer (path-policy).
  test.each(tampered)('tampered: %s → fails', async (_what, files, expected) => {
    const r = await judge(files());
    expect(r.result!.verdict.outcome).not.toBe('pass');
    expect(rules(r)).toEqual(expected);
  });

  test('the upstream deletes a version after the import, before the gate: the PR fails', async () => {
    up.setStatus('io.github.someone/tool', '1.1.0', 'deleted', '2026-05-06T08:00:00Z');
    try {
      const r = await judge(pr);
      expect(rules(r)).toEqual(['namespace-proof', 'path-policy']);
      expect(ns(r, 'io.github.someone').detail).toContain('deleted');
    } finally {
      up.setStatus('io.github.someone/tool', '1.1.0', 'active', '2026-05-06T08:00:00Z');
    }
  });

  test('the upstream is down at gate time: the PR fails, retryably', async () => {
    up.script({ path: /^\/v0\.1\/servers\//, behaviour: { status: 503 } });
    const r = await judge(pr);
    expect(rules(r)).toEqual(['namespace-proof', 'path-policy']);
    expect(r.result!.verdict.labels).toContain('registry: retry later');
  });
});

/**
 * Hijack and abuse scenarios, end to end: a PR on the fake GitHub → gather (contents API, org lookups, part A's
 * registry / DNS / HTTPS fakes through the one safe fetch) → evaluate → act. Each asserts the verdict and what
 * GitHub received: the check run on the head SHA, the sticky comment, the labels.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { BOT, fakeConfig } from '../fakes/index.ts';
import {
  ALICE,
  BOB,
  CAROL,
  MAINT,
  MALLORY,
  MCPB_PATH,
  MCPB_SHA,
  RENAMED,
  added,
  bytesOf,
  modified,
  npmPackage,
  runScenario,
  serverJson,
  sign,
  startWorld,
  versionPath,
  type GateRun,
  type World,
} from './harness.ts';
import { LABELS, REPO_PATH, errorRules, expectCheckCommentLabels, standardWrites, writes } from './scenario-checks.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world?.close());

const L = LABELS;

function reads(r: GateRun): string[] {
  return r.calls
    .filter((c) => c.method === 'GET')
    .map((c) => `${c.path.replace(REPO_PATH, '')}${c.query.ref ? `@${c.query.ref.slice(0, 12)}` : ''}`);
}

/** The verdict reached GitHub: one completed check run on the head SHA, one sticky comment, exactly these labels. */
function expectReported(r: GateRun, conclusion: string, labels: string[], commentIncludes: string[] = []): string {
  const body = expectCheckCommentLabels(world, r, conclusion, labels, commentIncludes);
  expect(body.startsWith('<!-- mcp-registry-gate:sticky -->')).toBe(true);
  expect(r.result!.verdict.labels).toEqual(
    [...labels].filter((l) => l.startsWith('registry: ') && l !== 'registry: maintainer override').sort(),
  );
  return body;
}

const rules = errorRules;

const weather = (version: string, extra: Record<string, unknown> = {}) =>
  added(versionPath('io.github.alice/weather', version), serverJson('io.github.alice/weather', version, extra));

describe('happy paths', () => {
  test('the owner publishes a new version with a matching npm package', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('1.1.0', { packages: [npmPackage('weather-mcp', '1.1.0')] })],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.result!.verdict.problems).toEqual([]);
    expect(writes(r)).toEqual(standardWrites(r));
    // Files are read as data at the head SHA from the head repository; nothing else.
    expect(reads(r)).toEqual([
      `/pulls/${r.number}`,
      `/pulls/${r.number}/files`,
      `/repos/alice/registry/contents/servers/io.github.alice/weather/1.1.0/server.json@${r.headSha.slice(0, 12)}`,
      // The head is read again after the file list and the bytes: a push in between is never judged on a mix.
      `/pulls/${r.number}`,
      `/issues/${r.number}/comments`,
      `/issues/${r.number}/labels`,
      '/labels',
    ]);
    const body = expectReported(
      r,
      'success',
      [L.ready],
      ['Ready for review', 'changes since 1.0.0', '-   "version": "1.0.0"', '+   "version": "1.1.0"'],
    );
    expect(body).toContain('npm-mcp-name');
    expect(r.calls.every((c) => c.authorization === undefined || c.authorization === 'token ghs_test_token')).toBe(
      true,
    );
  });

  test("a first server in the author's own new namespace is labelled as a new namespace", async () => {
    const name = 'io.github.carol/hello';
    const r = await runScenario(world, {
      author: CAROL,
      files: [
        added(versionPath(name, '0.1.0'), serverJson(name, '0.1.0')),
        // A new namespace records its account (numeric id): see scenarios-identity.test.ts.
        added('servers/io.github.carol/owners.json', {
          account: { login: 'carol', id: CAROL.id, type: 'User' },
          owners: [],
        }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready, L.newNs], ['New server']);
  });

  test('a public member of the org publishes under io.github.<org>', async () => {
    const r = await runScenario(world, {
      author: BOB,
      files: [
        added(
          versionPath('io.github.acme/tool', '2.0.0'),
          serverJson('io.github.acme/tool', '2.0.0', { packages: [npmPackage('acme-tool', '2.0.0')] }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toContain('/orgs/acme/public_members/bob');
    expect(reads(r).some((p) => p.includes('/repos/acme/.github'))).toBe(false);
    expectReported(r, 'success', [L.ready], ['public member of the GitHub org acme']);
  });

  test("an account listed in the org's owners file (.github/mcp-registry/owners.json) publishes", async () => {
    const r = await runScenario(world, {
      author: CAROL,
      files: [added(versionPath('io.github.acme/tool2', '1.0.0'), serverJson('io.github.acme/tool2', '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toEqual(
      expect.arrayContaining([
        '/orgs/acme/public_members/carol',
        '/repos/acme/.github/contents/mcp-registry/owners.json',
      ]),
    );
    expectReported(r, 'success', [L.ready], ['owners file of the GitHub org acme']);
  });

  test('a co-owner listed by numeric id in the base owners.json publishes without any org role', async () => {
    const name = 'io.github.alice/bobtool';
    const r = await runScenario(world, {
      author: BOB,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r).some((p) => p.startsWith('/orgs/'))).toBe(false);
    expectReported(r, 'success', [L.ready], ["listed in the base branch's servers/io.github.alice/owners.json"]);
  });

  test('a renamed author still owns the old namespace through owners.json (numeric id)', async () => {
    const r = await runScenario(world, {
      author: RENAMED,
      files: [
        added(
          versionPath('io.github.oldname/srv', '2.0.0'),
          serverJson('io.github.oldname/srv', '2.0.0', { packages: [npmPackage('renamed-srv', '2.0.0')] }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready], ['newname \\(id 5005\\) is listed in the base branch']);
  });

  test('an existing co-owner changes owners.json', async () => {
    const r = await runScenario(world, {
      author: BOB,
      files: [
        modified('servers/io.github.alice/owners.json', {
          account: { login: 'alice', id: ALICE.id, type: 'User' },
          owners: [
            { login: 'bob', id: BOB.id },
            { login: 'dave', id: 4004 },
          ],
        }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test('the owner deprecates a version with status.json', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        added(versionPath('io.github.alice/weather', '1.0.0', 'status.json'), {
          status: 'deprecated',
          message: 'Use 1.1.0.',
        }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test('a domain namespace proven by the DNS record, with a signature over the exact bytes', async () => {
    const path = versionPath('com.example/weather', '1.0.0');
    const bytes = bytesOf(serverJson('com.example/weather', '1.0.0'));
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, bytes), added(`${path}.sig`, sign(bytes, world.domainKeyPem))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(world.dns.queries).toContain('TXT example.com');
    expectReported(r, 'success', [L.ready], ['every added server.json is signed']);
  });

  test('the HTTPS well-known record grants its exact namespace', async () => {
    const path = versionPath('org.example/tool', '1.0.0');
    const bytes = bytesOf(serverJson('org.example/tool', '1.0.0'));
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, bytes), added(`${path}.sig`, sign(bytes, world.httpKeyPem))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready, L.newNs]);
  });

  test('a fork that was deleted: files come from refs/pull/N/head, then the head is re-checked', async () => {
    const r = await runScenario(world, { author: ALICE, headRepo: null, files: [weather('1.6.0')] });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toEqual(
      expect.arrayContaining([`/contents/servers/io.github.alice/weather/1.6.0/server.json@refs/pull/${r.number}`]),
    );
    expect(reads(r).filter((p) => p === `/pulls/${r.number}`)).toHaveLength(2);
    expectReported(r, 'success', [L.ready]);
  });
});

describe('namespace hijacks', () => {
  test('a stranger publishing into io.github.alice', async () => {
    const name = 'io.github.alice/evil';
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    // GitHub is asked which organization holds the name (none: alice is a user, recorded by id), so no membership.
    expect(reads(r)).toContain('/orgs/alice');
    expect(reads(r).some((p) => p.includes('/public_members/') || p.includes('/.github/'))).toBe(false);
    expect(writes(r)).toEqual(standardWrites(r));
    expectReported(r, 'failure', [L.owner], ['may not publish in io.github.alice', 'mallory']);
  });

  test('a case variant of the namespace does not slip past the login check', async () => {
    const name = 'io.github.ALICE/evil';
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toContain('namespace-proof');
    expect(reads(r)).toContain('/orgs/alice');
    expectReported(r, 'failure', [L.owner, ...(rules(r).includes('name-case-collision') ? [L.invalid] : [])]);
  });

  test("the owner's own case variant collides with the existing name", async () => {
    const name = 'io.github.ALICE/weather';
    const r = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '9.0.0'), serverJson(name, '9.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['name-case-collision']);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('an org non-member publishing under io.github.acme', async () => {
    const name = 'io.github.acme/evil';
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(reads(r)).toEqual(
      expect.arrayContaining([
        '/orgs/acme/public_members/mallory',
        '/repos/acme/.github/contents/mcp-registry/owners.json',
      ]),
    );
    expectReported(
      r,
      'failure',
      [L.owner],
      ['not a public member of acme', 'not in acme&#39;s owners file'.replace('&#39;', "'")],
    );
  });

  test('an org membership lookup refused (403) fails closed with a retry hint', async () => {
    world.gh.forbiddenOrgs.add('closedorg');
    const name = 'io.github.closedorg/tool';
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner, L.retry, L.newNs], ['membership lookup failed']);
  });

  test("self-adding to owners.json is refused (the PR's own owners.json never counts)", async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        modified('servers/io.github.alice/owners.json', {
          account: { login: 'alice', id: ALICE.id, type: 'User' },
          owners: [
            { login: 'bob', id: BOB.id },
            { login: 'mallory', id: MALLORY.id },
          ],
        }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['owners-change-proof']);
    expectReported(r, 'failure', [L.owner], ['owners.json may only be changed']);
  });

  test("claiming a renamed account's namespace by adding owners.json and a version in one PR", async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        modified('servers/io.github.oldname/owners.json', { owners: [{ login: 'mallory', id: MALLORY.id }] }),
        added(versionPath('io.github.oldname/srv', '3.0.0'), serverJson('io.github.oldname/srv', '3.0.0')),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof', 'owners-change-proof']);
    expectReported(r, 'failure', [L.owner]);
  });

  test("a stranger deprecating someone else's version", async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        added(versionPath('io.github.alice/weather', '1.0.0', 'status.json'), { status: 'deleted', message: 'gone' }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner]);
  });

  test('a domain with no proof (no TXT record, no well-known file)', async () => {
    const path = versionPath('net.example.nokey/tool', '1.0.0');
    const bytes = bytesOf(serverJson('net.example.nokey/tool', '1.0.0'));
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, bytes), added(`${path}.sig`, sign(bytes, world.domainKeyPem))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(
      r
        .result!.verdict.proofs.filter((p) => p.rule === 'proof-domain-dns' || p.rule === 'proof-domain-http')
        .every((p) => !p.ok),
    ).toBe(true);
    expectReported(r, 'failure', [L.owner, L.newNs]);
  });

  test('an HTTPS proof at example.org does not grant the sub-namespace org.example.api', async () => {
    const path = versionPath('org.example.api/tool', '1.0.0');
    const bytes = bytesOf(serverJson('org.example.api/tool', '1.0.0'));
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, bytes), added(`${path}.sig`, sign(bytes, world.httpKeyPem))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner, L.newNs]);
  });

  test('a signature over other bytes', async () => {
    const path = versionPath('com.example/weather2', '1.0.0');
    const bytes = bytesOf(serverJson('com.example/weather2', '1.0.0'));
    const other = bytesOf(
      serverJson('com.example/weather2', '1.0.0', { description: 'Something the key holder really signed.' }),
    );
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, bytes), added(`${path}.sig`, sign(other, world.domainKeyPem))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    const sig = r.result!.verdict.proofs.find((p) => p.rule === 'proof-signature');
    expect(sig).toMatchObject({ ok: false });
    expectReported(r, 'failure', [L.owner], ['does not verify']);
  });

  test('a domain version without any signature file', async () => {
    const path = versionPath('com.example/unsigned', '1.0.0');
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added(path, serverJson('com.example/unsigned', '1.0.0'))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner], ['npm run sign']);
  });
});

describe('immutability and paths', () => {
  test('editing a merged version', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        modified(
          versionPath('io.github.alice/weather', '1.0.0'),
          serverJson('io.github.alice/weather', '1.0.0', { description: 'Changed.' }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['immutable-modified']);
    expectReported(r, 'failure', [L.invalid], ['immutable-modified']);
  });

  test('removing a merged version', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [{ filename: versionPath('io.github.alice/weather', '1.0.0'), status: 'removed' }],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toContain('immutable-removed');
    // Nothing is read for a removal.
    expect(reads(r).some((p) => p.includes('/contents/'))).toBe(false);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('a rename of a merged version folder is a removal plus an addition', async () => {
    const bytes = bytesOf(serverJson('io.github.alice/weather', '1.0.0'));
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        {
          filename: versionPath('io.github.alice/weather', '1.0.0-renamed'),
          previous_filename: versionPath('io.github.alice/weather', '1.0.0'),
          status: 'renamed',
          bytes,
        },
      ],
    });
    expect(r.result!.snapshot.files.map((f) => `${f.status} ${f.path}`)).toEqual([
      `removed ${versionPath('io.github.alice/weather', '1.0.0')}`,
      `added ${versionPath('io.github.alice/weather', '1.0.0-renamed')}`,
    ]);
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r).some((x) => x === 'immutable-renamed' || x === 'immutable-removed')).toBe(true);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('touching a workflow in a data PR is refused (issue 9 §4), and the workflow is never read', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        weather('1.7.0'),
        {
          filename: '.github/workflows/gate.yml',
          status: 'modified',
          bytes: bytesOf('on: pull_request_target\njobs: {}\n'),
        },
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-workflow-change']);
    expect(reads(r).some((p) => p.includes('.github/workflows'))).toBe(false);
    const run = world.gh.checkRuns.find((c) => c.head_sha === r.headSha)!;
    expect(run.annotations).toEqual([
      expect.objectContaining({
        path: '.github/workflows/gate.yml',
        annotation_level: 'failure',
        title: 'pr-workflow-change',
      }),
    ]);
    expectReported(r, 'failure', [L.maintainer], ['Changes needed']);
  });

  test('a PR over the file cap is refused before its files are listed', async () => {
    const r = await runScenario(world, { author: ALICE, files: [weather('1.8.0')], changedFiles: 301 });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-too-many-files']);
    expect(reads(r)).toEqual([
      `/pulls/${r.number}`,
      `/issues/${r.number}/comments`,
      `/issues/${r.number}/labels`,
      '/labels',
    ]);
    expectReported(r, 'failure', [L.invalid], ['judges at most 300']);
  });

  test('a PR whose listing outgrows the cap (stale count) stops paging and is refused', async () => {
    const files = Array.from({ length: 120 }, (_, i) => weather(`2.0.${i}`));
    const r = await runScenario(world, { author: ALICE, files, changedFiles: 5 }, { maxFiles: 100 });
    expect(rules(r)).toEqual(['pr-too-many-files']);
    const pages = r.calls.filter((c) => c.path.endsWith('/files'));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.query.page).toBe('2');
    expect(reads(r).some((p) => p.includes('/contents/'))).toBe(false);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('duplicate keys hiding a name', async () => {
    const text = `{\n  "$schema": "${'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json'}",\n  "name": "io.github.mallory/x",\n  "description": "x",\n  "version": "1.0.0",\n  "name": "io.github.alice/weather"\n}\n`;
    const r = await runScenario(world, {
      author: MALLORY,
      files: [
        added(versionPath('io.github.mallory/x', '1.0.0'), new TextEncoder().encode(text)),
        added('servers/io.github.mallory/owners.json', {
          account: { login: 'mallory', id: MALLORY.id, type: 'User' },
          owners: [],
        }),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toContain('json-duplicate-key');
    const run = world.gh.checkRuns.find((c) => c.head_sha === r.headSha)!;
    expect(run.annotations.some((a) => a.title === 'json-duplicate-key' && a.start_line === 6)).toBe(true);
    expectReported(r, 'failure', [L.invalid, L.newNs]);
  });
});

describe('artifacts', () => {
  test('npm mcpName mismatch', async () => {
    const name = 'io.github.alice/evil2';
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0', { packages: [npmPackage('evil-mcp', '1.0.0')] })),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['artifact-npm']);
    const p = r.result!.verdict.problems.find((x) => x.rule === 'artifact-npm')!;
    expect(p.line).toBeGreaterThan(1);
    expect(world.gh.checkRuns.find((c) => c.head_sha === r.headSha)!.annotations).toEqual([
      expect.objectContaining({ title: 'artifact-npm', start_line: p.line }),
    ]);
    expectReported(r, 'failure', [L.artifact], ['io.github.mallory/evil']);
  });

  test('a PyPI marker …/foo-evil does not prove …/foo (boundary rule)', async () => {
    const name = 'io.github.alice/foo';
    const pkg = { registryType: 'pypi', identifier: 'foo-mcp', version: '1.0.0', transport: { type: 'stdio' } };
    const r = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0', { packages: [pkg] }))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['artifact-pypi']);
    expectReported(r, 'failure', [L.artifact]);
  });

  test('a PyPI and a NuGet marker that match pass', async () => {
    const name = 'io.github.alice/nugetfoo';
    const pkg = { registryType: 'nuget', identifier: 'Alice.Foo', version: '1.0.0', transport: { type: 'stdio' } };
    const r = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0', { packages: [pkg] }))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test('a crate whose rendered README shows the marker passes; one hidden in an HTML comment fails', async () => {
    const name = 'io.github.alice/crab';
    const crate = (version: string) => ({
      registryType: 'cargo',
      identifier: 'crab-mcp',
      version,
      transport: { type: 'stdio' },
    });
    const ok = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0', { packages: [crate('1.0.0')] }))],
    });
    expect(ok.result!.verdict.outcome).toBe('pass');
    expectReported(ok, 'success', [L.ready]);
    const hidden = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '1.1.0'), serverJson(name, '1.1.0', { packages: [crate('1.1.0')] }))],
    });
    expect(hidden.result!.verdict.outcome).toBe('fail');
    expect(rules(hidden)).toEqual(['artifact-cargo']);
    expectReported(hidden, 'failure', [L.artifact]);
  });

  test('an OCI label mismatch', async () => {
    const name = 'io.github.alice/other';
    const pkg = { registryType: 'oci', identifier: 'docker.io/alice/other:1.0.0', transport: { type: 'stdio' } };
    const r = await runScenario(world, {
      author: ALICE,
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0', { packages: [pkg] }))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['artifact-oci']);
    expectReported(r, 'failure', [L.artifact]);
  });

  test('an OCI manifest list whose amd64 config carries the right label passes', async () => {
    const pkg = { registryType: 'oci', identifier: 'docker.io/alice/weather:1.1.0', transport: { type: 'stdio' } };
    const r = await runScenario(world, { author: ALICE, files: [weather('1.2.0', { packages: [pkg] })] });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test('an MCPB whose bytes do not hash to fileSha256', async () => {
    const pkg = {
      registryType: 'mcpb',
      identifier: `https://github.com${MCPB_PATH}`,
      fileSha256: 'a'.repeat(64),
      transport: { type: 'stdio' },
    };
    const r = await runScenario(world, { author: ALICE, files: [weather('1.3.0', { packages: [pkg] })] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['artifact-mcpb']);
    expectReported(r, 'failure', [L.artifact]);
  });

  test('an MCPB with the right hash passes', async () => {
    const pkg = {
      registryType: 'mcpb',
      identifier: `https://github.com${MCPB_PATH}`,
      fileSha256: MCPB_SHA,
      transport: { type: 'stdio' },
    };
    const r = await runScenario(world, { author: ALICE, files: [weather('1.3.1', { packages: [pkg] })] });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test('an MCPB on a non-release host is refused without fetching it', async () => {
    const pkg = {
      registryType: 'mcpb',
      identifier: 'https://evil.example/weather-mcp.mcpb',
      fileSha256: MCPB_SHA,
      transport: { type: 'stdio' },
    };
    const r = await runScenario(world, { author: ALICE, files: [weather('1.3.2', { packages: [pkg] })] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r).some((x) => x === 'package-mcpb-url' || x === 'artifact-mcpb')).toBe(true);
    expect(r.fetch.log.some((e) => e.url.includes('evil.example'))).toBe(false);
    expectReported(r, 'failure', [rules(r).includes('artifact-mcpb') ? L.artifact : L.invalid]);
  });

  test('a remote URL owned by another server', async () => {
    const name = 'io.github.alice/remote';
    const r = await runScenario(world, {
      author: ALICE,
      files: [
        added(
          versionPath(name, '1.0.0'),
          serverJson(name, '1.0.0', { remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/taken' }] }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['remote-url-taken']);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('a 429 from a registry is a failed check with a retry hint, never a pass', async () => {
    world.npm.script({
      path: '/weather-mcp/1.4.0',
      behaviour: { status: 429, headers: { 'retry-after': '30' } },
      once: true,
    });
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('1.4.0', { packages: [npmPackage('weather-mcp', '1.4.0')] })],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['network-failure']);
    expect(r.result!.verdict.proofs.find((p) => p.rule === 'network-failure')).toMatchObject({
      ok: false,
      retryable: true,
    });
    expectReported(r, 'failure', [L.retry], ['re-run the gate later']);
  });

  test('a redirect to 127.0.0.1 is refused', async () => {
    world.npm.script({
      path: '/weather-mcp/1.5.0',
      behaviour: { redirect: 'https://127.0.0.1:9/weather-mcp/1.5.0' },
      once: true,
    });
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('1.5.0', { packages: [npmPackage('weather-mcp', '1.5.0')] })],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['network-failure']);
    expect(r.result!.verdict.proofs.find((p) => p.rule === 'network-failure')!.detail).toMatch(/127\.0\.0\.1/);
    expectReported(r, 'failure', [L.artifact]);
  });

  test('an oversized registry response is cut off and fails', async () => {
    world.npm.script({ path: '/weather-mcp/1.5.1', behaviour: { oversized: 2 * 1024 * 1024 }, once: true });
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('1.5.1', { packages: [npmPackage('weather-mcp', '1.5.1')] })],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['network-failure']);
    expect(r.fetch.log.reduce((n, e) => n + e.bytes, 0)).toBeLessThanOrEqual(2 * 1024 * 1024);
    expectReported(r, 'failure', r.result!.verdict.labels);
  });
});

describe('maintainers and reporting', () => {
  const OVERRIDE = 'registry: maintainer override';

  test('a maintainer override lets a maintainer take responsibility; the report names them', async () => {
    const name = 'io.github.alice/vouched';
    const number = world.nextPr;
    world.gh.labelEvents.set(number, [
      { event: 'labeled', label: { name: OVERRIDE }, actor: { login: 'maint', id: 9 } },
    ]);
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      files: [added(versionPath(name, '1.0.0'), serverJson(name, '1.0.0'))],
    });
    expect(r.number).toBe(number);
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(rules(r, 'warning')).toEqual(['maintainer-override', 'namespace-proof']);
    // The timeline says who applied the label and when; GitHub says the head was pushed before and maint's role.
    expect(reads(r)).toEqual(
      expect.arrayContaining([
        `/issues/${number}/timeline`,
        '/repos/mallory/registry',
        `/collaborators/maint/permission`,
      ]),
    );
    expectReported(
      r,
      'success',
      [OVERRIDE, L.ready],
      ['Maintainer override', 'applied by maint', 'Waived by maintainer override'],
    );
  });

  test('the override never waives validation', async () => {
    world.gh.labelEvents.set(world.nextPr, [{ event: 'labeled', label: { name: OVERRIDE }, actor: MAINT }]);
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      files: [
        modified(
          versionPath('io.github.alice/weather', '1.0.0'),
          serverJson('io.github.alice/weather', '1.0.0', { description: 'Hijacked.' }),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['immutable-modified']);
    expectReported(r, 'failure', [OVERRIDE, L.invalid]);
  });

  test('PR-supplied strings are escaped: no mentions, HTML, code spans or links', async () => {
    const evilPath = 'docs/@everyone <img src=x onerror=alert(1)> `x` [y](https://evil.example).md';
    const r = await runScenario(world, {
      author: ALICE,
      files: [weather('1.9.0'), { filename: evilPath, status: 'added', bytes: bytesOf('x') }],
    });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    const body = expectReported(r, 'action_required', [L.maintainer]);
    expect(body).not.toContain('@everyone');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('`x`');
    expect(body).not.toContain('](https://evil.example)');
    expect(body).toContain('&lt;img');
  });

  test('one sticky comment, updated in place on the next push; a copied marker by someone else is ignored', async () => {
    const number = world.nextPr;
    world.gh.addComment(number, '<!-- mcp-registry-gate:sticky -->\nfake verdict: approved', MALLORY);
    const first = await runScenario(world, {
      author: MALLORY,
      files: [added(versionPath('io.github.alice/xtool', '1.0.0'), serverJson('io.github.alice/xtool', '1.0.0'))],
    });
    expect(first.number).toBe(number);
    expect(writes(first)).toEqual(standardWrites(first));
    // The author fixes the PR (moves it to their own namespace) and pushes: a new head on the same PR.
    const pull = world.gh.pulls.get('registry-org/registry')!.get(number)!;
    pull.headSha = createHash('sha1').update('second push').digest('hex');
    pull.files = [
      added(versionPath('io.github.mallory/xtool', '1.0.0'), serverJson('io.github.mallory/xtool', '1.0.0')),
      added('servers/io.github.mallory/owners.json', {
        account: { login: 'mallory', id: MALLORY.id, type: 'User' },
        owners: [],
      }),
    ];
    const { runGate } = await import('../../scripts/gate/run.ts');
    const before = world.gh.calls.length;
    const out = await runGate({
      event: {
        repository: { full_name: 'registry-org/registry' },
        pull_request: { number, head: { sha: pull.headSha } },
      },
      config: world.config,
      root: world.baseRoot,
      token: 'ghs_test_token',
      report: true,
      tuning: { noWriteSpacing: true, retries: 0 },
    });
    expect(out.result!.verdict.outcome).toBe('pass');
    const second = world.gh.calls
      .slice(before)
      .filter((c) => c.method !== 'GET')
      .map((c) => `${c.method} ${c.path.replace(REPO_PATH, '')}`);
    const mine = world.gh.comments.get(number)!.filter((c) => c.user.login === BOT.login);
    expect(mine).toHaveLength(1);
    expect(second).toEqual([
      'POST /check-runs',
      `PATCH /issues/comments/${mine[0]!.id}`,
      `POST /issues/${number}/labels`,
      `DELETE /issues/${number}/labels/${L.owner}`,
    ]);
    expect(mine[0]!.body).toContain('Ready for review');
    expect(world.gh.comments.get(number)!.find((c) => c.user.login === 'mallory')!.body).toContain('fake verdict');
    expect(pull.labels!.sort()).toEqual([L.newNs, L.ready].sort());
  });

  test('more than 50 annotations are sent in batches of 50 (create, then update)', async () => {
    const files = Array.from({ length: 60 }, (_, i) =>
      added(versionPath(`io.github.alice/bulk${i}`, '1.0.0'), {
        $schema: 'nope',
        name: `io.github.alice/bulk${i}`,
        version: '1.0.0',
      }),
    );
    const r = await runScenario(world, { author: ALICE, files });
    expect(r.result!.verdict.outcome).toBe('fail');
    const run = world.gh.checkRuns.find((c) => c.head_sha === r.headSha)!;
    const checkWrites = writes(r).filter((w) => w.includes('/check-runs'));
    expect(checkWrites[0]).toBe('POST /check-runs');
    expect(checkWrites.slice(1).every((w) => w === `PATCH /check-runs/${run.id}`)).toBe(true);
    expect(checkWrites.length).toBe(1 + Math.ceil(run.annotations.length / 50) - 1);
    expect(run.annotations.length).toBeGreaterThan(50);
    expect(
      r.calls
        .filter((c) => c.path.endsWith('/check-runs') || c.path.includes('/check-runs/'))
        .every((c) => ((c.body as { output?: { annotations?: unknown[] } })?.output?.annotations?.length ?? 0) <= 50),
    ).toBe(true);
  });

  test("only the gate's own labels are removed", async () => {
    const r = await runScenario(world, {
      author: ALICE,
      labels: ['help wanted', L.invalid],
      files: [weather('1.9.1')],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(writes(r)).toEqual([...standardWrites(r), `DELETE /issues/${r.number}/labels/${L.invalid}`]);
    expectReported(r, 'success', ['help wanted', L.ready]);
  });

  test('GitHub answering 404 for the PR is a user error, not a crash', async () => {
    const { runGate } = await import('../../scripts/gate/run.ts');
    await expect(
      runGate({
        event: {
          repository: { full_name: 'registry-org/registry' },
          pull_request: { number: 9999, head: { sha: 'f'.repeat(40) } },
        },
        config: world.config,
        root: world.baseRoot,
        tuning: { retries: 0 },
      }),
    ).rejects.toThrow(/Cannot read pull request registry-org\/registry#9999 \(HTTP 404\)/);
  });

  test('the loopback refusal is the production default', async () => {
    const c = await fakeConfig({});
    expect(c.network.testing.allowLoopback).toBe(true); // the fake helper opts in; production parseConfig({}) never does:
    const { parseConfig } = await import('../../scripts/config/config.ts');
    expect(parseConfig({}).network.testing.allowLoopback).toBe(false);
    expect(parseConfig({}).network.githubApiUrl).toBe('https://api.github.com');
  });
});

describe('GitHub behaviour', () => {
  test("a push while the gate reads a deleted fork's files through refs/pull: refused, retry label", async () => {
    const r = await runScenario(world, {
      author: ALICE,
      headRepo: null,
      movedHeadSha: '9'.repeat(40),
      files: [weather('3.0.0')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-head-moved']);
    // The verdict is posted on the head that was judged, not on the new one.
    expect(world.gh.checkRuns.find((c) => c.head_sha === r.headSha)).toMatchObject({ conclusion: 'failure' });
    expectReported(r, 'failure', [L.retry]);
  });

  test('a 502 from the contents API is retried by octokit', async () => {
    world.gh.faults.push({
      method: 'GET',
      path: /\/contents\/servers\/io\.github\.alice\/weather\/3\.1\.0\//,
      status: 502,
      times: 1,
    });
    const r = await runScenario(
      world,
      { author: ALICE, files: [weather('3.1.0')] },
      { tuning: { noWriteSpacing: true, retries: 1, retryBaseMs: 1 } },
    );
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.calls.filter((c) => c.path.endsWith('/weather/3.1.0/server.json'))).toHaveLength(2);
    expectReported(r, 'success', [L.ready]);
  });

  test('an exhausted rate limit (403, remaining 0) waits for the reset once, then goes on', async () => {
    world.gh.faults.push({
      method: 'GET',
      path: /\/pulls\/\d+\/files$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
      body: { message: 'API rate limit exceeded' },
      times: 1,
    });
    const r = await runScenario(world, { author: ALICE, files: [weather('3.2.0')] });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.calls.filter((c) => c.path.endsWith('/files'))).toHaveLength(2);
  });

  test('an unreadable changed file (500 on every try) fails closed', async () => {
    world.gh.faults.push({
      method: 'GET',
      path: /\/contents\/servers\/io\.github\.alice\/weather\/3\.3\.0\//,
      status: 500,
      times: 5,
    });
    const r = await runScenario(world, { author: ALICE, files: [weather('3.3.0')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-file-unreadable']);
    expectReported(r, 'failure', [L.invalid, L.retry]);
    world.gh.faults.splice(0);
  });
});

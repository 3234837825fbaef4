/**
 * Hijack scenarios for who a namespace belongs to and who may waive the gate (issue 9 §2, §3, §7), end to end like
 * scenarios.test.ts: a PR on the fake GitHub → gather → evaluate → act, asserting the verdict and what GitHub was asked
 * and received.
 *
 * - §2 a namespace's identity is numeric: a freed login or org name registered again proves nothing; a renamed account
 *   keeps its namespace; a new namespace records its account; the migration of namespaces without a record never makes
 *   a takeover easier than the rightful owner's path.
 * - §3 the maintainer override covers the head it was given for, and only when a maintainer (maintain/admin) gave it.
 * - §7 a PR into another branch is refused; the head is re-read after the file list.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import type { FakeUser } from '../fakes/index.ts';
import { runGate } from '../../scripts/gate/run.ts';
import {
  ACME_ORG,
  ALICE,
  BOB,
  CAROL,
  MAINT,
  MALLORY,
  OLDORG,
  OLDUSER,
  REPO,
  added,
  bytesOf,
  modified,
  runScenario,
  serverJson,
  startWorld,
  versionPath,
  type GateRun,
  type PrSpec,
  type World,
} from './harness.ts';
import { LABELS, REPO_PATH, errorRules, expectCheckCommentLabels, standardWrites, writes } from './scenario-checks.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world?.close());

const OVERRIDE = LABELS.override;
const L = LABELS;

/** A new account that registered a freed login (or org name): same name, another numeric id. */
const NEW_ALICE: FakeUser = { login: 'alice', id: 9999 };
const DAVE: FakeUser = { login: 'dave', id: 4004 };

/** Reads other than the file contents (whose order the parallel readers choose). */
const reads = (r: GateRun): string[] =>
  r.calls.filter((c) => c.method === 'GET' && !c.path.includes('/contents/')).map((c) => c.path.replace(REPO_PATH, ''));
const rules = errorRules;
/** The reads of a run that gathers files and judges io.github namespaces proven by login or id (no org lookups). */
const plainReads = (r: GateRun): string[] => [
  `/pulls/${r.number}`,
  `/pulls/${r.number}/files`,
  `/pulls/${r.number}`,
  `/issues/${r.number}/comments`,
  `/issues/${r.number}/labels`,
  '/labels',
];

/** One completed check run on the head with this conclusion, the one sticky comment, exactly these labels. */
const expectReported = (r: GateRun, conclusion: string, labels: string[], commentIncludes: string[] = []): string =>
  expectCheckCommentLabels(world, r, conclusion, labels, commentIncludes);

const owners = (account: { login: string; id: number; type: string }, list: unknown[] = []) => ({
  account,
  owners: list,
});
const user = (u: FakeUser) => ({ login: u.login, id: u.id, type: 'User' });
const version = (name: string, v: string) => added(versionPath(name, v), serverJson(name, v));

describe('§2 a freed login or org name proves nothing', () => {
  test("the issue's example: a new account with the freed login alice rewrites owners.json, tombstones her version and publishes its own", async () => {
    const r = await runScenario(world, {
      author: NEW_ALICE,
      files: [
        modified('servers/io.github.alice/owners.json', { owners: [{ login: 'alice', id: NEW_ALICE.id }] }),
        added(versionPath('io.github.alice/weather', '1.0.0', 'status.json'), { status: 'deleted', message: 'gone' }),
        version('io.github.alice/weather', '5.0.0'),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-change', 'namespace-proof', 'owners-change-proof']);
    expect(r.result!.verdict.namespaces[0]).toMatchObject({ ok: false, primary: false, recorded: { id: ALICE.id } });
    // The login matches, so GitHub is asked nothing about organizations: the recorded id alone decides.
    expect(reads(r)).toEqual(plainReads(r));
    expect(writes(r)).toEqual(standardWrites(r));
    expectReported(
      r,
      'failure',
      [L.owner, L.maintainer],
      ['the login alice is now id 9999', 'removes the account recorded for io.github.alice'],
    );
  });

  test('the freed login publishing only a new version, owners.json untouched, fails the same way', async () => {
    const r = await runScenario(world, { author: NEW_ALICE, files: [version('io.github.alice/weather', '5.0.1')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner], ['a name that changed hands proves nothing']);
  });

  test('the freed login recording its own id as the account is a transfer: refused', async () => {
    const r = await runScenario(world, {
      author: NEW_ALICE,
      files: [modified('servers/io.github.alice/owners.json', owners(user(NEW_ALICE)))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-change', 'owners-change-proof']);
    expectReported(r, 'failure', [L.owner, L.maintainer], ['changes the account recorded for io.github.alice']);
  });

  test('a case variant of the namespace is judged by the same record', async () => {
    const r = await runScenario(world, { author: NEW_ALICE, files: [version('io.github.ALICE/fresh', '1.0.0')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expect(r.result!.verdict.namespaces[0]).toMatchObject({ recorded: { id: ALICE.id } });
    expectReported(r, 'failure', [L.owner]);
  });

  test('the org variant: the freed name acme re-registered by a new org, with a new public member', async () => {
    world.gh.addOrg('acme', 7777);
    world.gh.addPublicMember('acme', MALLORY.login);
    world.gh.setContent(
      'acme/.github',
      'mcp-registry/owners.json',
      JSON.stringify({ owners: [{ login: 'mallory', id: MALLORY.id }] }),
    );
    try {
      const r = await runScenario(world, { author: MALLORY, files: [version('io.github.acme/evil', '1.0.0')] });
      expect(r.result!.verdict.outcome).toBe('fail');
      expect(rules(r)).toEqual(['namespace-proof']);
      // Which org holds the name is asked; its membership and owners file are not, since its id is not the recorded one.
      expect(reads(r)).toEqual([...plainReads(r).slice(0, 3), '/orgs/acme', ...plainReads(r).slice(3)]);
      expect(r.result!.snapshot.orgs.acme).toMatchObject({
        account: { status: 'found', id: 7777 },
        publicMember: 'not-checked',
      });
      expectReported(r, 'failure', [L.owner], ['the organization named acme is now id 7777']);
    } finally {
      world.gh.addOrg(ACME_ORG.login, ACME_ORG.id);
      world.gh.publicMembers.get('acme')!.delete('mallory');
      world.gh.setContent(
        'acme/.github',
        'mcp-registry/owners.json',
        JSON.stringify({ owners: [{ login: 'carol', id: CAROL.id }] }),
      );
    }
  });

  test('the org deleted and its name registered as a user account: the login proves nothing either', async () => {
    const r = await runScenario(world, {
      author: { login: 'acme', id: 8888 },
      files: [version('io.github.acme/mine', '1.0.0')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner], ['the login acme is now id 8888']);
  });

  test('a legacy owners.json that lists the namespace login under another id: a re-registered login proves nothing', async () => {
    // io.github.oldname predates recorded accounts; its owners.json lists oldname as id 5005 (renamed since).
    const r = await runScenario(world, {
      author: { login: 'oldname', id: 8080 },
      files: [version('io.github.oldname/srv', '4.0.0')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-proof']);
    expectReported(r, 'failure', [L.owner], ['the login oldname is now id 8080']);
  });
});

describe('§2 the rightful accounts', () => {
  test('a renamed account keeps its namespace by the recorded id, without any name lookup', async () => {
    const r = await runScenario(world, {
      author: { login: 'alice-renamed', id: ALICE.id },
      files: [version('io.github.alice/weather', '6.0.0')],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toEqual(plainReads(r));
    expectReported(r, 'success', [L.ready], ['recorded for io.github.alice as alice']);
  });

  test('a public member of the recorded org publishes (the org id agrees)', async () => {
    const r = await runScenario(world, { author: BOB, files: [version('io.github.acme/tool3', '1.0.0')] });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toEqual([
      ...plainReads(r).slice(0, 3),
      '/orgs/acme',
      '/orgs/acme/public_members/bob',
      ...plainReads(r).slice(3),
    ]);
    expect(r.result!.verdict.namespaces[0]!.detail).toContain(
      `public member of the GitHub org acme (id ${ACME_ORG.id})`,
    );
    expectReported(r, 'success', [L.ready]);
  });

  test('a co-owner changes the co-owners and keeps the account: passes', async () => {
    const r = await runScenario(world, {
      author: BOB,
      files: [
        modified(
          'servers/io.github.alice/owners.json',
          owners(user(ALICE), [
            { login: 'bob', id: BOB.id },
            { login: 'carol', id: CAROL.id },
          ]),
        ),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });

  test("a co-owner cannot move the namespace's account to themselves: a maintainer decides", async () => {
    const r = await runScenario(world, {
      author: BOB,
      files: [modified('servers/io.github.alice/owners.json', owners(user(BOB), [{ login: 'bob', id: BOB.id }]))],
    });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    expect(rules(r)).toEqual(['namespace-identity-change']);
    const p = r.result!.verdict.problems.find((x) => x.rule === 'namespace-identity-change')!;
    expect(p.message).toContain(`keep "account": {"login":"alice","id":${ALICE.id},"type":"User"} as it is`);
    expect(p).toMatchObject({ file: 'servers/io.github.alice/owners.json', jsonPath: '$.account', line: 2 });
    expectReported(r, 'action_required', [L.maintainer]);
  });

  test('even the owner removing owners.json (and with it the record) needs a maintainer', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      files: [{ filename: 'servers/io.github.alice/owners.json', status: 'removed' }],
    });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    expect(rules(r)).toEqual(['namespace-identity-change']);
    expectReported(r, 'action_required', [L.maintainer]);
  });
});

describe('§2 a new namespace records its account', () => {
  test('created with the exact record: passes', async () => {
    const r = await runScenario(world, {
      author: DAVE,
      files: [version('io.github.dave/tool', '1.0.0'), added('servers/io.github.dave/owners.json', owners(user(DAVE)))],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toEqual(plainReads(r));
    expectReported(r, 'success', [L.ready, L.newNs]);
  });

  test('created without the record: refused, and the report gives the exact owners.json to commit', async () => {
    const r = await runScenario(world, { author: DAVE, files: [version('io.github.dave/other', '1.0.0')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-record']);
    const json = `${JSON.stringify(owners(user(DAVE)), null, 2)}\n`;
    expect(r.result!.verdict.namespaces[0]!.record).toEqual({ file: 'servers/io.github.dave/owners.json', json });
    // The annotation sits on the file the PR adds (there is no owners.json yet).
    expect(world.gh.checkRuns.find((c) => c.head_sha === r.headSha)!.annotations).toEqual([
      expect.objectContaining({
        path: versionPath('io.github.dave/other', '1.0.0'),
        title: 'namespace-identity-record',
      }),
    ]);
    expectReported(r, 'failure', [L.owner, L.newNs], ['Record the namespace account', json.trim()]);
  });

  test('created with a wrong id (someone else’s, or a made-up one): refused with the right record', async () => {
    const r = await runScenario(world, {
      author: DAVE,
      files: [
        version('io.github.dave/third', '1.0.0'),
        added('servers/io.github.dave/owners.json', owners({ login: 'dave', id: 1, type: 'User' })),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-record']);
    expect(r.result!.verdict.problems[0]!.message).toContain(
      `Record exactly "account": {"login":"dave","id":${DAVE.id}`,
    );
    expectReported(r, 'failure', [L.owner, L.newNs], [`&quot;id&quot;:${DAVE.id}`]);
  });

  test('a new org namespace records the org id GitHub gives (GET /orgs/{org})', async () => {
    world.gh.addOrg('neworg', 9_000_010);
    world.gh.addPublicMember('neworg', CAROL.login);
    const without = await runScenario(world, { author: CAROL, files: [version('io.github.neworg/alpha', '1.0.0')] });
    expect(without.result!.verdict.outcome).toBe('fail');
    expect(rules(without)).toEqual(['namespace-identity-record']);
    const orgRecord = owners({ login: 'neworg', id: 9_000_010, type: 'Organization' });
    expect(without.result!.verdict.namespaces[0]!.record!.json).toBe(`${JSON.stringify(orgRecord, null, 2)}\n`);
    expectReported(without, 'failure', [L.owner, L.newNs]);

    const r = await runScenario(world, {
      author: CAROL,
      files: [version('io.github.neworg/alpha', '1.0.0'), added('servers/io.github.neworg/owners.json', orgRecord)],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(reads(r)).toContain('/orgs/neworg');
    expectReported(r, 'success', [L.ready, L.newNs]);
  });

  test('a domain namespace records no GitHub account', async () => {
    const r = await runScenario(world, {
      author: MALLORY,
      files: [added('servers/com.example/owners.json', owners(user(MALLORY)))],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-record', 'owners-change-proof']);
    expectReported(r, 'failure', [L.owner], ['records no GitHub']);
  });
});

describe('§2 migration: namespaces that predate recorded accounts', () => {
  test('the owner changing it by login must record the account now', async () => {
    const r = await runScenario(world, { author: OLDUSER, files: [version('io.github.olduser/srv', '2.0.0')] });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['namespace-identity-record']);
    expectReported(r, 'failure', [L.owner], ['has no recorded GitHub account yet', '"id": 7007']);
  });

  test('recording it is confirmed once by a maintainer: needs a maintainer, then the override passes it', async () => {
    const files = [
      version('io.github.olduser/srv', '2.0.1'),
      added('servers/io.github.olduser/owners.json', owners(user(OLDUSER))),
    ];
    const r = await runScenario(world, { author: OLDUSER, files, headRepo: 'olduser/reg-a' });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    expect(rules(r)).toEqual(['namespace-identity-change']);
    expectReported(r, 'action_required', [L.maintainer], ['confirmed once by a maintainer']);

    world.gh.labelEvents.set(world.nextPr, [{ event: 'labeled', label: { name: OVERRIDE }, actor: MAINT }]);
    const o = await runScenario(world, { author: OLDUSER, files, labels: [OVERRIDE], headRepo: 'olduser/reg-b' });
    expect(o.result!.verdict.outcome).toBe('pass');
    expect(rules(o, 'warning')).toEqual(['maintainer-override', 'namespace-identity-change']);
    expectReported(o, 'success', [OVERRIDE, L.ready]);
  });

  test('a takeover of a legacy namespace gets no further than its owner: at best a maintainer looks', async () => {
    const thief: FakeUser = { login: 'olduser', id: 6060 };
    const without = await runScenario(world, { author: thief, files: [version('io.github.olduser/srv', '9.0.0')] });
    expect(without.result!.verdict.outcome).toBe('fail');
    const r = await runScenario(world, {
      author: thief,
      files: [
        version('io.github.olduser/srv', '9.0.0'),
        added('servers/io.github.olduser/owners.json', owners(user(thief))),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    expect(rules(r)).toEqual(['namespace-identity-change']);
    expectReported(r, 'action_required', [L.maintainer], ['checks that this account published its earlier versions']);
  });

  test('a legacy org namespace records the org id, and a maintainer confirms', async () => {
    const without = await runScenario(world, { author: BOB, files: [version('io.github.oldorg/srv', '2.0.0')] });
    expect(rules(without)).toEqual(['namespace-identity-record']);
    expect(without.result!.verdict.namespaces[0]!.record!.json).toContain(`"id": ${OLDORG.id}`);
    expectReported(without, 'failure', [L.owner]);
    const wrong = await runScenario(world, {
      author: BOB,
      files: [
        version('io.github.oldorg/srv', '2.0.0'),
        added('servers/io.github.oldorg/owners.json', owners(user(BOB))),
      ],
    });
    expect(rules(wrong)).toEqual(['namespace-identity-record']);
    const r = await runScenario(world, {
      author: BOB,
      files: [
        version('io.github.oldorg/srv', '2.0.0'),
        added('servers/io.github.oldorg/owners.json', owners({ ...OLDORG, type: 'Organization' })),
      ],
    });
    expect(r.result!.verdict.outcome).toBe('needs-maintainer');
    expect(rules(r)).toEqual(['namespace-identity-change']);
    expectReported(r, 'action_required', [L.maintainer]);
  });

  test('a numeric co-owner of a legacy namespace still publishes without recording anything', async () => {
    const r = await runScenario(world, {
      author: { login: 'newname', id: 5005 },
      files: [version('io.github.oldname/srv', '4.1.0')],
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expectReported(r, 'success', [L.ready]);
  });
});

describe('§3 the override covers one head commit, given by a maintainer', () => {
  const labelled = (number: number, actor: FakeUser, at: string) =>
    world.gh.labelEvents.set(number, [{ event: 'labeled', label: { name: OVERRIDE }, actor, created_at: at }]);
  const hijack = (n: string): PrSpec['files'] => [version(`io.github.alice/vouched-${n}`, '1.0.0')];

  test('applied after the push by a maintainer: waived, and the report names the commit', async () => {
    labelled(world.nextPr, MAINT, '2026-03-01T10:00:00Z');
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      headRepo: 'mallory/ov-1',
      pushedAt: '2026-03-01T09:00:00Z',
      files: hijack('1'),
    });
    expect(r.result!.verdict.outcome).toBe('pass');
    expect(r.result!.verdict.override).toEqual({
      label: OVERRIDE,
      appliedBy: 'maint',
      role: 'maintain',
      covers: r.headSha,
      waived: 1,
    });
    expect(reads(r)).toEqual([
      ...plainReads(r).slice(0, 3),
      '/orgs/alice',
      `/issues/${r.number}/timeline`,
      '/repos/mallory/ov-1',
      '/collaborators/maint/permission',
      ...plainReads(r).slice(3),
    ]);
    expect(writes(r)).toEqual(standardWrites(r));
    expectReported(r, 'success', [OVERRIDE, L.ready], [`covers commit ${r.headSha.slice(0, 12)} only`]);
  });

  test('a push after the label: the synchronize run judges strictly and removes the label', async () => {
    const number = world.nextPr;
    labelled(number, MAINT, '2026-03-02T10:00:00Z');
    const first = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      headRepo: 'mallory/ov-2',
      pushedAt: '2026-03-02T09:00:00Z',
      files: hijack('2'),
    });
    expect(first.result!.verdict.outcome).toBe('pass');
    // The author pushes another commit (a workflow file now rides along) after the maintainer looked.
    const pull = world.gh.pulls.get(REPO)!.get(number)!;
    pull.headSha = createHash('sha1').update('pushed after the override').digest('hex');
    pull.pushedAt = '2026-03-02T11:00:00Z';
    pull.files = [...hijack('2'), { filename: 'scripts/cli.ts', status: 'modified', bytes: bytesOf('evil()') }];
    const before = world.gh.calls.length;
    const out = await runGate({
      event: { repository: { full_name: REPO }, pull_request: { number, head: { sha: pull.headSha } } },
      config: world.config,
      root: world.baseRoot,
      token: 'ghs_test_token',
      report: true,
      tuning: { noWriteSpacing: true, retries: 0, retryBaseMs: 1 },
    });
    const v = out.result!.verdict;
    expect(v.outcome).toBe('fail');
    expect(v.override).toBeUndefined();
    expect(v.overrideRefused).toMatchObject({ appliedBy: 'maint', remove: true });
    expect([...new Set(v.problems.filter((p) => p.severity === 'error').map((p) => p.rule))].sort()).toEqual([
      'namespace-proof',
      'path-policy',
    ]);
    const sent = world.gh.calls
      .slice(before)
      .filter((c) => c.method !== 'GET')
      .map((c) => `${c.method} ${c.path.replace(REPO_PATH, '')}`);
    expect(sent).toEqual([
      'POST /check-runs',
      expect.stringMatching(/^PATCH \/issues\/comments\/\d+$/),
      `POST /issues/${number}/labels`,
      `DELETE /issues/${number}/labels/${L.ready}`,
      `DELETE /issues/${number}/labels/${OVERRIDE}`,
    ]);
    expect(pull.labels!.sort()).toEqual([L.maintainer, L.owner].sort());
    const run = world.gh.checkRuns.find((c) => c.head_sha === pull.headSha)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output?.summary).toContain('not after the head');
  });

  test('a force push after the label counts as a push (timeline event), even if the fork looks older', async () => {
    labelled(world.nextPr, MAINT, '2026-03-03T10:00:00Z');
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      headRepo: 'mallory/ov-3',
      pushedAt: '2026-03-03T09:00:00Z',
      forcePushes: ['2026-03-03T10:30:00Z'],
      files: hijack('3'),
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(r.result!.snapshot.override?.headPushedAt).toBe('2026-03-03T10:30:00.000Z');
    expect(writes(r)).toEqual([...standardWrites(r), `DELETE /issues/${r.number}/labels/${OVERRIDE}`]);
    expectReported(r, 'failure', [L.owner], ['waives nothing']);
  });

  test('applied by someone with only the triage (or write) role: waives nothing and is removed', async () => {
    const triager: FakeUser = { login: 'triager', id: 31 };
    const writer: FakeUser = { login: 'writer', id: 32 };
    world.gh.setRole(REPO, triager, 'triage');
    world.gh.setRole(REPO, writer, 'write');
    for (const [who, n] of [
      [triager, '4'],
      [writer, '5'],
    ] as const) {
      labelled(world.nextPr, who, '2026-03-04T10:00:00Z');
      const r = await runScenario(world, {
        author: MALLORY,
        labels: [OVERRIDE],
        headRepo: `mallory/ov-${n}`,
        pushedAt: '2026-03-04T09:00:00Z',
        files: hijack(n),
      });
      expect(r.result!.verdict.outcome).toBe('fail');
      expect(r.result!.snapshot.override?.permission?.role).toBe(who === triager ? 'triage' : 'write');
      expect(reads(r)).toContain(`/collaborators/${who.login}/permission`);
      expect(writes(r)).toEqual([...standardWrites(r), `DELETE /issues/${r.number}/labels/${OVERRIDE}`]);
      expectReported(r, 'failure', [L.owner], ['only the maintain or admin role may override']);
    }
  });

  test('an admin applying it after the push counts', async () => {
    const admin: FakeUser = { login: 'owner-admin', id: 33 };
    world.gh.setRole(REPO, admin, 'admin');
    labelled(world.nextPr, admin, '2026-03-05T10:00:00Z');
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      headRepo: 'mallory/ov-6',
      pushedAt: '2026-03-05T09:00:00Z',
      files: hijack('6'),
    });
    expect(r.result!.verdict.override).toMatchObject({ appliedBy: 'owner-admin', role: 'admin' });
    expectReported(r, 'success', [OVERRIDE, L.ready]);
  });

  test('a timeline that cannot be read waives nothing but keeps the label (a re-run may succeed)', async () => {
    labelled(world.nextPr, MAINT, '2026-03-06T10:00:00Z');
    world.gh.faults.push({ method: 'GET', path: /\/issues\/\d+\/timeline$/, status: 502, times: 1 });
    const r = await runScenario(world, {
      author: MALLORY,
      labels: [OVERRIDE],
      headRepo: 'mallory/ov-7',
      pushedAt: '2026-03-06T09:00:00Z',
      files: hijack('7'),
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(r.result!.verdict.overrideRefused).toMatchObject({ remove: false });
    expect(writes(r)).toEqual(standardWrites(r));
    expect(r.result!.verdict.overrideRefused!.detail).toContain('reading the PR timeline failed (HTTP 502)');
    expectReported(r, 'failure', [OVERRIDE, L.owner], ['waives nothing']);
  });

  test('a PR whose fork is gone cannot be overridden: nobody can tell when its head was pushed', async () => {
    labelled(world.nextPr, MAINT, '2026-03-07T10:00:00Z');
    const r = await runScenario(world, { author: MALLORY, labels: [OVERRIDE], headRepo: null, files: hijack('8') });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(reads(r)).not.toContain('/repos/mallory/registry');
    expectReported(r, 'failure', [L.owner], ['the head repository of the PR is gone']);
  });
});

describe('§7 the base branch and a moving head', () => {
  test('a PR into another branch is refused before its files are listed', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      baseRef: 'release',
      files: [version('io.github.alice/weather', '7.0.0')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-base-branch']);
    expect(reads(r)).toEqual([
      `/pulls/${r.number}`,
      `/issues/${r.number}/comments`,
      `/issues/${r.number}/labels`,
      '/labels',
    ]);
    expect(r.calls.some((c) => c.path.includes('/contents/'))).toBe(false);
    expectReported(r, 'failure', [L.invalid], ['default branch']);
  });

  test('a retarget to another branch while the gate reads is judged as retargeted', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      movedBaseRef: 'release',
      files: [version('io.github.alice/weather', '7.0.1')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-base-branch']);
    expectReported(r, 'failure', [L.invalid]);
  });

  test('a push between the file list and the re-read (a live fork): refused, never judged on a mix', async () => {
    const r = await runScenario(world, {
      author: ALICE,
      movedHeadSha: '8'.repeat(40),
      files: [version('io.github.alice/weather', '7.0.2')],
    });
    expect(r.result!.verdict.outcome).toBe('fail');
    expect(rules(r)).toEqual(['pr-head-moved']);
    expect(reads(r)).toEqual(plainReads(r));
    expectReported(r, 'failure', [L.retry]);
  });
});

/**
 * The verdict as a pure function of recorded snapshots (tests/fixtures/gate/<case>/snapshot.json, recorded from runs
 * against the fakes): no server, no network. Variations are made by editing the snapshot data. These assertions state
 * what a verdict means; tests/gate/fixtures.test.ts pins the whole outputs as golden files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { evaluate } from '../../scripts/gate/evaluate.ts';
import { encodeBytes, type PrSnapshot } from '../../scripts/gate/snapshot.ts';

const config = parseConfig({});
const load = (name: string): PrSnapshot =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/gate', name, 'snapshot.json'), 'utf8')) as PrSnapshot;
const errorRules = (s: PrSnapshot) =>
  [
    ...new Set(
      evaluate(s, config)
        .problems.filter((p) => p.severity === 'error')
        .map((p) => p.rule),
    ),
  ].sort();

describe('recorded snapshots', () => {
  test('the owner publishing a new version passes, with its npm proof and a diff target', () => {
    const v = evaluate(load('owner-publishes-pass'), config);
    expect(v.outcome).toBe('pass');
    expect(v.labels).toEqual(['registry: ready for review']);
    expect(v.proofs.map((p) => [p.rule, p.ok])).toEqual([
      ['namespace-proof', true],
      ['artifact-npm', true],
    ]);
    expect(v.newVersions).toEqual([
      {
        file: 'servers/io.github.alice/weather/1.1.0/server.json',
        name: 'io.github.alice/weather',
        version: '1.1.0',
        previousFile: 'servers/io.github.alice/weather/1.0.0/server.json',
      },
    ]);
  });

  test('a stranger in io.github.alice fails on ownership and on the npm mcpName', () => {
    const s = load('stranger-hijack-fail');
    const v = evaluate(s, config);
    expect(v.outcome).toBe('fail');
    expect(errorRules(s)).toEqual(['artifact-npm', 'namespace-proof']);
    expect(v.labels).toEqual(['registry: artifact mismatch', 'registry: needs owner proof']);
    // alice is a user recorded by id: no organization holds the name, so no membership is looked up.
    expect(s.orgs.alice).toEqual({
      account: { status: 'missing', detail: 'no GitHub organization is named alice' },
      publicMember: 'not-checked',
      ownersFile: { status: 'missing', ids: [], detail: 'not read (no organization holds this name)' },
    });
  });

  test('a signed domain version passes; the signature is re-verified from the recorded bytes', () => {
    const s = load('domain-signed-pass');
    expect(evaluate(s, config).outcome).toBe('pass');
    // Change one byte of the document: the recorded signature no longer verifies.
    const doc = s.files.find((f) => f.path.endsWith('/server.json'))!;
    doc.content = encodeBytes(
      new TextEncoder().encode(doc.content!.data.replace('The weather server.', 'The weather server!')),
    );
    const v = evaluate(s, config);
    expect(v.outcome).toBe('fail');
    expect(errorRules(s)).toEqual(['namespace-proof']);
    expect(v.proofs.find((p) => p.rule === 'proof-signature')).toMatchObject({ ok: false });
  });

  test('the override waives ownership and paths, names the maintainer, and disappears with the label', () => {
    const s = load('maintainer-override-pass');
    const v = evaluate(s, config);
    expect(v.outcome).toBe('pass');
    expect(v.override).toEqual({
      label: 'registry: maintainer override',
      appliedBy: 'maint',
      role: 'maintain',
      covers: s.pr.headSha,
      waived: 2,
    });
    expect(v.problems.map((p) => [p.rule, p.severity])).toEqual(
      expect.arrayContaining([
        ['path-policy', 'warning'],
        ['namespace-proof', 'warning'],
        ['maintainer-override', 'warning'],
      ]),
    );
    delete s.override;
    expect(evaluate(s, config).outcome).toBe('fail');
    expect(errorRules(s)).toEqual(['namespace-proof', 'path-policy']);
  });
});

describe('the override belongs to one commit and to a maintainer', () => {
  const override = () => load('maintainer-override-pass');
  test('a label older than the head push, or applied with a lesser role, waives nothing and is to be removed', () => {
    const s = override();
    s.override!.headPushedAt = '2026-07-01T00:00:00Z'; // pushed after the label (2026-06-01)
    let v = evaluate(s, config);
    expect(v.outcome).toBe('fail');
    expect(v.override).toBeUndefined();
    expect(v.overrideRefused).toMatchObject({ appliedBy: 'maint', remove: true });
    expect(errorRules(s)).toEqual(['namespace-proof', 'path-policy']);
    s.override!.headPushedAt = s.override!.applied!.at; // the same second is not "after"
    expect(evaluate(s, config).override).toBeUndefined();
    for (const role of ['triage', 'write', 'read', 'none']) {
      const t = override();
      t.override!.permission = { role, maintain: false, admin: false };
      v = evaluate(t, config);
      expect(v.overrideRefused?.detail).toContain(`the ${role} role`);
      expect(v.outcome).toBe('fail');
    }
    const custom = override();
    custom.override!.permission = { role: 'registry-stewards', maintain: true, admin: false }; // a custom role
    expect(evaluate(custom, config).override).toMatchObject({ role: 'registry-stewards' });
  });

  test('a failed lookup or a gone head repository waives nothing; only the lookup failure keeps the label', () => {
    const s = override();
    s.override!.lookupFailed = 'reading the PR timeline failed (HTTP 502)';
    expect(evaluate(s, config).overrideRefused).toMatchObject({ remove: false });
    const t = override();
    delete t.override!.headPushedAt;
    expect(evaluate(t, config).overrideRefused).toMatchObject({ remove: true });
    const u = override();
    delete u.override!.applied;
    expect(evaluate(u, config).overrideRefused).toMatchObject({ remove: false });
  });
});

describe('variations of one snapshot', () => {
  test('the same PR by another account fails; by the owner with a different case of login passes', () => {
    const s = load('owner-publishes-pass');
    s.pr.author = { login: 'ALICE', id: 1001, type: 'User' };
    expect(evaluate(s, config).outcome).toBe('pass');
    s.pr.author = { login: 'alice-evil', id: 7, type: 'User' };
    expect(errorRules(s)).toEqual(['namespace-proof']);
  });

  test('the login alice with another id than the recorded one proves nothing; the recorded id under a new login does', () => {
    const s = load('owner-publishes-pass');
    s.pr.author = { login: 'alice', id: 9999, type: 'User' };
    const v = evaluate(s, config);
    expect(errorRules(s)).toEqual(['namespace-proof']);
    expect(v.namespaces[0]).toMatchObject({ ok: false, recorded: { id: 1001 } });
    expect(v.namespaces[0]!.detail).toContain('the login alice is now id 9999');
    s.pr.author = { login: 'alice-renamed', id: 1001, type: 'User' };
    expect(evaluate(s, config).outcome).toBe('pass');
  });

  test('a PR into another branch than the default one is refused before anything else', () => {
    const s = load('owner-publishes-pass');
    s.pr.baseRef = 'release';
    const v = evaluate(s, config);
    expect(errorRules(s)).toEqual(['pr-base-branch']);
    expect(v.labels).toEqual(['registry: invalid']);
    expect(v.problems[0]!.message).toContain('"release"');
    expect(evaluate(s, parseConfig({ defaultBranch: 'release' })).outcome).toBe('pass');
  });

  test('only paths outside servers/ → needs a maintainer', () => {
    const s = load('owner-publishes-pass');
    s.files = [{ path: 'scripts/gate/evaluate.ts', status: 'modified', sha: 'a'.repeat(40) }];
    const v = evaluate(s, config);
    expect(v.outcome).toBe('needs-maintainer');
    expect(v.labels).toEqual(['registry: needs maintainer']);
  });

  test('anything under .github/ is refused outright (fail), with its own rule instead of path-policy', () => {
    const s = load('owner-publishes-pass');
    s.files = [{ path: '.github/workflows/gate.yml', status: 'modified', sha: 'a'.repeat(40) }];
    const v = evaluate(s, config);
    expect(v.outcome).toBe('fail');
    expect(errorRules(s)).toEqual(['pr-workflow-change']);
    expect(v.labels).toEqual(['registry: needs maintainer']);
  });

  test('an unreadable file is never judged as absent', () => {
    const s = load('owner-publishes-pass');
    delete s.files[0]!.content;
    s.files[0]!.unreadable = 'too large';
    expect(errorRules(s)).toEqual(['pr-file-unreadable']);
  });

  test('a retryable artifact failure fails with the retry label', () => {
    const s = load('owner-publishes-pass');
    s.proofs = [
      {
        check: 'npm-mcp-name',
        subject: 'npm:weather-mcp@1.1.0',
        ok: false,
        detail: 'HTTP 503',
        retryable: true,
        rule: 'network-failure',
        file: s.files[0]!.path,
        jsonPath: '$.packages[0]',
      },
    ];
    const v = evaluate(s, config);
    expect(v.outcome).toBe('fail');
    expect(v.labels).toEqual(['registry: retry later']);
    expect(v.problems[0]).toMatchObject({ rule: 'network-failure', line: 7 });
  });

  test('problems already in the base are not blamed on the PR', () => {
    const s = load('owner-publishes-pass');
    s.base.files.push({
      path: 'servers/io.github.zed/bad/1.0.0/server.json',
      content: { encoding: 'utf8', data: '{"broken": ' },
    });
    expect(evaluate(s, config).outcome).toBe('pass');
  });

  test('too many files and a moved head are refusals', () => {
    const s = load('owner-publishes-pass');
    expect(errorRules({ ...s, tooManyFiles: { count: 400, cap: 300 } })).toEqual(['pr-too-many-files']);
    expect(evaluate({ ...s, headMoved: { from: 'a'.repeat(40), to: 'b'.repeat(40) } }, config).labels).toEqual([
      'registry: retry later',
    ]);
  });

  test('evaluate is deterministic (same snapshot, same verdict)', () => {
    const s = load('stranger-hijack-fail');
    expect(JSON.stringify(evaluate(structuredClone(s), config))).toBe(
      JSON.stringify(evaluate(structuredClone(s), config)),
    );
  });
});

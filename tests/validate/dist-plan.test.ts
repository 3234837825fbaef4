/**
 * The API's path plan in validation (scripts/validate/dist-plan.ts): each tree rule it adds, with a passing and a
 * failing tree, the file blamed and the message; and the property that makes the writer's own check an assertion:
 * whatever the plan passes, the API planner (scripts/api/plan.ts) lays out without a collision.
 */
import { describe, expect, it } from 'vitest';
import { planApi } from '../../scripts/api/plan.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import type { RuleId } from '../../scripts/core/rule-ids.ts';
import { OFFICIAL_META_KEY, type ServerRecord, type VersionEntry } from '../../scripts/core/types.ts';
import { distPlanProblems } from '../../scripts/validate/dist-plan.ts';
import { validateTree } from '../../scripts/validate/tree.ts';
import type { TreeFile } from '../../scripts/tree/files.ts';
import { bytes, defaultConfig, validDoc } from '../helpers/docs.ts';

const config = defaultConfig();
const N = 'io.github.alice/weather';
const file = (name: string, version: string) => `servers/${name}/${version}/server.json`;
const doc = (name: string, version: string): TreeFile => ({
  path: file(name, version),
  bytes: bytes(validDoc({ name, version, packages: undefined })),
});
const tree = (...docs: Array<[string, string]>) =>
  validateTree(
    docs.map(([n, v]) => doc(n, v)),
    config,
  ).problems;
const of = (problems: Problem[], rule: RuleId) => problems.filter((p) => p.rule === rule);

interface Case {
  rule: RuleId;
  why: string;
  pass: Array<[string, string]>;
  fail: Array<[string, string]>;
  /** The files the failure is reported on. */
  blamed: string[];
  message?: RegExp;
}

const cases: Case[] = [
  {
    rule: 'dist-path-collision',
    why: 'a version named like the versions list (index.html)',
    pass: [
      [N, '1.0.0'],
      [N, 'index.htm'],
    ],
    fail: [
      [N, '1.0.0'],
      [N, 'index.html'],
    ],
    blamed: [file(N, 'index.html')],
    message:
      /versions\/index\.html for both io\.github\.alice\/weather index\.html and versions of io\.github\.alice\/weather/,
  },
  {
    rule: 'dist-path-collision',
    why: 'a version named like the latest alias (latest.json)',
    pass: [[N, 'latest-1.json']],
    fail: [[N, 'latest.json']],
    blamed: [file(N, 'latest.json')],
    message: /latest of io\.github\.alice\/weather/,
  },
  {
    rule: 'dist-path-collision',
    why: '1.0.0.json beside 1.0.0: the one spelled like the other’s .json twin is blamed, whichever came first',
    pass: [
      [N, '1.0.0'],
      [N, '1.0.0.js'],
    ],
    fail: [
      [N, '1.0.0'],
      [N, '1.0.0.json'],
    ],
    blamed: [file(N, '1.0.0.json')],
  },
  {
    rule: 'dist-path-collision',
    why: '1.0.0%2Bb beside 1.0.0+b: the written spelling of one is the URL-encoded spelling of the other',
    pass: [
      [N, '1.0.0+b'],
      [N, '1.0.0%2Bc'],
    ],
    fail: [
      [N, '1.0.0+b'],
      [N, '1.0.0%2Bb'],
    ],
    blamed: [file(N, '1.0.0%2Bb')],
  },
  {
    rule: 'dist-path-collision',
    why: 'case-insensitively: LATEST against latest, 1.0.0.JSON against 1.0.0’s twin, %2b against %2B',
    pass: [
      [N, '1.0.0'],
      [N, 'LATEST-1'],
    ],
    fail: [
      [N, '1.0.0'],
      [N, 'LATEST'],
      [N, '1.0.0.JSON'],
      [N, '1.0.0+b'],
      [N, '1.0.0%2bb'],
    ],
    blamed: [file(N, 'LATEST'), file(N, '1.0.0.JSON'), file(N, '1.0.0%2bb')],
    message: /one file on a case-insensitive disk/,
  },
  {
    rule: 'dist-path-collision',
    why: 'a namespace whose folder would lie inside the list file (index.html) or our own _page folder',
    pass: [['index.htm/x', '1.0.0']],
    fail: [
      ['index.html/x', '1.0.0'],
      ['INDEX.HTML/y', '1.0.0'],
      ['_page/x', '1.0.0'],
    ],
    blamed: [file('index.html/x', '1.0.0'), file('INDEX.HTML/y', '1.0.0'), file('_page/x', '1.0.0')],
    message: /inside dist\/v0\.1\/servers\//,
  },
  {
    rule: 'dist-name-too-long',
    why: 'a 250-character version: 255 bytes with .json is the limit',
    pass: [[N, 'a'.repeat(250)]],
    fail: [[N, 'a'.repeat(251)]],
    blamed: [file(N, 'a'.repeat(251))],
    message: /\(256 bytes in UTF-8\)/,
  },
  {
    rule: 'dist-name-too-long',
    why: 'the issue’s 252-character version (ENAMETOOLONG in the .json twin)',
    pass: [[N, '1.0.0']],
    fail: [[N, `1.0.0-${'a'.repeat(246)}`]],
    blamed: [file(N, `1.0.0-${'a'.repeat(246)}`)],
  },
  {
    rule: 'dist-name-too-long',
    why: 'the URL-encoded spelling: 80 × "é" is 160 bytes as written, 480 encoded',
    pass: [[N, `1.0.0-${'é'.repeat(40)}`]],
    fail: [[N, `1.0.0-${'é'.repeat(80)}`]],
    blamed: [file(N, `1.0.0-${'é'.repeat(80)}`)],
    message: /%C3%A9/,
  },
  {
    rule: 'dist-name-too-long',
    why: '"+" triples when encoded: 84 of them pass, 85 do not',
    pass: [[N, `1${'+'.repeat(78)}`]],
    fail: [[N, `1${'+'.repeat(84)}`]],
    blamed: [file(N, `1${'+'.repeat(84)}`)],
  },
  {
    rule: 'path-too-long',
    why: 'the issue’s 100 × "€": 100 characters (version-length allows it) but 300 bytes, which no Linux checkout writes',
    pass: [[N, '€'.repeat(20)]],
    fail: [[N, '€'.repeat(100)]],
    blamed: [file(N, '€'.repeat(100))],
    message: /is 300 bytes in UTF-8 \(100 characters\)/,
  },
  {
    rule: 'path-git-refused',
    why: 'a version folder git refuses to check out (git~1, the short name of .git)',
    pass: [[N, 'git-1']],
    fail: [[N, 'GIT~1']],
    blamed: [file(N, 'GIT~1')],
  },
];

describe('tree rules of the path plan', () => {
  it.each(cases.map((c) => [`${c.rule}: ${c.why}`, c] as const))('%s', (_name, c) => {
    expect(of(tree(...c.pass), c.rule)).toEqual([]);
    const problems = of(tree(...c.fail), c.rule);
    expect([...new Set(problems.map((p) => p.file))].sort()).toEqual([...c.blamed].sort());
    for (const p of problems) {
      expect(p.severity).toBe('error');
      if (c.message) expect(problems.some((q) => c.message!.test(q.message))).toBe(true);
    }
  });

  it('reports a version at its "version" member, a name at its "name" member', () => {
    const [v] = of(tree([N, 'index.html']), 'dist-path-collision');
    expect(v).toMatchObject({ jsonPath: '$.version', line: 5 });
    const [n] = of(tree(['index.html/x', '1.0.0']), 'dist-path-collision');
    expect(n).toMatchObject({ jsonPath: '$.name', line: 3 });
  });

  it('leaves names and versions equal but for case to name-case-collision', () => {
    const problems = tree([N, '1.0.0-RC1'], [N, '1.0.0-rc1'], ['io.github.Alice/weather', '1.0.0']);
    expect(of(problems, 'dist-path-collision')).toEqual([]);
    expect(of(problems, 'name-case-collision').length).toBeGreaterThan(0);
  });

  it('a path a checkout cannot write stops there: no second report on the same file', () => {
    const problems = tree([N, '€'.repeat(100)]);
    expect(problems.map((p) => p.rule)).toEqual(['path-too-long']);
  });
});

/** Records for planApi, one per entry (the planner needs them sorted by name, then version). */
function records(entries: VersionEntry[]): ServerRecord[] {
  return entries.map((e) => ({
    server: { name: e.name, version: e.version, description: 'd' },
    _meta: {
      [OFFICIAL_META_KEY]: {
        status: 'active',
        statusChangedAt: '2026-01-01T00:00:00Z',
        publishedAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        isLatest: e === entries.find((x) => x.name === e.name),
      },
      'org.example/own': { path: e.file },
    },
  }));
}

describe('one plan: what validation passes, the API planner lays out', () => {
  // Versions chosen to collide with each other and with the layout's own names, in every combination of two.
  const pool = [
    '1.0.0',
    '1.0.0.json',
    '1.0.0.JSON',
    '1.0.0+b',
    '1.0.0%2Bb',
    '1.0.0%2bb',
    '1.0.0%252Bb',
    'index.html',
    'latest.json',
    'latest',
    'LATEST',
    'versions',
    'versions.json',
    'a b',
    'a%20b',
    '%',
    '%25',
    'é',
    '%C3%A9',
    '1.0.0%2Fx',
  ];
  const pairs = pool.flatMap((a, i) => pool.slice(i + 1).map((b) => [a, b] as const));
  it(`${pairs.length} pairs: a clean plan never makes the planner throw, and every throw was a planned problem`, () => {
    let clean = 0;
    for (const [a, b] of pairs) {
      const entries: VersionEntry[] = [a, b].sort().map((version) => ({ name: N, version, file: file(N, version) }));
      const problems = distPlanProblems(entries);
      let threw: unknown;
      try {
        planApi(records(entries), {
          metaKey: 'org.example/own',
          pageSizes: [30],
          sourceCommit: 'abc',
          generatedAt: '2026-01-02T00:00:00Z',
        });
      } catch (e) {
        threw = e;
      }
      if (problems.length === 0) {
        clean++;
        expect(threw, `${a} + ${b}`).toBeUndefined();
      }
      if (threw) expect(problems.length, `${a} + ${b} threw ${String(threw)}`).toBeGreaterThan(0);
    }
    expect(clean).toBeGreaterThan(pairs.length / 2);
  });
});

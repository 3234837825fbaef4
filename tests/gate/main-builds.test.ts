/**
 * "What the gate passes, main validates, builds and checks out", over the whole hostile corpus
 * (tests/fixtures/hostile/expected.json). Every document and tree case is a PR into the repository's own servers/,
 * judged by the pure gate (evaluate over a snapshot narrowed as gather narrows it) with the maintainer override on,
 * so every rule the override may waive is waived: the widest set of PRs the gate can pass. Every case that passes is
 * then merged into a real git repository, checked out, validated and built (main-builds.ts).
 *
 * To keep this to one build or a few: all passing cases go into one merged tree. A case whose path another case
 * already holds (most documents are io.github.hostile/fixture 1.0.0) moves to a free version of the same length
 * (same bytes otherwise, so size caps and positions still hold); a case that interacts with the others in the merged
 * tree (a name differing only by case, a shared remote) is built on its own. The hijack scenarios the gate passes
 * are built by the harness itself (runScenario).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { valuePositions } from '../../scripts/core/json/strict-json.ts';
import { classifyPath, SERVER_FILE, versionDir } from '../../scripts/core/repo-path.ts';
import { evaluate, type Verdict } from '../../scripts/gate/evaluate.ts';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import type { DocFixture, TreeFixture } from '../fixtures/hostile/generate.ts';
import { REPO_ROOT } from '../helpers/docs.ts';
import { type SyntheticChange, syntheticSnapshot } from '../helpers/snapshot.ts';
import { expectMainBuilds } from './main-builds.ts';

const config = parseConfig({});
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/hostile/expected.json'), 'utf8')) as {
  documents: DocFixture[];
  trees: TreeFixture[];
};
const AUTHOR = { login: 'hostile', id: 4242 };
const FALLBACK = 'servers/io.github.hostile/fixture/1.0.0/server.json';

interface Case {
  id: string;
  changes: SyntheticChange[];
}

/** A document goes where its own name and version say (else to the fixture's place): its path is its identity. */
function documentCase(f: DocFixture): Case {
  const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, f.file)));
  let path = FALLBACK;
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown; version?: unknown };
    if (typeof doc.name === 'string' && typeof doc.version === 'string')
      path = `${versionDir(doc.name, doc.version)}/${SERVER_FILE}`;
  } catch {
    // Not JSON: the fixture's place.
  }
  return { id: `document ${f.file.split('/').pop()}`, changes: [{ path, bytes }] };
}

async function treeCase(t: TreeFixture): Promise<Case> {
  let changes: SyntheticChange[];
  if (t.dir) changes = (await readTreeFiles(join(REPO_ROOT, t.dir))).map((f) => ({ path: f.path, bytes: f.bytes }));
  else if (t.memory)
    changes = t.memory.map((m) => ({ path: m.path, bytes: new Uint8Array(Buffer.from(m.base64, 'base64')) }));
  else if (t.generator === 'versions-too-many') changes = manyVersions(10_001);
  else throw new Error(`tree case ${t.case}: no files`);
  return { id: `tree ${t.case}`, changes };
}

function manyVersions(n: number): SyntheticChange[] {
  const enc = new TextEncoder();
  return Array.from({ length: n }, (_, i) => {
    const version = `0.${Math.floor(i / 1000)}.${i % 1000}`;
    const doc = { $schema: SCHEMA, name: 'io.github.hostile/busy', description: 'Many versions.', version };
    return { path: `servers/io.github.hostile/busy/${version}/server.json`, bytes: enc.encode(JSON.stringify(doc)) };
  });
}
const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

let base: Map<string, Uint8Array>;
/**
 * The gate's verdict on a change, after the contributor followed the report once: a new namespace commits the
 * owners.json recording its account, exactly as the report gives it (namespace-identity-record).
 */
const judge = (changes: readonly SyntheticChange[]): Verdict => {
  const run = (c: readonly SyntheticChange[]) =>
    evaluate(syntheticSnapshot({ config, base, changes: c, author: AUTHOR, override: true }), config);
  const first = run(changes);
  const records = first.namespaces
    .flatMap((n) => (n.record ? [n.record] : []))
    .filter((r) => !changes.some((c) => c.path === r.file));
  if (records.length === 0) return first;
  return run([...changes, ...records.map((r) => ({ path: r.file, bytes: new TextEncoder().encode(r.json) }))]);
};

/**
 * The same document under a free version of the same length (its digits changed), or undefined when the version is
 * not plainly written or has no free variant. Everything else in the bytes stays as it was.
 */
function relocate(change: SyntheticChange, taken: (path: string) => boolean): SyntheticChange | undefined {
  const info = classifyPath(change.path);
  if (info.kind !== 'server' || !change.bytes) return undefined;
  const text = new TextDecoder().decode(change.bytes);
  const at = valuePositions(text)?.get('$.version');
  const v = info.version;
  if (at === undefined || !/^[0-9A-Za-z.+-]+$/.test(v) || !text.startsWith(`"${v}"`, at)) return undefined;
  const digits = [...v].flatMap((c, i) => (/[0-9]/.test(c) ? [i] : []));
  for (let n = 1; n < 10 ** Math.min(digits.length, 4); n++) {
    const chars = [...v];
    const spelled = String(n).padStart(digits.length, '0').slice(-digits.length);
    digits.forEach((pos, k) => {
      chars[pos] = spelled[k] ?? chars[pos]!;
    });
    const candidate = chars.join('');
    const path = `${versionDir(`${info.namespace}/${info.server}`, candidate)}/${SERVER_FILE}`;
    if (candidate === v || taken(path)) continue;
    const moved = `${text.slice(0, at)}"${candidate}"${text.slice(at + v.length + 2)}`;
    return { path, bytes: new TextEncoder().encode(moved) };
  }
  return undefined;
}

describe('the maintainer override never waives what main could not check out', () => {
  test.each([
    ['a long file name outside servers/', `.github/${'x'.repeat(256)}.yml`, 'path-too-long'],
    ['git’s own folder outside servers/', 'docs/.git/config', 'path-git-refused'],
    ['a 300-byte version folder', `servers/io.github.hostile/fixture/${'€'.repeat(100)}/server.json`, 'path-too-long'],
  ])('%s', async (_why, path, rule) => {
    base ??= new Map((await readTreeFiles(REPO_ROOT)).map((f) => [f.path, f.bytes]));
    const verdict = judge([{ path, bytes: new TextEncoder().encode('{}') }]);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual([rule]);
  });
});

describe('what the gate passes, main checks out, validates and builds: the hostile corpus', () => {
  let cases: Case[];
  const passing: Case[] = [];
  beforeAll(async () => {
    base = new Map((await readTreeFiles(REPO_ROOT)).map((f) => [f.path, f.bytes]));
    cases = [...manifest.documents.map(documentCase), ...(await Promise.all(manifest.trees.map(treeCase)))];
  });

  test('every case is judged by the pure gate; the valid boundaries pass, the expected errors fail', () => {
    expect(cases.length).toBe(manifest.documents.length + manifest.trees.length);
    const fixtures = [...manifest.documents, ...manifest.trees];
    cases.forEach((c, i) => {
      const verdict = judge(c.changes);
      if (verdict.outcome === 'pass') passing.push(c);
      // A case that must raise an error can never pass; a valid boundary must (unless it touches the gate's own policy).
      const f = fixtures[i]!;
      const mustFail = f.expect.some((e) => (e.severity ?? 'error') === 'error');
      if (mustFail) expect(verdict.outcome, c.id).not.toBe('pass');
      // A valid tree passes; a valid document may still not be a valid version folder (a 255-character version).
      if (f.valid && 'case' in f) expect(verdict.outcome, `${c.id}: ${JSON.stringify(verdict.problems)}`).toBe('pass');
    });
    expect(passing.length).toBeGreaterThan(50);
  });

  test('every passing case, merged into main, checks out, validates and builds', async () => {
    // One merged tree for all; a case moves to a free version when its path is taken, or is built on its own.
    const held = new Map<string, Uint8Array>();
    const together: Case[] = [];
    const alone: Case[] = [];
    const taken = (p: string) => base.has(p) || held.has(p);
    for (const c of passing) {
      let changes: SyntheticChange[] | undefined = c.changes;
      if (changes.some((ch) => taken(ch.path))) {
        const moved = changes.length === 1 ? relocate(changes[0]!, taken) : undefined;
        changes = moved && judge([moved]).outcome === 'pass' ? [moved] : undefined;
      }
      if (!changes) {
        alone.push(c);
        continue;
      }
      for (const ch of changes) held.set(ch.path, ch.bytes!);
      together.push({ id: c.id, changes });
    }
    // Cases that meet in the merged tree (case-insensitive names, one remote for two names) are built alone.
    for (;;) {
      const verdict = judge(together.flatMap((c) => c.changes));
      if (verdict.outcome === 'pass') break;
      const blamed = new Set(verdict.problems.filter((p) => p.severity === 'error').map((p) => p.file));
      const out = together.filter((c) => c.changes.some((ch) => blamed.has(ch.path)));
      expect(out.length, `the merged tree fails on files of no case: ${[...blamed].join(', ')}`).toBeGreaterThan(0);
      for (const c of out) {
        together.splice(together.indexOf(c), 1);
        alone.push(passing.find((p) => p.id === c.id)!);
      }
    }
    expect(together.length).toBeGreaterThan(passing.length / 2);
    expect(alone.length).toBeLessThan(25);

    const changes = together.flatMap((c) => c.changes);
    const merged = await expectMainBuilds({
      config,
      base,
      changes,
      what: `${together.length} passing hostile cases merged together`,
    });
    // Every version of the merged tree became a record (none was dropped on the way to the API).
    const versions = [...base.keys(), ...changes.map((c) => c.path)].filter((p) => classifyPath(p).kind === 'server');
    expect(merged.build.records.length).toBe(versions.length);
    for (const c of alone) await expectMainBuilds({ config, base, changes: c.changes, what: c.id });
  });
});

/**
 * Recording gate fixtures against the fakes through scripts/gate/record.ts (the code behind
 * `npm run gate -- --record`). The scenarios below are the ones tests/fixtures/gate/ was recorded from: normally they
 * are recorded into a temporary folder and compared with the committed fixtures. To re-record the committed ones
 * (after a SNAPSHOT_FORMAT bump, or to add a case here):
 *
 *   RECORD_GATE_FIXTURES=1 npx vitest run tests/gate/record.test.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ALICE,
  added,
  bytesOf,
  MALLORY,
  npmPackage,
  type PrSpec,
  recordScenario,
  serverJson,
  sign,
  startWorld,
  versionPath,
  type World,
} from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/gate');
const RECORD = process.env.RECORD_GATE_FIXTURES === '1';
const NOW = new Date('2026-11-21T23:00:00.000Z');
const OVERRIDE = 'registry: maintainer override';

/** Each case is PR number N of a fresh world, in this order (the head SHA follows from the number). */
const CASES: Array<{ name: string; spec: (w: World) => PrSpec; before?: (w: World, number: number) => void }> = [
  {
    name: 'owner-publishes-pass',
    spec: () => ({
      author: ALICE,
      files: [
        added(
          versionPath('io.github.alice/weather', '1.1.0'),
          serverJson('io.github.alice/weather', '1.1.0', { packages: [npmPackage('weather-mcp', '1.1.0')] }),
        ),
      ],
    }),
  },
  {
    name: 'stranger-hijack-fail',
    spec: () => ({
      author: MALLORY,
      files: [
        added(
          versionPath('io.github.alice/evil', '1.0.0'),
          serverJson('io.github.alice/evil', '1.0.0', { packages: [npmPackage('evil-mcp', '1.0.0')] }),
        ),
      ],
    }),
  },
  {
    name: 'domain-signed-pass',
    spec: (w) => {
      const doc = bytesOf(serverJson('com.example/weather', '1.0.0'));
      return {
        author: MALLORY,
        files: [
          added(versionPath('com.example/weather', '1.0.0'), doc),
          added(versionPath('com.example/weather', '1.0.0', 'server.json.sig'), sign(doc, w.domainKeyPem)),
        ],
      };
    },
  },
  {
    name: 'maintainer-override-pass',
    before: (w, number) =>
      w.gh.labelEvents.set(number, [{ event: 'labeled', label: { name: OVERRIDE }, actor: { login: 'maint', id: 9 } }]),
    spec: () => ({
      author: MALLORY,
      labels: [OVERRIDE],
      files: [
        added(versionPath('io.github.alice/vouched', '1.0.0'), serverJson('io.github.alice/vouched', '1.0.0')),
        { filename: 'README.md', status: 'modified', bytes: bytesOf('x') },
      ],
    }),
  },
];

let world: World;
let tmp: string;
beforeAll(async () => {
  world = await startWorld();
  tmp = await mkdtemp(join(tmpdir(), 'gate-record-'));
});
afterAll(async () => {
  await world?.close();
  await rm(tmp, { recursive: true, force: true });
});

/** The domain key is made afresh for every world: mask what depends on it (the signature file and the DNS key). */
function masked(file: string, text: string): string {
  if (file !== 'snapshot.json') return text;
  const s = JSON.parse(text);
  for (const f of s.files)
    if (f.path.endsWith('.sig')) {
      f.sha = '(sha)';
      f.content = '(signature)';
    }
  for (const d of Object.values(s.domains) as Array<{ keys: Array<{ key: string }> }>)
    for (const k of d.keys) k.key = '(key)';
  return JSON.stringify(s, null, 1);
}

test('recording writes the fixture folders the committed ones were recorded as, and nothing to GitHub', async () => {
  const writesBefore = world.gh.writes().length;
  for (const c of CASES) {
    c.before?.(world, world.nextPr);
    const dir = join(RECORD ? FIXTURES : tmp, c.name);
    const files = await recordScenario(world, c.spec(world), dir, NOW);
    expect(files.map((f) => basename(f))).toEqual([
      'snapshot.json',
      'state.json',
      'verdict.json',
      'comment.md',
      'writes.json',
    ]);
    if (RECORD) continue;
    for (const f of files) {
      const committed = await readFile(join(FIXTURES, c.name, basename(f)), 'utf8');
      expect(masked(basename(f), await readFile(f, 'utf8')), `${c.name}/${basename(f)}`).toBe(
        masked(basename(f), committed),
      );
    }
  }
  expect(world.gh.writes().length).toBe(writesBefore);
});

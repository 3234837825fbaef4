/** The import's pure decision: upstream records + a tree in memory → writes, skips with their rule, reports. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import type { Status } from '../../scripts/core/types.ts';
import { formatJson, jsonEqual } from '../../scripts/core/json/format.ts';
import { planImport } from '../../scripts/import/plan.ts';
import type { UpstreamRecord } from '../../scripts/proofs/upstream-records.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import type { TreeFile } from '../../scripts/tree/files.ts';

const config = parseConfig({});
const doc = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
  $schema: CURRENT_SCHEMA_URL,
  name,
  description: `Upstream server ${name}`,
  version,
  ...extra,
});
const rec = (
  server: Record<string, unknown> & { name: string; version: string },
  status: Status = 'active',
  statusMessage?: string,
): UpstreamRecord => ({
  name: server.name,
  version: server.version,
  server,
  status,
  ...(statusMessage ? { statusMessage } : {}),
});
const file = (path: string, value: unknown): TreeFile => ({ path, bytes: new TextEncoder().encode(formatJson(value)) });
const A = 'io.github.acme/tool';

describe('planImport', () => {
  it('writes a missing version byte for byte as the upstream object, formatted like npm run new', () => {
    // Key order as the upstream sent it, not ours.
    const server = { version: '1.0.0', name: A, description: 'd', $schema: CURRENT_SCHEMA_URL, title: 'Tool' };
    const plan = planImport([rec(server)], [], config);
    expect(plan.writes).toEqual([
      { path: `servers/${A}/1.0.0/server.json`, text: `${JSON.stringify(server, null, 2)}\n` },
    ]);
    expect(plan.added).toEqual([{ name: A, version: '1.0.0', status: 'active' }]);
    expect(plan.skipped).toEqual([]);
  });

  it('adds a deprecated version with its status.json, and never imports a version deleted before we had it', () => {
    const plan = planImport(
      [rec(doc(A, '1.0.0'), 'deprecated', 'use 2.x'), rec(doc(A, '0.9.0'), 'deleted', 'malware')],
      [],
      config,
    );
    expect(plan.writes.map((w) => w.path)).toEqual([
      `servers/${A}/1.0.0/server.json`,
      `servers/${A}/1.0.0/status.json`,
    ]);
    expect(plan.writes[1]!.text).toBe('{\n  "status": "deprecated",\n  "message": "use 2.x"\n}\n');
    expect(plan.skipped).toEqual([expect.objectContaining({ version: '0.9.0', rule: 'deleted-upstream' })]);
  });

  it('never rewrites a merged server.json: an upstream that changed a published version is reported', () => {
    const local = [file(`servers/${A}/1.0.0/server.json`, doc(A, '1.0.0'))];
    const same = planImport([rec({ ...doc(A, '1.0.0') })], local, config);
    expect(same).toEqual({ added: [], statusChanges: [], skipped: [], reported: [], writes: [] });
    // Key order alone is not a change (compared as parsed JSON).
    const { version, ...rest } = doc(A, '1.0.0');
    const reordered = planImport([rec({ version, ...rest })], local, config);
    expect(reordered.reported).toEqual([]);
    const changed = planImport([rec(doc(A, '1.0.0', { description: 'rewritten upstream' }))], local, config);
    expect(changed.writes).toEqual([]);
    expect(changed.reported).toEqual([expect.objectContaining({ version: '1.0.0', reason: 'upstream-rewrote' })]);
  });

  it('mirrors a deprecation or deletion of a version we hold into status.json, and reports a restore', () => {
    const local = [
      file(`servers/${A}/1.0.0/server.json`, doc(A, '1.0.0')),
      file(`servers/${A}/1.1.0/server.json`, doc(A, '1.1.0')),
      file(`servers/${A}/1.1.0/status.json`, { status: 'deprecated', message: 'old' }),
      file(`servers/${A}/1.2.0/server.json`, doc(A, '1.2.0')),
      file(`servers/${A}/1.2.0/status.json`, { status: 'deleted' }),
    ];
    const plan = planImport(
      [
        rec(doc(A, '1.0.0'), 'deleted', 'pulled by its author'),
        rec(doc(A, '1.1.0'), 'deprecated', 'new reason'),
        rec(doc(A, '1.2.0'), 'active'),
      ],
      local,
      config,
    );
    expect(plan.statusChanges).toEqual([
      { name: A, version: '1.0.0', from: 'active', to: 'deleted', message: 'pulled by its author' },
      { name: A, version: '1.1.0', from: 'deprecated', to: 'deprecated', message: 'new reason' },
    ]);
    expect(plan.writes.map((w) => w.path)).toEqual([
      `servers/${A}/1.0.0/status.json`,
      `servers/${A}/1.1.0/status.json`,
    ]);
    expect(plan.reported).toEqual([expect.objectContaining({ version: '1.2.0', reason: 'upstream-restored' })]);
    // The same state again is nothing to do.
    const again = planImport([rec(doc(A, '1.1.0'), 'deprecated', 'old')], local, config);
    expect(again.writes).toEqual([]);
  });

  it('skips what our rules refuse, naming the rule, and keeps the rest', () => {
    const plan = planImport(
      [
        rec(doc(A, '2.0.0', { description: 'x'.repeat(101) })),
        rec(doc(A, '2.1.0')),
        rec(doc(A, '^2.0.0')),
        rec(doc('io.github.acme/../x', '1.0.0')),
        rec(
          doc('io.github.acme/remote', '1.0.0', {
            remotes: [{ type: 'streamable-http', url: 'https://taken.example.com/mcp' }],
          }),
        ),
      ],
      [
        file('servers/io.github.other/owner/1.0.0/server.json', {
          ...doc('io.github.other/owner', '1.0.0'),
          remotes: [{ type: 'streamable-http', url: 'https://taken.example.com/mcp' }],
        }),
      ],
      config,
    );
    expect(plan.added.map((a) => a.version)).toEqual(['2.1.0']);
    const rules = Object.fromEntries(plan.skipped.map((s) => [`${s.name} ${s.version}`, s.rule]));
    expect(rules).toEqual({
      [`${A} 2.0.0`]: 'description-length',
      [`${A} ^2.0.0`]: 'version-range',
      'io.github.acme/../x 1.0.0': 'unsafe-path',
      'io.github.acme/remote 1.0.0': 'remote-url-taken',
    });
  });

  it('a status message our rules refuse skips the whole version folder, never half of it', () => {
    const plan = planImport([rec(doc(A, '3.0.0'), 'deprecated', 'm'.repeat(501))], [], config);
    expect(plan.writes).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ version: '3.0.0', rule: 'status-message-length' })]);
  });

  it('keeps the first record of a version (the versions endpoint) and ignores problems the tree already had', () => {
    const broken = { path: 'servers/io.github.old/broken/1.0.0/server.json', bytes: new TextEncoder().encode('{') };
    const plan = planImport(
      [rec(doc(A, '1.0.0', { title: 'first' })), rec(doc(A, '1.0.0', { title: 'second' }))],
      [broken],
      config,
    );
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]!.text).toContain('"first"');
  });
});

describe('jsonEqual', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: null }, { a: {} }, false],
    [[], {}, false],
  ])('%j = %j → %s', (a, b, equal) => expect(jsonEqual(a, b)).toBe(equal));
});

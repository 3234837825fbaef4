import { describe, expect, it } from 'vitest';
import { validateTree } from '../../scripts/validate/tree.ts';
import type { TreeFile } from '../../scripts/tree/files.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import { bytes, defaultConfig, validDoc } from '../helpers/docs.ts';

const config = defaultConfig();

function file(path: string, value: unknown): TreeFile {
  return { path, bytes: bytes(value) };
}
function doc(name: string, version: string, extra: Record<string, unknown> = {}): TreeFile {
  return file(`servers/${name}/${version}/server.json`, validDoc({ name, version, ...extra }));
}
function rules(problems: Problem[]): string[] {
  return problems.map((p) => p.rule).sort();
}
const remote = (url: string) => ({ packages: undefined, remotes: [{ type: 'streamable-http', url }] });

describe('validateTree', () => {
  it('accepts a clean tree and returns sorted entries with status', () => {
    const r = validateTree(
      [
        doc('io.github.alice/weather', '1.1.0'),
        doc('io.github.alice/weather', '1.0.0'),
        file('servers/io.github.alice/weather/1.0.0/status.json', { status: 'deprecated', message: 'Use 1.1.0' }),
        file('servers/io.github.alice/owners.json', { owners: [{ login: 'bob', id: 42 }] }),
      ],
      config,
    );
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => e.version)).toEqual(['1.0.0', '1.1.0']);
    expect(r.entries[0]!.status).toEqual({ status: 'deprecated', message: 'Use 1.1.0' });
    expect(r.owners.get('io.github.alice')!.doc.owners[0]!.id).toBe(42);
  });

  it('path-name-mismatch: the folder path is the name, with a position', () => {
    const r = validateTree(
      [file('servers/io.github.alice/weather/1.0.0/server.json', validDoc({ name: 'io.github.bob/weather' }))],
      config,
    );
    const p = r.problems.find((x) => x.rule === 'path-name-mismatch');
    expect(p).toMatchObject({ jsonPath: '$.name', line: 3 });
  });

  it('path-version-mismatch', () => {
    const r = validateTree([file('servers/io.github.alice/weather/1.0.1/server.json', validDoc())], config);
    expect(r.problems.find((x) => x.rule === 'path-version-mismatch')).toMatchObject({
      jsonPath: '$.version',
      line: 5,
    });
  });

  it('name-case-collision between names and between versions', () => {
    const names = validateTree(
      [doc('io.github.alice/weather', '1.0.0'), doc('io.github.alice/Weather', '1.0.0')],
      config,
    );
    expect(rules(names.problems)).toEqual(['name-case-collision', 'name-case-collision']);
    const versions = validateTree(
      [doc('io.github.alice/wx', '1.0.0-rc'), doc('io.github.alice/wx', '1.0.0-RC')],
      config,
    );
    expect(versions.problems.map((p) => p.jsonPath)).toEqual(['$.version', '$.version']);
    expect(
      rules(validateTree([doc('io.github.alice/wx', '1.0.0'), doc('io.github.alice/xy', '1.0.0')], config).problems),
    ).toEqual([]);
  });

  it.each(['..', '.hidden', 'a\u0001b', 'a\\b', 'con:1', '1.0.0 '])('version-folder-unsafe: %j', (v) => {
    const r = validateTree(
      [file(`servers/io.github.alice/wx/${v}/server.json`, validDoc({ name: 'io.github.alice/wx', version: v }))],
      config,
    );
    expect(rules(r.problems)).toContain('version-folder-unsafe');
    expect(r.entries).toEqual([]);
  });

  it('tree-stray-file and path-layout name the file and what is allowed', () => {
    const r = validateTree(
      [
        file('servers/io.github.alice/wx/1.0.0/README.md', 'hi'),
        file('servers/io.github.alice/wx/server.json', validDoc()),
        file('servers/.DS_Store', ''),
      ],
      config,
    );
    expect(rules(r.problems)).toEqual(['path-layout', 'tree-stray-file', 'tree-stray-file']);
    expect(r.problems.find((p) => p.file.endsWith('README.md'))!.message).toContain('Allowed under servers/');
  });

  it('server-json-missing when only status.json is there', () => {
    const r = validateTree([file('servers/io.github.alice/wx/1.0.0/status.json', { status: 'deleted' })], config);
    expect(rules(r.problems)).toEqual(['server-json-missing']);
  });

  it('status.json schema and rules', () => {
    const bad = validateTree(
      [doc('io.github.alice/wx', '1.0.0'), file('servers/io.github.alice/wx/1.0.0/status.json', { status: 'gone' })],
      config,
    );
    expect(bad.problems[0]).toMatchObject({ rule: 'status-schema', jsonPath: '$.status', line: 2 });
    const active = validateTree(
      [
        doc('io.github.alice/wx', '1.0.0'),
        file('servers/io.github.alice/wx/1.0.0/status.json', { status: 'active', message: 'hi' }),
      ],
      config,
    );
    expect(rules(active.problems)).toEqual(['status-message-active']);
    const long = (n: number) =>
      validateTree(
        [
          doc('io.github.alice/wx', '1.0.0'),
          file('servers/io.github.alice/wx/1.0.0/status.json', { status: 'deprecated', message: 'x'.repeat(n) }),
        ],
        config,
      );
    expect(rules(long(500).problems)).toEqual([]);
    expect(rules(long(501).problems)).toEqual(['status-message-length']);
  });

  it('owners-schema', () => {
    const r = validateTree([file('servers/io.github.alice/owners.json', { owners: [{ login: 'bob' }] })], config);
    expect(r.problems[0]).toMatchObject({ rule: 'owners-schema', file: 'servers/io.github.alice/owners.json' });
    expect(r.owners.size).toBe(0);
  });

  it('remote-url-taken: one remote URL, one server name, deleted versions count', () => {
    const r = validateTree(
      [
        doc('io.github.alice/aa', '1.0.0', remote('https://mcp.example.com/mcp')),
        doc('io.github.bob/bb', '1.0.0', remote('https://MCP.example.com/mcp/')),
        file('servers/io.github.bob/bb/1.0.0/status.json', { status: 'deleted' }),
      ],
      config,
    );
    expect(r.problems.map((p) => [p.rule, p.file, p.jsonPath])).toEqual([
      ['remote-url-taken', 'servers/io.github.alice/aa/1.0.0/server.json', '$.remotes[0].url'],
      ['remote-url-taken', 'servers/io.github.bob/bb/1.0.0/server.json', '$.remotes[0].url'],
    ]);
    expect(r.problems[0]!.line).toBeGreaterThan(1);
    const same = validateTree(
      [
        doc('io.github.alice/aa', '1.0.0', remote('https://mcp.example.com/mcp')),
        doc('io.github.alice/aa', '1.1.0', remote('https://mcp.example.com/mcp')),
      ],
      config,
    );
    expect(same.problems).toEqual([]);
  });

  it('versions-too-many past 10,000 versions', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        path: `servers/io.github.alice/wx/1.0.${i}/server.json`,
        bytes: new Uint8Array(),
      }));
    expect(rules(validateTree(many(10_000), config).problems)).not.toContain('versions-too-many');
    expect(rules(validateTree(many(10_001), config).problems)).toContain('versions-too-many');
  });

  it('layer 1-3 problems of each document are included', () => {
    const r = validateTree(
      [file('servers/io.github.alice/wx/1.0.0/server.json', '{"name": "io.github.alice/w", "name": "x"}')],
      config,
    );
    expect(r.problems[0]).toMatchObject({ rule: 'json-duplicate-key', line: 1 });
  });
});

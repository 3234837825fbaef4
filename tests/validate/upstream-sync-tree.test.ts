/** servers/_upstream.json (the import's sync times) is a registry file of the tree, with its own schema. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { classifyPath } from '../../scripts/core/repo-path.ts';
import { validateTree } from '../../scripts/validate/tree.ts';

const config = parseConfig({});
const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });
const rules = (path: string, text: string) => [
  ...new Set(validateTree([file(path, text)], config).problems.map((p) => `${p.rule} ${p.file}`)),
];

describe('servers/_upstream.json', () => {
  it('is its own kind of path, and only at the top of servers/', () => {
    expect(classifyPath('servers/_upstream.json')).toEqual({ kind: 'upstream-sync' });
    expect(classifyPath('servers/io.github.acme/_upstream.json').kind).toBe('stray');
    expect(rules('servers/io.github.acme/_upstream.json', '{}')).toEqual([
      'path-layout servers/io.github.acme/_upstream.json',
    ]);
  });

  it('upstream-sync-schema: a valid file passes', () => {
    const ok =
      '{\n  "upstreams": {\n    "https://registry.modelcontextprotocol.io/": { "lastSync": "2026-05-01T08:00:00Z" }\n  }\n}\n';
    expect(rules('servers/_upstream.json', ok)).toEqual([]);
  });

  it.each([
    ['an http upstream', '{"upstreams": {"http://example.org/": {"lastSync": "2026-05-01T08:00:00Z"}}}'],
    ['a time that is not RFC 3339', '{"upstreams": {"https://example.org/": {"lastSync": "May 1st"}}}'],
    ['an extra field', '{"upstreams": {}, "cursor": "x"}'],
    ['no upstreams', '{}'],
  ])('upstream-sync-schema: fails on %s', (_why, text) => {
    expect(rules('servers/_upstream.json', text)).toEqual(['upstream-sync-schema servers/_upstream.json']);
  });

  it('goes through the byte rules like every document (duplicate keys)', () => {
    expect(rules('servers/_upstream.json', '{"upstreams": {}, "upstreams": {}}')).toEqual([
      'json-duplicate-key servers/_upstream.json',
    ]);
  });
});

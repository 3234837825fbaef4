/**
 * The upstream proof's pure parts (scripts/gate/upstream.ts): which changes an upstream can cover, where two documents
 * first differ (for the message), and the trusted upstreams as the base URLs evidence is recorded under.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { firstDifference, trustedUpstreams, upstreamTargets } from '../../scripts/gate/upstream.ts';
import type { ChangedFile } from '../../scripts/gate/snapshot.ts';

const f = (path: string, status: ChangedFile['status'] = 'added'): ChangedFile => ({ path, status });

describe('upstreamTargets', () => {
  it('covers added server.json files and status.json changes, and says which version each is', () => {
    const targets = upstreamTargets(
      [
        f('servers/io.github.x/tool/1.0.0/server.json'),
        f('servers/io.github.x/tool/0.9.0/status.json', 'modified'),
        f('servers/com.other/a/1.0.0/server.json'),
        f('servers/_upstream.json'),
      ],
      'io.github.x',
    );
    expect(targets?.map((t) => [t.kind, t.name, t.version])).toEqual([
      ['server', 'io.github.x/tool', '1.0.0'],
      ['status', 'io.github.x/tool', '0.9.0'],
    ]);
  });

  it.each([
    ['an owners.json', f('servers/io.github.x/owners.json')],
    ['a signature', f('servers/io.github.x/tool/1.0.0/server.json.sig')],
    ['a modified server.json', f('servers/io.github.x/tool/1.0.0/server.json', 'modified')],
    ['a removed server.json', f('servers/io.github.x/tool/1.0.0/server.json', 'removed')],
    ['a stray file', f('servers/io.github.x/tool/1.0.0/README.md')],
  ])('covers nothing when the namespace also has %s', (_what, extra) => {
    expect(upstreamTargets([f('servers/io.github.x/tool/2.0.0/server.json'), extra], 'io.github.x')).toBeUndefined();
  });

  it('covers nothing in a namespace the PR does not touch', () => {
    expect(upstreamTargets([f('servers/io.github.y/tool/1.0.0/server.json')], 'io.github.x')).toBeUndefined();
  });
});

describe('firstDifference', () => {
  it('names the first differing path, keys in order, arrays by index, missing keys too', () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe('$.b.c[1]');
    expect(firstDifference({ a: 1 }, { a: 1, 'x-y': 2 })).toBe('$["x-y"]');
    expect(firstDifference({ a: '1' }, { a: 1 })).toBe('$.a');
    expect(firstDifference([1], { 0: 1 })).toBe('$');
  });
});

describe('trustedUpstreams', () => {
  it('is empty by default and gives base URLs ending in a slash', () => {
    expect(trustedUpstreams(parseConfig({}))).toEqual([]);
    const c = parseConfig({ ownership: { trustedUpstreams: ['https://registry.modelcontextprotocol.io'] } });
    expect(trustedUpstreams(c)).toEqual(['https://registry.modelcontextprotocol.io/']);
  });

  it('refuses a non-https upstream in the configuration', () => {
    expect(() => parseConfig({ ownership: { trustedUpstreams: ['http://registry.example.com'] } })).toThrow(
      /ownership\.trustedUpstreams\.0: must be an absolute https:\/\/ URL/,
    );
  });
});

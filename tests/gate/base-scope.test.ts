/** The base files a verdict can depend on: a superset of what the rules read, as table tests. */
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { remoteKey } from '../../scripts/core/remote-url.ts';
import { evaluate } from '../../scripts/gate/evaluate.ts';
import { changedRemotes, namespaceKeys, relevantBase } from '../../scripts/gate/base-scope.ts';
import { type ChangedFile, encodeBytes } from '../../scripts/gate/snapshot.ts';
import { validateTree } from '../../scripts/validate/tree.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import { syntheticSnapshot } from '../helpers/snapshot.ts';

const utf8 = (data: string) => ({ encoding: 'utf8' as const, data });
const base = (path: string, data = '{}') => ({ path, content: utf8(data) });
const addedFile = (path: string, data?: string): ChangedFile => ({
  path,
  status: 'added',
  ...(data === undefined ? {} : { content: utf8(data) }),
});
const remotes = (...urls: string[]) => JSON.stringify({ remotes: urls.map((url) => ({ url })) });
const keyOf = (url: string) => remoteKey(url)!;

describe('changedRemotes', () => {
  test.each<{ why: string; changed: ChangedFile[]; found: string[]; notFound?: string[] }>([
    { why: 'no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{}')], found: [] },
    {
      why: 'every remote of an added server.json, by canonical key',
      changed: [
        addedFile(
          'servers/a.b/x/1.0.0/server.json',
          remotes('https://MCP.Example.com:443/p?', 'https://b.example/q#f'),
        ),
      ],
      found: ['https://mcp.example.com/p', 'https://B.example./q/'],
      notFound: ['https://mcp.example.com:8443/p', 'https://b.example/other'],
    },
    {
      why: 'base64 content is decoded',
      changed: [
        {
          path: 'servers/a.b/x/1.0.0/server.json',
          status: 'added',
          content: { encoding: 'base64', data: Buffer.from(remotes('https://c.example/')).toString('base64') },
        },
      ],
      found: ['https://c.example'],
    },
    {
      why: 'JSON escapes are read as the parser reads them',
      changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{"remotes":[{"url":"https://d\\u002eexample/mcp"}]}')],
      found: ['https://d.example/mcp'],
    },
    {
      why: 'only server.json files count',
      changed: [addedFile('servers/a.b/status.json', remotes('https://d.example/'))],
      found: [],
    },
    { why: 'unparseable JSON has no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{')], found: [] },
    {
      why: 'duplicate keys are refused as validation refuses them',
      changed: [
        addedFile('servers/a.b/x/1.0.0/server.json', `{"remotes":[],${remotes('https://e.example/').slice(1)}`),
      ],
      found: [],
    },
    { why: 'unread files have no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json')], found: [] },
    {
      why: 'a url that is not a string or not a URL is ignored',
      changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{"remotes":[{"url":7},{"url":"e.example/x"},null]}')],
      found: [],
    },
  ])('$why', ({ changed, found, notFound = [] }) => {
    const index = changedRemotes(changed);
    expect(index.size > 0).toBe(found.length > 0);
    for (const url of found) expect(index.matching(keyOf(url)), url).not.toEqual([]);
    for (const url of notFound) expect(index.matching(keyOf(url)), url).toEqual([]);
  });
});

describe('namespaceKeys', () => {
  test('lower-cased namespaces of paths under servers/, nothing for other paths', () => {
    const changed = [
      addedFile('servers/io.github.Alice/x/1.0.0/server.json'),
      addedFile('servers/com.example/owners.json'),
      addedFile('README.md'),
    ];
    expect([...namespaceKeys(changed)].sort()).toEqual(['com.example', 'io.github.alice']);
  });
});

describe('relevantBase', () => {
  const all = [
    base('servers/io.github.alice/a/1.0.0/server.json'),
    base('servers/io.github.ALICE/b/1.0.0/server.json'),
    base('servers/io.github.alice/owners.json'),
    base('servers/com.other/c/1.0.0/server.json', remotes('https://MCP.example.com./y/')),
    base('servers/com.other/d/1.0.0/server.json', remotes('https://mcp.example.com/elsewhere')),
    base('servers/com.other/status.json', remotes('https://mcp.example.com/y')),
    base('servers/com.escaped/e/1.0.0/server.json', '{"remotes":[{"url":"https://mcp\\u002eexample.com/%79"}]}'),
    {
      path: 'servers/com.third/e/1.0.0/server.json',
      content: encodeBytes(new TextEncoder().encode('mcp.example.com/y')),
    },
    base('servers/com.tenant/t/1.0.0/server.json', remotes('https://{tenant}.example.com/y')),
    base('servers/io.github.zed/e/1.0.0/server.json'),
  ];
  test.each<{ why: string; changed: ChangedFile[]; kept: string[] }>([
    {
      why: 'the touched namespace, in any case',
      changed: [addedFile('servers/io.github.alice/new/1.0.0/server.json', '{}')],
      kept: [
        'servers/io.github.alice/a/1.0.0/server.json',
        'servers/io.github.ALICE/b/1.0.0/server.json',
        'servers/io.github.alice/owners.json',
      ],
    },
    {
      why: 'plus every server.json elsewhere whose remote could be an added one, however spelled; never raw text',
      changed: [addedFile('servers/io.github.alice/new/1.0.0/server.json', remotes('https://mcp.example.com/y'))],
      kept: [
        'servers/io.github.alice/a/1.0.0/server.json',
        'servers/io.github.ALICE/b/1.0.0/server.json',
        'servers/io.github.alice/owners.json',
        'servers/com.other/c/1.0.0/server.json',
        'servers/com.escaped/e/1.0.0/server.json',
        'servers/com.tenant/t/1.0.0/server.json',
      ],
    },
    {
      why: 'an added template keeps every remote it could become',
      changed: [addedFile('servers/io.github.zed/new/1.0.0/server.json', remotes('https://{host}/y'))],
      kept: [
        'servers/com.other/c/1.0.0/server.json',
        'servers/com.escaped/e/1.0.0/server.json',
        'servers/com.tenant/t/1.0.0/server.json',
        'servers/io.github.zed/e/1.0.0/server.json',
      ],
    },
    { why: 'paths outside servers/ touch no namespace', changed: [addedFile('README.md', 'x')], kept: [] },
    {
      why: 'a removal still touches its namespace',
      changed: [{ path: 'servers/io.github.zed/e/1.0.0/server.json', status: 'removed' }],
      kept: ['servers/io.github.zed/e/1.0.0/server.json'],
    },
  ])('$why', ({ changed, kept }) => {
    expect(relevantBase(all, changed).map((f) => f.path)).toEqual(kept);
  });
});

/**
 * For the remote-URL rule, the gate's verdict (evaluate over the narrowed base) equals whole-tree validation of the
 * merged tree: the problems the merge adds to the base's, over every spelling of one endpoint.
 */
describe('the gate judges remote ownership as whole-tree validation does', () => {
  const config = parseConfig({});
  const enc = new TextEncoder();
  const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
  const doc = (name: string, url: string, extra: Record<string, unknown> = {}) =>
    `${JSON.stringify(
      {
        $schema: SCHEMA,
        name,
        description: 'A remote server.',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url, ...extra }],
      },
      null,
      2,
    )}\n`;
  const path = (name: string) => `servers/${name}/1.0.0/server.json`;
  // The base: the endpoint owned by com.example/api, once plainly and once in an older file with a JSON-escaped host.
  const baseTree = new Map<string, Uint8Array>([
    [path('com.example/api'), enc.encode(doc('com.example/api', 'https://mcp.example.com/mcp'))],
    [
      path('com.escaped/old'),
      enc.encode(
        doc('com.escaped/old', 'https://mcp.example.org/mcp').replace('mcp.example.org', 'mcp\\u002eexample\\u002eorg'),
      ),
    ],
    [path('com.other/unrelated'), enc.encode(doc('com.other/unrelated', 'https://other.example.net/mcp'))],
  ]);
  const variables = { variables: { host: { description: 'the host', default: 'mcp.example.com' } } };
  const cases: Array<[string, string, Record<string, unknown>?]> = [
    ['https://mcp.example.com/mcp', 'the same spelling'],
    ['https://mcp.example.com:443/mcp', 'the default port'],
    ['https://mcp.example.com./mcp', 'a trailing dot on the host'],
    ['https://MCP.Example.COM/mcp', 'an upper-case host'],
    ['https://user@mcp.example.com/mcp', 'a user name'],
    ['https://mcp.example.com/%6dcp', 'a percent-escaped unreserved character'],
    ['https://mcp.example.com/mcp?', 'an empty query'],
    ['https://mcp.example.com/mcp/', 'a trailing slash'],
    ['https://mcp.example.com/mcp#frag', 'a fragment'],
    ['https://mcp.example.com/a/../mcp', 'a dot segment'],
    ['https://xn--mcp-example-com.invalid/mcp', 'an unrelated host (no conflict)'],
    ['https://{host}/mcp', 'a templated host with the taken host as its default', variables],
    ['https://{host}.example.com/mcp', 'a templated label', { variables: { host: { description: 'h' } } }],
    ['https://mcp.example.org/mcp', 'the JSON-escaped host of an older file'],
    ['https://mcp.example.com/other', 'another path on the same host (no conflict)'],
  ].map(([url, why, extra]) => [url as string, why as string, extra as Record<string, unknown> | undefined]);

  const key = (p: Problem) => `${p.file} ${p.jsonPath}`;
  test.each(cases)('%s (%s)', (url, _why, extra) => {
    const name = 'io.github.mallory/remote';
    const added = enc.encode(doc(name, url, extra));
    const snapshot = syntheticSnapshot({
      config,
      base: baseTree,
      changes: [{ path: path(name), bytes: added }],
      author: { login: 'mallory', id: 6666 },
    });
    const gate = evaluate(snapshot, config)
      .problems.filter((p) => p.rule === 'remote-url-taken')
      .map(key)
      .sort();
    const asFiles = (m: Map<string, Uint8Array>) => [...m].map(([p, bytes]) => ({ path: p, bytes }));
    const merged = new Map(baseTree).set(path(name), added);
    const before = new Set(
      validateTree(asFiles(baseTree), config)
        .problems.filter((p) => p.rule === 'remote-url-taken')
        .map(key),
    );
    const whole = validateTree(asFiles(merged), config)
      .problems.filter((p) => p.rule === 'remote-url-taken')
      .map(key)
      .filter((k) => !before.has(k))
      .sort();
    expect(gate).toEqual(whole);
    expect(gate.length > 0, `conflict expected: ${!_why.includes('no conflict')}`).toBe(!_why.includes('no conflict'));
  });
});

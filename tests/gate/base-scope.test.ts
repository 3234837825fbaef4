/** The base files a verdict can depend on: a superset of what the rules read, as table tests. */
import { describe, expect, test } from 'vitest';
import { namespaceKeys, relevantBase, remoteHosts } from '../../scripts/gate/base-scope.ts';
import { type ChangedFile, encodeBytes } from '../../scripts/gate/snapshot.ts';

const utf8 = (data: string) => ({ encoding: 'utf8' as const, data });
const base = (path: string, data = '{}') => ({ path, content: utf8(data) });
const addedFile = (path: string, data?: string): ChangedFile => ({
  path,
  status: 'added',
  ...(data === undefined ? {} : { content: utf8(data) }),
});
const remotes = (...urls: string[]) => JSON.stringify({ remotes: urls.map((url) => ({ url })) });

describe('remoteHosts', () => {
  test.each<{ why: string; changed: ChangedFile[]; hosts: string[] }>([
    { why: 'no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{}')], hosts: [] },
    {
      why: 'hosts in lower case, without port, path or query',
      changed: [
        addedFile(
          'servers/a.b/x/1.0.0/server.json',
          remotes('https://MCP.Example.com:8443/p?q', 'https://b.example#f'),
        ),
      ],
      hosts: ['b.example', 'mcp.example.com'],
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
      hosts: ['c.example'],
    },
    {
      why: 'only server.json files count',
      changed: [addedFile('servers/a.b/status.json', remotes('https://d.example/'))],
      hosts: [],
    },
    { why: 'unparseable JSON has no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{')], hosts: [] },
    { why: 'unread files have no remotes', changed: [addedFile('servers/a.b/x/1.0.0/server.json')], hosts: [] },
    {
      why: 'a url that is not a string or has no scheme is ignored',
      changed: [addedFile('servers/a.b/x/1.0.0/server.json', '{"remotes":[{"url":7},{"url":"e.example/x"},null]}')],
      hosts: [],
    },
  ])('$why', ({ changed, hosts }) => {
    expect([...remoteHosts(changed)].sort()).toEqual(hosts);
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
    base('servers/com.other/c/1.0.0/server.json', remotes('https://MCP.example.com/x')),
    base('servers/com.other/d/1.0.0/server.json', remotes('https://elsewhere.example/x')),
    base('servers/com.other/status.json', 'mcp.example.com'),
    {
      path: 'servers/com.third/e/1.0.0/server.json',
      content: encodeBytes(new TextEncoder().encode('mcp.example.com')),
    },
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
      why: 'plus every server.json elsewhere naming an added remote host (any case), never other files',
      changed: [addedFile('servers/io.github.alice/new/1.0.0/server.json', remotes('https://mcp.example.com/y'))],
      kept: [
        'servers/io.github.alice/a/1.0.0/server.json',
        'servers/io.github.ALICE/b/1.0.0/server.json',
        'servers/io.github.alice/owners.json',
        'servers/com.other/c/1.0.0/server.json',
        'servers/com.third/e/1.0.0/server.json',
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

/** One remote endpoint, one canonical key: spelling variants, templates, and the index that finds conflicts. */
import { describe, expect, test } from 'vitest';
import { RemoteIndex, remoteKey, remotesConflict, remoteUrlsOf } from '../../scripts/core/remote-url.ts';

const text = (url: string) => remoteKey(url)?.text;

describe('remoteKey: one text per endpoint', () => {
  test.each([
    ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp'],
    ['HTTPS://MCP.Example.COM/mcp', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com:443/mcp', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com./mcp', 'https://mcp.example.com/mcp'],
    ['https://user:pw@mcp.example.com/mcp', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com/%6dcp', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com/%7Euser', 'https://mcp.example.com/~user'],
    ['https://mcp.example.com/a%2fb', 'https://mcp.example.com/a%2Fb'],
    ['https://mcp.example.com/mcp?', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com/mcp?a=%41', 'https://mcp.example.com/mcp?a=A'],
    ['https://mcp.example.com/mcp#fragment', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com/mcp/', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com', 'https://mcp.example.com'],
    ['https://mcp.example.com/', 'https://mcp.example.com'],
    ['https://mcp.example.com/a/./b/../mcp', 'https://mcp.example.com/a/mcp'],
    ['https://mcp.example.com/%2e%2e/mcp', 'https://mcp.example.com/mcp'],
    ['https://%6dcp.example.com/mcp', 'https://mcp.example.com/mcp'],
    ['https://bücher.example/mcp', 'https://xn--bcher-kva.example/mcp'],
    ['https://mcp.example.com:8443/mcp', 'https://mcp.example.com:8443/mcp'],
    ['https://mcp.example.com/MCP', 'https://mcp.example.com/MCP'],
    ['https://{tenant}.example.com/mcp', 'https://{}.example.com/mcp'],
    ['https://mcp.example.com/{a}{b}', 'https://mcp.example.com/{}{}'],
  ])('%s → %s', (url, key) => {
    expect(text(url)).toBe(key);
  });

  test('user names and passwords are flagged (remote-userinfo refuses them)', () => {
    expect(remoteKey('https://user@mcp.example.com/mcp')?.userinfo).toBe(true);
    expect(remoteKey('https://:pw@mcp.example.com/mcp')?.userinfo).toBe(true);
    expect(remoteKey('https://mcp.example.com/@user')?.userinfo).toBe(false);
  });

  test('a marker already in the URL (or produced by an escape) is never taken for a variable', () => {
    expect(text('https://zq0v.example.com/{p}')).toBe('https://zq0v.example.com/{}');
    expect(text('https://mcp.example.com/%7Aq0v/{p}')).toBe('https://mcp.example.com/zq0v/{}');
  });

  test('what does not parse has no key', () => {
    expect(remoteKey('mcp.example.com/mcp')).toBeUndefined();
    expect(remoteKey('https://mcp.example.com:{port}/mcp')).toBeUndefined();
  });
});

describe('remotesConflict', () => {
  const conflict = (a: string, b: string) => remotesConflict(remoteKey(a)!, remoteKey(b)!);
  test.each([
    ['https://mcp.example.com/mcp', 'https://MCP.example.com.:443/%6dcp/?', true],
    ['https://mcp.example.com/mcp', 'https://mcp.example.com/other', false],
    ['https://{host}/mcp', 'https://mcp.example.com/mcp', true],
    ['https://{host}/mcp', 'https://mcp.example.com/other', false],
    ['https://{t}.example.com/mcp', 'https://mcp.example.com/mcp', true],
    ['https://{t}.example.com/mcp', 'https://example.com/mcp', false],
    ['https://mcp.example.com/{tenant}/mcp', 'https://mcp.example.com/acme/mcp', true],
    ['https://mcp.example.com/{tenant}', 'https://mcp.example.com', false],
    ['https://{a}.example.com/x', 'https://mcp.{b}.com/x', true],
    ['https://{a}.example.com/x', 'https://{b}.example.org/x', false],
    ['https://{a}.example.com/x', 'https://{b}.example.com/x', true],
    ['https://a{x}b.example/p', 'https://ab.example/p', true],
    ['https://a{x}b.example/p', 'https://ba.example/p', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(conflict(a, b)).toBe(expected);
    expect(conflict(b, a)).toBe(expected);
  });
});

describe('RemoteIndex', () => {
  test('finds concrete and templated conflicts, and nothing else', () => {
    const index = new RemoteIndex<string>();
    const add = (url: string, v: string) => index.add(remoteKey(url)!, v);
    add('https://mcp.example.com/mcp', 'a');
    add('https://mcp.example.com/other', 'b');
    add('https://api.example.org/mcp', 'c');
    add('https://{t}.example.net/mcp', 'd');
    const find = (url: string) => index.matching(remoteKey(url)!).sort();
    expect(index.size).toBe(4);
    expect(find('https://MCP.example.com./mcp')).toEqual(['a']);
    expect(find('https://{h}/mcp')).toEqual(['a', 'c', 'd']);
    expect(find('https://mcp.example.com/{p}')).toEqual(['a', 'b', 'd']); // {t} = "mcp.example.com/x": any text
    expect(find('https://mcp.example.com/{p}.json')).toEqual([]);
    expect(find('https://x.example.net/mcp')).toEqual(['d']);
    expect(find('https://nothing.example/mcp')).toEqual([]);
  });
});

describe('remoteUrlsOf', () => {
  test('string urls of object remotes, with their index', () => {
    expect(remoteUrlsOf({ remotes: [{ url: 'https://a' }, null, { url: 7 }, { url: 'https://b' }] })).toEqual([
      { url: 'https://a', index: 0 },
      { url: 'https://b', index: 3 },
    ]);
    expect(remoteUrlsOf({ remotes: 'https://a' })).toEqual([]);
    expect(remoteUrlsOf(undefined)).toEqual([]);
  });
});

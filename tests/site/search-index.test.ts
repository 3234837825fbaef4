import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { buildSearchIndex, searchDocs } from '../../scripts/site/search-index.ts';
import { MINISEARCH_OPTIONS, nameWords, tokenize } from '../../scripts/site/search-options.ts';
import type { SearchDoc } from '../../scripts/site/search-options.ts';
import { listed, siteServers } from '../../scripts/site/model.ts';
import { fixtureRecords, META_KEY } from './fixture.ts';

const servers = listed(siteServers(fixtureRecords(), META_KEY));

function load(body: string): MiniSearch<SearchDoc> {
  // Exactly what the browser does (site/src/scripts/search.ts): the shared options, the file's text.
  return MiniSearch.loadJSON<SearchDoc>(body, MINISEARCH_OPTIONS);
}

const names = (ms: MiniSearch<SearchDoc>, q: string): string[] => ms.search(q).map((r) => r.name as string);

describe('search index', () => {
  const index = buildSearchIndex(servers);
  const ms = load(index.body);

  it('is named by a hash of its content', () => {
    expect(index.path).toMatch(/^search\/index\.[0-9a-f]{12}\.json$/);
    expect(buildSearchIndex(servers).path).toBe(index.path); // deterministic
    expect(buildSearchIndex(servers.slice(1)).path).not.toBe(index.path);
  });

  it('indexes every listed server and no deleted one', () => {
    expect(ms.documentCount).toBe(servers.length);
    expect(names(ms, 'embedded')).not.toContain('io.modelcontextprotocol.anonymous/embedded-mcp');
  });

  it('finds by a description word, a package identifier, a remote host, a title; prefix and typo tolerant', () => {
    expect(names(ms, 'integration')).toEqual(['io.modelcontextprotocol.anonymous/brave-search']);
    expect(names(ms, '@modelcontextprotocol/server-brave-search')[0]).toBe(
      'io.modelcontextprotocol.anonymous/brave-search',
    );
    expect(names(ms, 'weather-mcp-server')[0]).toBe('io.github.example/weather-mcp');
    expect(names(ms, 'mcp-fs.anonymous.modelcontextprotocol.io')[0]).toBe('io.modelcontextprotocol.anonymous/mcp-fs');
    expect(names(ms, 'airtab')[0]).toBe('io.github.domdomegg/airtable-mcp-server');
    expect(names(ms, 'airtabel')[0]).toBe('io.github.domdomegg/airtable-mcp-server');
  });

  it('stores what a result needs: status, package types, kinds, version', () => {
    const hit = ms.search('hybrid')[0]!;
    expect(hit).toMatchObject({
      name: 'io.modelcontextprotocol.anonymous/hybrid-mcp',
      status: 'active',
      types: ['npm'],
      kinds: ['local', 'remote'],
      version: '1.5.0',
    });
    const dep = ms.search('quay')[0]!;
    expect(dep.status).toBe('deprecated');
  });

  it('names rank above descriptions (field boosts)', () => {
    const docs = searchDocs(servers);
    const withWord = docs.filter((d) => /filesystem/i.test(d.description) || /filesystem/i.test(d.name));
    expect(withWord.length).toBeGreaterThan(1);
    expect(names(ms, 'filesystem')[0]).toBe('io.github.modelcontextprotocol/filesystem');
  });

  it('searches a name by its own words, not the io.github / TLD prefix every name shares', () => {
    expect(nameWords('io.github.octocat/weather-mcp')).toBe('octocat weather-mcp');
    expect(nameWords('com.example.tools/db')).toBe('example.tools db');
    expect(names(ms, 'github')).not.toContain('io.github.example/weather-mcp');
    expect(names(ms, 'domdomegg').sort()).toEqual(
      servers
        .filter((s) => s.namespace === 'io.github.domdomegg')
        .map((s) => s.name)
        .sort(),
    );
  });

  it('tokenizes identifiers by their words', () => {
    expect(tokenize('@scope/pkg-name io.github.x/y_z')).toEqual([
      'scope',
      'pkg',
      'name',
      'io',
      'github',
      'x',
      'y',
      'z',
    ]);
  });
});

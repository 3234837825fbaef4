/** Builds the search index (MiniSearch JSON) and its content-hashed file name. Pure apart from hashing. */
import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import { MINISEARCH_OPTIONS, SEARCH_INDEX_FORMAT, nameWords } from './search-options.ts';
import type { SearchDoc } from './search-options.ts';
import type { SiteServer } from './model.ts';

export function searchDocs(servers: SiteServer[]): SearchDoc[] {
  return servers.map((s, id) => ({
    id,
    name: s.name,
    words: nameWords(s.name),
    title: s.latest.title?.trim() ?? '',
    description: s.description,
    packages: s.packageIds.join(' '),
    remotes: s.remoteHosts.join(' '),
    status: s.status,
    types: s.packageTypes,
    kinds: s.kinds,
    version: s.latestVersion,
  }));
}

export interface SearchIndexFile {
  /** Path under the site root, e.g. `search/index.3f2a9c0b1d.json`. */
  path: string;
  body: string;
  docs: number;
}

/** The index of the given (listed) servers; the name carries a hash of the content so pages never pair with a stale index. */
export function buildSearchIndex(servers: SiteServer[]): SearchIndexFile {
  const docs = searchDocs(servers);
  const index = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS);
  index.addAll(docs);
  // The body is MiniSearch's own JSON, so the browser hands the text straight to `MiniSearch.loadJSON`.
  const body = JSON.stringify(index);
  const hash = createHash('sha256').update(`${SEARCH_INDEX_FORMAT}\n`).update(body).digest('hex').slice(0, 12);
  return { path: `search/index.${hash}.json`, body, docs: docs.length };
}

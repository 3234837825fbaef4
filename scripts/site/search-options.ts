/**
 * The MiniSearch options, shared by the build (which indexes) and the browser (which loads the index):
 * `MiniSearch.loadJSON` needs exactly the options the index was built with, so both import this one module.
 */
import type { Options, SearchOptions } from 'minisearch';

/** One searchable document per server (its latest version); short keys keep the index small. */
export interface SearchDoc {
  /** Position in the build's server list. */
  id: number;
  /** Server name, e.g. `io.github.octocat/weather` (stored, not searched). */
  name: string;
  /** The searchable words of the name (see `nameWords`). */
  words: string;
  title: string;
  description: string;
  /** Package identifiers, space-separated. */
  packages: string;
  /** Remote hosts, space-separated. */
  remotes: string;
  /** Status of the latest version: `active` or `deprecated` (deleted servers are not indexed). */
  status: string;
  /** Package types, e.g. `["npm","oci"]`. */
  types: string[];
  /** `local` (has a package) and/or `remote` (has a remote). */
  kinds: string[];
  /** Latest version string. */
  version: string;
}

export const SEARCH_FIELDS = ['words', 'title', 'description', 'packages', 'remotes'] as const;
export const STORE_FIELDS = ['name', 'title', 'description', 'status', 'types', 'kinds', 'version'] as const;

/**
 * Name and title matter most, then package identifiers and hosts, then the description. Prefix matching applies to
 * the last term only (the one being typed) and typo tolerance to terms of four characters or more, at most two
 * edits: both keep a query over 10,000 servers within a few milliseconds.
 */
export const SEARCH_DEFAULTS: SearchOptions = {
  boost: { words: 3, title: 3, packages: 2, remotes: 1.5, description: 1 },
  prefix: (_term, i, terms) => i === terms.length - 1,
  fuzzy: (term) => (term.length > 3 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'AND',
};

/**
 * The words of a server name worth searching: the namespace without its reverse-DNS prefix (`io.github.` or the
 * top-level domain) and the server part. Every name starts with `io.github` or `com`: as search terms they only add noise.
 */
export function nameWords(name: string): string {
  const slash = name.indexOf('/');
  const ns = name.slice(0, slash);
  const tail = ns.startsWith('io.github.') ? ns.slice('io.github.'.length) : ns.slice(ns.indexOf('.') + 1);
  return `${tail} ${name.slice(slash + 1)}`;
}

/** Split on anything that is not a letter or a digit, so `@scope/pkg-name` and `io.github.x/y` match by their words. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

export function processTerm(term: string): string {
  return term.toLowerCase();
}

export const MINISEARCH_OPTIONS: Options<SearchDoc> = {
  idField: 'id',
  fields: [...SEARCH_FIELDS],
  storeFields: [...STORE_FIELDS],
  tokenize,
  processTerm,
  searchOptions: SEARCH_DEFAULTS,
};

/** Bumped when the options change, so a cached old index is never read with new options. */
export const SEARCH_INDEX_FORMAT = 2;

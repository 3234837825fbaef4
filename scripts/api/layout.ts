/**
 * Where every document lives under dist/ (paths relative to the site root, no leading slash).
 * One place for the URL scheme; the writers, the redirects, the OpenAPI document and the docs
 * all follow it. Our own paths use segments starting with `_`, which no namespace can take.
 */

/** The official prefixes; `/v0` serves the same bodies as the frozen `/v0.1`. */
export const PREFIXES = ['v0.1', 'v0'] as const;
/** Where our own extensions live (once, not per prefix). */
export const OWN = 'v0.1';

/** The prefixes a build serves: always /v0.1, and /v0 unless the configuration turns it off. */
export function servedPrefixes(serveV0: boolean): string[] {
  return PREFIXES.filter((p) => p === OWN || serveV0);
}

export const LIST_KINDS = ['latest', 'all'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Both spellings of a name: nested folders, and the literal `%2F` for hosts that do not decode it. */
export function nameSpellings(name: string): string[] {
  const encoded = name.replace('/', '%2F');
  return encoded === name ? [name] : [name, encoded];
}

/** A version as written (`1.0.0+build.5`) and URL-encoded (`1.0.0%2Bbuild.5`) when they differ. */
export function versionSpellings(version: string): string[] {
  const encoded = encodeURIComponent(version);
  return encoded === version ? [version] : [version, encoded];
}

export const paths = {
  /** The list, reached through GitHub Pages' 301 from `/vX/servers`. */
  list: (prefix: string) => `${prefix}/servers/index.html`,
  listTwin: (prefix: string) => `${prefix}/servers.json`,
  versions: (prefix: string, name: string) => `${prefix}/servers/${name}/versions/index.html`,
  versionsTwin: (prefix: string, name: string) => `${prefix}/servers/${name}/versions.json`,
  version: (prefix: string, name: string, version: string) => `${prefix}/servers/${name}/versions/${version}`,
  versionTwin: (prefix: string, name: string, version: string) => `${prefix}/servers/${name}/versions/${version}.json`,
  page: (kind: ListKind, size: number, n: number) => `${OWN}/servers/_page/${kind}/${size}/${n}.json`,
  changesIndex: () => `${OWN}/servers/_changes/index.json`,
  changesDay: (day: string) => `${OWN}/servers/_changes/${day}.json`,
  snapshot: (hash: string) => `${OWN}/servers/_snapshot/${hash}.json`,
  manifest: () => `${OWN}/_build.json`,
  openapi: () => `${OWN}/openapi.json`,
  redirects: () => `_redirects`,
  headers: () => `_headers`,
};

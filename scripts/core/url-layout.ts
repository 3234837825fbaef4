/**
 * Where every API document lives under dist/ (paths relative to the site root, no leading slash), and every other
 * name it answers to. One place for the URL scheme: the API writer, the host rule files, the OpenAPI document and
 * validation (which plans the same paths to catch collisions before a build) all follow it. Pure.
 *
 * Each document is one file under /v0.1; everything else is a second name for it:
 *   - `/v0` serves the same bodies as the frozen `/v0.1` (a symbolic link, unless configured off);
 *   - a name is nested folders (`ns/server`), and the literal `%2F` (`ns%2Fserver`, a symbolic link to the folder)
 *     for hosts that do not decode it;
 *   - a version is written as is (`1.0.0+b`) and URL-encoded (`1.0.0%2Bb`) when they differ;
 *   - a document is extension-less (the official URL) and a `.json` twin (which hosts serve as JSON);
 *   - a folder-shaped official URL (`/servers`, `…/versions`) is an `index.html`, reached through GitHub Pages' 301;
 *   - `latest` is the latest version's file under a second name.
 * Second names are hard links and symbolic links, so every official path exists while a version costs a few
 * directory entries instead of a dozen (the deploy artifact dereferences links: the host receives ordinary files).
 * Our own documents use segments starting with `_`, which no namespace can take.
 */

/** The official prefixes; `/v0` serves the same bodies as the frozen `/v0.1`. */
export const PREFIXES = ['v0.1', 'v0'] as const;
/** Where the files live, and our own extensions (once, not per prefix). */
export const OWN = 'v0.1';
/**
 * The site's work folder inside the output folder while the build runs (Astro renders there while the API's files
 * are written beside it; its pages then move in by rename, on the same file system). Never served: removed before
 * the build ends, and left alone by the API writer's clean-up.
 */
export const SITE_WORK_DIR = '.site-build';
/** The version alias of a server's latest version. */
export const LATEST = 'latest';

/** The prefixes a build serves: always /v0.1, and /v0 unless the configuration turns it off. */
export function servedPrefixes(serveV0: boolean): string[] {
  return PREFIXES.filter((p) => p === OWN || serveV0);
}

export const LIST_KINDS = ['latest', 'all'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** A template slot in place of a value: `:name` in host rule files, `{name}` in the OpenAPI document. */
export type Slot = `:${string}` | `{${string}}`;

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

/** The official read endpoints, as the URL paths a client asks for. */
export const endpoints = {
  list: (prefix: string) => `${prefix}/servers`,
  versions: (prefix: string, name: string) => `${prefix}/servers/${name}/versions`,
  version: (prefix: string, name: string, version: string) => `${prefix}/servers/${name}/versions/${version}`,
};

/** The files under dist/ that answer them, and our own documents. */
export const paths = {
  /** The list, reached through GitHub Pages' 301 from `/vX/servers`. */
  list: (prefix: string) => `${endpoints.list(prefix)}/index.html`,
  listTwin: (prefix: string) => `${endpoints.list(prefix)}.json`,
  /** Everything of one server: its versions list and every version. */
  serverFolder: (prefix: string, name: string) => `${endpoints.list(prefix)}/${name}`,
  versions: (prefix: string, name: string) => `${endpoints.versions(prefix, name)}/index.html`,
  versionsTwin: (prefix: string, name: string) => `${endpoints.versions(prefix, name)}.json`,
  version: (prefix: string, name: string, version: string) => endpoints.version(prefix, name, version),
  versionTwin: (prefix: string, name: string, version: string) => `${endpoints.version(prefix, name, version)}.json`,
  page: (kind: ListKind | Slot, size: number | Slot, n: number | Slot) =>
    `${OWN}/servers/_page/${kind}/${size}/${n}.json`,
  changesIndex: () => `${OWN}/servers/_changes/index.json`,
  changesDay: (day: string) => `${OWN}/servers/_changes/${day}.json`,
  snapshot: (hash: string) => `${OWN}/servers/_snapshot/${hash}.json`,
  /** The whole registry in ToolHive's upstream registry format (scripts/api/toolhive.ts), at a fixed name. */
  toolhive: () => `${OWN}/servers/_export/toolhive.json`,
  manifest: () => `${OWN}/_build.json`,
  openapi: () => `${OWN}/openapi.json`,
  redirects: () => `_redirects`,
  headers: () => `_headers`,
};

/** A place our own documents hold whatever the data: a `_`-folder (theirs entirely) or a single file. */
export interface OwnEntry {
  path: string;
  folder: boolean;
  what: string;
}

/**
 * Where our own documents live, derived from `paths`: the first `_`-segment of a path is a folder that is theirs
 * entirely (pages, the feed, snapshots); a path without one, or ending in one, is a single file. Validation plans
 * these beside the servers' entries, so no server can ever want one of them.
 */
export function ownEntries(): OwnEntry[] {
  const samples: Array<[string, string]> = [
    [paths.page('latest', 1, 1), 'the paginated listings'],
    [paths.changesIndex(), 'the changes feed'],
    [paths.changesDay('1970-01-01'), 'the changes feed'],
    [paths.snapshot('0'), 'the snapshot'],
    [paths.manifest(), 'the build manifest'],
    [paths.openapi(), 'the OpenAPI document'],
    [paths.redirects(), 'the host rewrite rules'],
    [paths.headers(), 'the host header rules'],
  ];
  const out = new Map<string, OwnEntry>();
  for (const [path, what] of samples) {
    const segments = path.split('/');
    const own = segments.findIndex((s) => s.startsWith('_'));
    const folder = own >= 0 && own < segments.length - 1;
    const at = folder ? segments.slice(0, own + 1).join('/') : path;
    if (!out.has(at)) out.set(at, { path: at, folder, what });
  }
  return [...out.values()];
}

/** The document a dist/ entry serves (what its bytes are, or whose second name it is). */
export type ApiDoc =
  | { type: 'list' }
  | { type: 'prefix'; prefix: string }
  | { type: 'versions'; name: string }
  | { type: 'version'; name: string; version: string }
  | { type: 'latest'; name: string }
  | { type: 'name-spelling'; name: string; spelling: string };

/**
 * One entry under dist/: a file (the document's bytes), an alias (the same bytes as a file listed before it; the
 * writer hard-links it), or a symbolic link giving a folder a second name (target relative to the link's folder).
 */
export type DistEntry = { path: string; doc: ApiDoc } & (
  | { kind: 'file' }
  | { kind: 'alias'; sameAs: string }
  | { kind: 'symlink'; symlinkTo: string }
);

/** The document in words, for a message naming two documents that want one path. */
export function describeDoc(doc: ApiDoc): string {
  switch (doc.type) {
    case 'list':
      return 'the server list';
    case 'prefix':
      return `the ${doc.prefix} prefix`;
    case 'versions':
      return `versions of ${doc.name}`;
    case 'version':
      return `${doc.name} ${doc.version}`;
    case 'latest':
      return `latest of ${doc.name}`;
    case 'name-spelling':
      return `${doc.name} spelled ${doc.spelling}`;
  }
}

/** The official list (its file and the Pages `index.html`), and every prefix other than /v0.1 as a link to it. */
export function rootEntries(prefixes: readonly string[] = PREFIXES): DistEntry[] {
  const list: ApiDoc = { type: 'list' };
  const file = paths.listTwin(OWN);
  const out: DistEntry[] = [
    { kind: 'file', path: file, doc: list },
    { kind: 'alias', path: paths.list(OWN), sameAs: file, doc: list },
  ];
  for (const p of prefixes) {
    if (p !== OWN) out.push({ kind: 'symlink', path: p, symlinkTo: OWN, doc: { type: 'prefix', prefix: p } });
  }
  return out;
}

/** One version's file (`<version>.json`) first, then its other names: extension-less, and each URL-encoded spelling. */
export function versionEntries(name: string, version: string): DistEntry[] {
  const doc: ApiDoc = { type: 'version', name, version };
  const file = paths.versionTwin(OWN, name, version);
  const out: DistEntry[] = [{ kind: 'file', path: file, doc }];
  for (const w of versionSpellings(version)) {
    const twin = paths.versionTwin(OWN, name, w);
    if (twin !== file) out.push({ kind: 'alias', path: twin, sameAs: file, doc });
    out.push({ kind: 'alias', path: paths.version(OWN, name, w), sameAs: file, doc });
  }
  return out;
}

/** `latest` (both spellings) as second names of the latest version's file. */
export function latestEntries(name: string, latestVersion: string): DistEntry[] {
  const doc: ApiDoc = { type: 'latest', name };
  const twin = paths.versionTwin(OWN, name, LATEST);
  return [
    { kind: 'alias', path: twin, sameAs: paths.versionTwin(OWN, name, latestVersion), doc },
    { kind: 'alias', path: paths.version(OWN, name, LATEST), sameAs: twin, doc },
  ];
}

/**
 * Every entry of one server: its versions list, each version's names, `latest` when it has a latest version, and
 * the `%2F` spelling of its name. Every file comes before every alias, so an alias always names a file already
 * listed and, of two documents wanting one path, the file is the one named first.
 */
export function serverEntries(name: string, versions: readonly string[], latestVersion?: string): DistEntry[] {
  const versionsDoc: ApiDoc = { type: 'versions', name };
  const list = paths.versionsTwin(OWN, name);
  const own = versions.map((v) => versionEntries(name, v));
  const out: DistEntry[] = [{ kind: 'file', path: list, doc: versionsDoc }];
  for (const entries of own) out.push(entries[0]!);
  out.push({ kind: 'alias', path: paths.versions(OWN, name), sameAs: list, doc: versionsDoc });
  if (latestVersion !== undefined) out.push(...latestEntries(name, latestVersion));
  for (const entries of own) out.push(...entries.slice(1));
  for (const n of nameSpellings(name)) {
    if (n === name) continue;
    const doc: ApiDoc = { type: 'name-spelling', name, spelling: n };
    out.push({ kind: 'symlink', path: paths.serverFolder(OWN, n), symlinkTo: name, doc });
  }
  return out;
}

/**
 * The server folder (`<prefix>/servers/<namespace>/<server>`) a dist/ path lies inside, or undefined for a path in
 * no server's folder (the lists, our own `_…` documents, a name-spelling link itself). The inverse of
 * `paths.serverFolder`: a name is `<namespace>/<server>`.
 */
export function serverFolderOf(path: string): string | undefined {
  for (const prefix of PREFIXES) {
    const root = `${endpoints.list(prefix)}/`;
    if (!path.startsWith(root)) continue;
    const [namespace, server, inside] = path.slice(root.length).split('/', 3);
    if (!namespace || namespace.startsWith('_') || !server || inside === undefined) return undefined;
    return paths.serverFolder(prefix, `${namespace}/${server}`);
  }
  return undefined;
}

/**
 * The edge layout: what the build writes for the request handler and how the handler reads it back.
 * Shared by the writer (Node) and the handler (Workers, preview, tests), so it imports nothing from Node.
 *
 * Objects (every key but the manifest is content-addressed, `_edge/<kind>/<sha256-16>.<ext>`):
 *   - the manifest (`_edge/manifest.json`): the build id and the keys of the indexes; the only object that
 *     names the build, so no other object changes when nothing in it changed;
 *   - the catalog: every (name, version) in the official list order with the fields filters need;
 *   - the search index: lower-cased descriptions, per version; the times: `updatedAt` per version;
 *   - packs: the records of a few whole servers each, grouped by content-defined boundaries;
 *   - the documents index and its chunks: our own files (feed, snapshot, manifest, OpenAPI).
 * A pack or chunk is `<JSON array of byte lengths>\n` followed by each record's JSON and `\n`.
 */

export const EDGE_FORMAT = 'mcp-static-registry/edge@1';
export const MANIFEST_KEY = '_edge/manifest.json';

/** Catalog flags per version. */
export const DELETED = 1;
export const LATEST = 2;

export interface EdgeManifest {
  format: string;
  buildId: string;
  /**
   * Our own `_meta` key when the static build's records carry `buildId` there: the handler writes it back
   * into every record it serves (records are stored without it, so a new build id changes no pack).
   */
  stampKey?: string;
  /** Official prefixes served (`v0.1`, and `v0` unless turned off). */
  prefixes: string[];
  catalog: string;
  search: string;
  /** Per version, `updatedAt` in milliseconds since the epoch (read only for `updated_since`). */
  times: string;
  documents: string;
  counts: { servers: number; versions: number; packs: number };
}

export interface CatalogData {
  /** Server names in the official order. */
  names: string[];
  /** Per server, the index of its first version; one more entry closes the last server. */
  first: number[];
  /** Per server, the index of the pack holding its records. */
  pack: number[];
  /** Pack keys. */
  packs: string[];
  /** Per version (name, then version, as plain text): the version string. */
  versions: string[];
  /** Per version: DELETED | LATEST bits. */
  flags: number[];
  /** Per version, grouped by server: the server's versions newest publish first, as offsets within it. */
  newest: number[];
}

export interface SearchData {
  /** Distinct lower-cased descriptions. */
  texts: string[];
  /** Per version: index into `texts`. */
  text: number[];
}

/** A document made of literal text around records (a feed bucket, the snapshot), records in chunks. */
export interface ListDocument {
  type: string;
  head: string;
  tail: string;
  chunks: string[];
}

export interface DocumentsData {
  /** Site-root-relative path under the own prefix → a plain file. */
  files: Record<string, { type: string; key: string }>;
  lists: Record<string, ListDocument>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A pack or chunk: a header line of byte lengths, then each record followed by a newline. */
export function encodeRecords(records: readonly Uint8Array[]): Uint8Array {
  const header = encoder.encode(`${JSON.stringify(records.map((r) => r.byteLength))}\n`);
  let size = header.byteLength;
  for (const r of records) size += r.byteLength + 1;
  const out = new Uint8Array(size);
  out.set(header, 0);
  let at = header.byteLength;
  for (const r of records) {
    out.set(r, at);
    at += r.byteLength;
    out[at++] = 0x0a;
  }
  return out;
}

/** The records of a pack or chunk, as views into its bytes (no copy). */
export function decodeRecords(bytes: Uint8Array): Uint8Array[] {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error('edge layout: a pack has no header line');
  const lengths = JSON.parse(decoder.decode(bytes.subarray(0, newline))) as number[];
  const out: Uint8Array[] = [];
  let at = newline + 1;
  for (const length of lengths) {
    out.push(bytes.subarray(at, at + length));
    at += length + 1;
  }
  if (at !== bytes.byteLength) throw new Error('edge layout: a pack does not match its header');
  return out;
}

/**
 * What follows a record's serialization up to its end once its build id is stamped back: our entry is the last key
 * of `_meta` and `buildId` the last key of our entry, so the stamp closes the entry, `_meta` and the record.
 */
export function buildIdStamp(buildId: string): string {
  return `,"buildId":${JSON.stringify(buildId)}}}}`;
}

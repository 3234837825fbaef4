/**
 * Records → the edge layout (pure): a map of object keys to bytes, made from the same records the static
 * build writes (times, status and `isLatest` are read from them, never worked out again).
 *
 * Each record is stored once, in the pack of its server, without the build id; the build id lives only in
 * the manifest, and every other key is the hash of its content. So a change to one server changes its pack,
 * the indexes (catalog, search, documents, manifest) and the feed chunks it moves between; nothing else.
 */
import { assertRecordOrder, groupByName } from '../records/order.ts';
import { createHash } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../core/types.ts';
import { newestFirst } from '../records/build-records.ts';
import {
  buildIdStamp,
  type CatalogData,
  DELETED,
  type DocumentsData,
  EDGE_FORMAT,
  type EdgeManifest,
  encodeRecords,
  encodeText,
  LATEST,
  type ListDocument,
  MANIFEST_KEY,
  type SearchData,
} from './format.ts';
import { contentDefinedGroups } from './groups.ts';

/** Workers static assets: 25 MiB per file. */
export const MAX_OBJECT_BYTES = 25 * 1024 * 1024;

/** One of our own documents as the static build plans it: literal text, or text around record indexes. */
export interface EdgeDocument {
  /** Path under the own prefix, e.g. `servers/_changes/index.json` or `_build.json`. */
  path: string;
  parts: ReadonlyArray<string | number>;
}

export interface EdgeLayoutOptions {
  buildId: string;
  /** Our own `_meta` key (registry.config.json `metaKey`). */
  metaKey: string;
  /** Official prefixes served, e.g. `['v0.1', 'v0']`. */
  prefixes: readonly string[];
  documents?: readonly EdgeDocument[];
  /** Average whole servers per pack (default 8). */
  packServers?: number;
  /** Average records per document chunk (default 4096). */
  chunkRecords?: number;
}

export interface EdgeLayout {
  objects: Map<string, Uint8Array>;
  manifest: EdgeManifest;
}

const PACK_MAX_BYTES = 4 * 1024 * 1024;
const CHUNK_MAX_BYTES = 16 * 1024 * 1024;

export function planEdgeLayout(records: readonly ServerRecord[], o: EdgeLayoutOptions): EdgeLayout {
  assertRecordOrder(records, 'edge layout');
  const objects = new Map<string, Uint8Array>();
  const put = (kind: string, ext: string, bytes: Uint8Array, what: string): string => {
    if (bytes.byteLength > MAX_OBJECT_BYTES)
      throw new UserError(
        `the edge layout's ${what} is ${bytes.byteLength} bytes, over the 25 MiB a Workers static asset may hold.`,
      );
    const key = `_edge/${kind}/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;
    objects.set(key, bytes);
    return key;
  };

  const stampKey = buildIdKey(records, o);
  const texts = serializeAll(records, stampKey ? o.buildId : undefined);
  const servers = groupByName(records);

  // Packs: whole servers, content-defined boundaries (a server is never split).
  const groups = contentDefinedGroups(servers, {
    key: (s) => s.name,
    bytes: (s) => s.indexes.reduce((a, i) => a + texts[i]!.byteLength + 1, 0),
    average: o.packServers ?? 8,
    maxBytes: PACK_MAX_BYTES,
  });
  const catalog: CatalogData = {
    names: [],
    first: [],
    pack: [],
    packs: [],
    versions: [],
    flags: [],
    newest: [],
  };
  const times: number[] = [];
  const searchTexts = new Map<string, number>();
  const search: SearchData = { texts: [], text: [] };
  for (const group of groups) {
    const pack = catalog.packs.length;
    catalog.packs.push(
      put(
        'p',
        'pack',
        encodeRecords(group.flatMap((s) => s.indexes.map((i) => texts[i]!))),
        `pack of ${group[0]!.name}`,
      ),
    );
    for (const s of group) {
      const base = catalog.versions.length;
      catalog.names.push(s.name);
      catalog.first.push(base);
      catalog.pack.push(pack);
      const members = s.indexes.map((i) => records[i]!);
      const offset = new Map(members.map((r, k) => [r, k] as const));
      for (const r of newestFirst(members)) catalog.newest.push(offset.get(r)!);
      for (const r of members) {
        const official = r._meta[OFFICIAL_META_KEY];
        catalog.versions.push(r.server.version);
        const at = Date.parse(official.updatedAt);
        if (!Number.isFinite(at))
          throw new Error(`record ${r.server.name} ${r.server.version}: updatedAt "${official.updatedAt}" is no time`);
        times.push(at);
        catalog.flags.push((official.status === 'deleted' ? DELETED : 0) | (official.isLatest ? LATEST : 0));
        const description = String(r.server.description ?? '').toLowerCase();
        let t = searchTexts.get(description);
        if (t === undefined) {
          t = search.texts.length;
          search.texts.push(description);
          searchTexts.set(description, t);
        }
        search.text.push(t);
      }
    }
  }
  catalog.first.push(catalog.versions.length);

  const documents: DocumentsData = { files: {}, lists: {} };
  for (const d of o.documents ?? []) {
    const type = contentType(d.path);
    if (d.parts.every((p) => typeof p === 'string')) {
      documents.files[d.path] = { type, key: put('f', extension(d.path), encodeText(d.parts.join('')), d.path) };
    } else {
      documents.lists[d.path] = listDocument(d, type, texts, records, o.chunkRecords ?? 4096, put);
    }
  }

  const manifest: EdgeManifest = {
    format: EDGE_FORMAT,
    buildId: o.buildId,
    ...(stampKey ? { stampKey } : {}),
    prefixes: [...o.prefixes],
    catalog: put('c', 'json', encodeText(JSON.stringify(catalog)), 'catalog'),
    search: put('s', 'json', encodeText(JSON.stringify(search)), 'search index'),
    times: put('t', 'json', encodeText(JSON.stringify(times)), 'times'),
    documents: put('d', 'json', encodeText(JSON.stringify(documents)), 'documents index'),
    counts: { servers: servers.length, versions: records.length, packs: catalog.packs.length },
  };
  objects.set(MANIFEST_KEY, encodeText(`${JSON.stringify(manifest, null, 2)}\n`));
  return { objects, manifest };
}

/** `[head, i, ',', j, …, tail]` → head and tail kept as text, the records in content-defined chunks. */
function listDocument(
  d: EdgeDocument,
  type: string,
  texts: readonly Uint8Array[],
  records: readonly ServerRecord[],
  average: number,
  put: (kind: string, ext: string, bytes: Uint8Array, what: string) => string,
): ListDocument {
  const { parts } = d;
  const head = parts[0];
  const tail = parts[parts.length - 1];
  const members: number[] = [];
  for (let k = 1; k < parts.length - 1; k++) {
    const p = parts[k];
    const expectRecord = k % 2 === 1;
    if (expectRecord ? typeof p !== 'number' : p !== ',')
      throw new Error(`edge layout: ${d.path} is not text around comma-separated records (part ${k})`);
    if (expectRecord) members.push(p as number);
  }
  if (typeof head !== 'string' || typeof tail !== 'string' || parts.length % 2 === 0)
    throw new Error(`edge layout: ${d.path} is not text around comma-separated records`);
  const chunks = contentDefinedGroups(members, {
    key: (i) => `${records[i]!.server.name}@${records[i]!.server.version}`,
    bytes: (i) => texts[i]!.byteLength + 1,
    average,
    maxBytes: CHUNK_MAX_BYTES,
  });
  return {
    type,
    head,
    tail,
    chunks: chunks.map((c, n) =>
      put('k', 'pack', encodeRecords(c.map((i) => texts[i]!)), `chunk ${n + 1} of ${d.path}`),
    ),
  };
}

/**
 * Every record as the static build serialized it before stamping its build id (our entry is the last key of
 * `_meta` and `buildId` the last key of our entry, checked by buildIdKey), so stamping it back gives the static bytes
 * exactly. UTF-8 into one buffer, each record a view of it: one allocation, not one per record.
 */
function serializeAll(records: readonly ServerRecord[], buildId: string | undefined): Uint8Array[] {
  const stamp = buildId === undefined ? '' : buildIdStamp(buildId);
  let buffer = Buffer.allocUnsafe(1 << 20);
  const ends: number[] = [];
  let end = 0;
  for (const r of records) {
    let text = JSON.stringify(r);
    if (stamp) {
      if (!text.endsWith(stamp))
        throw new Error(`record ${r.server.name} ${r.server.version}: its build id is not last`);
      text = `${text.slice(0, text.length - stamp.length)}}}}`;
    }
    const length = Buffer.byteLength(text, 'utf8');
    if (end + length > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, end + length));
      buffer.copy(grown, 0, 0, end);
      buffer = grown;
    }
    buffer.write(text, end, 'utf8');
    end += length;
    ends.push(end);
  }
  const out: Uint8Array[] = [];
  let start = 0;
  for (const e of ends) {
    out.push(buffer.subarray(start, e));
    start = e;
  }
  return out;
}

/** Whether every record carries this build's id under our key (then the handler stamps it back), or none does. */
function buildIdKey(records: readonly ServerRecord[], o: EdgeLayoutOptions): string | undefined {
  let stamped = 0;
  for (const r of records) {
    const own = r._meta[o.metaKey] as Record<string, unknown> | undefined;
    const keys = Object.keys(r._meta);
    if (own?.buildId === undefined) continue;
    const ownKeys = Object.keys(own);
    if (own.buildId !== o.buildId || keys[keys.length - 1] !== o.metaKey || ownKeys[ownKeys.length - 1] !== 'buildId')
      throw new Error(
        `record ${r.server.name} ${r.server.version}: its buildId must be this build's (${o.buildId}), last in our _meta entry, which is last in _meta`,
      );
    stamped++;
  }
  if (stamped !== 0 && stamped !== records.length)
    throw new Error(`edge layout: ${stamped} of ${records.length} records carry a buildId; all or none must`);
  return stamped > 0 ? o.metaKey : undefined;
}

function extension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1) : 'bin';
}

function contentType(path: string): string {
  const ext = extension(path);
  if (ext === 'json') return 'application/json; charset=utf-8';
  if (ext === 'yaml' || ext === 'yml') return 'application/yaml';
  return 'application/octet-stream';
}

/**
 * The official read API as one pure `Request → Response` function over a storage that gets an object by key.
 * Cloudflare Workers (worker.ts), `npm run preview -- --api full` and the tests all run this same function.
 *
 *   GET {base}{prefix}/servers                              list (limit, cursor, search, version, updated_since, include_deleted)
 *   GET {base}{prefix}/servers/{name}/versions               every version, newest publish first
 *   GET {base}{prefix}/servers/{name}/versions/{v|latest}    one version
 *   GET {base}{prefix}/<own file>                            feed, snapshot, build manifest, OpenAPI document
 * `{name}` may be `ns%2Fserver` (as official clients send it) or `ns/server`. Every answer carries CORS headers
 * as GitHub documents for a custom MCP registry; OPTIONS answers a preflight; errors are problem JSON.
 *
 * Reads per request: the manifest, the catalog, and for a search the search index (for `updated_since` the times)
 * once per handler, kept in memory while it lives (one Worker isolate serves one build); then at most
 * one pack for a single server, or at most `maxPackReads` packs for a list page: a page whose matches are
 * spread over more packs ends early, with a `nextCursor` (a client walking by cursor still sees every record once).
 */
import { normalizeBasePath } from '../core/base-path.ts';
import { Catalog } from './catalog.ts';
import {
  buildIdStamp,
  type CatalogData,
  decodeRecords,
  decodeText,
  type DocumentsData,
  EDGE_FORMAT,
  type EdgeManifest,
  encodeText,
  type ListDocument,
  MANIFEST_KEY,
  type SearchData,
} from './format.ts';
import { isProblem, parseIncludeDeleted, parseListQuery, type Problem, problem } from './query.ts';

export interface Storage {
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface HandlerOptions {
  /** Where the API is mounted, e.g. `/registry/` (default `/`). */
  basePath?: string;
  /** Packs a list page may read (Workers Free allows 50 subrequests per request; default 40). */
  maxPackReads?: number;
  /** Packs kept in memory between requests (default 32 MiB of a Worker's 128 MB). */
  cacheBytes?: number;
}

export type Handler = (request: Request) => Promise<Response>;

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
};
export const CACHE_CONTROL = 'public, max-age=300';
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

interface Loaded {
  manifest: EdgeManifest;
  catalog: Catalog;
  etag: string;
  stamp?: Uint8Array;
}

export function createHandler(storage: Storage, options: HandlerOptions = {}): Handler {
  const base = normalizeBasePath(options.basePath);
  const maxPackReads = options.maxPackReads ?? 40;
  const packs = new PackCache(storage, options.cacheBytes ?? 32 * 1024 * 1024);
  const load = once(async (): Promise<Loaded> => {
    const manifest = await getJson<EdgeManifest>(storage, MANIFEST_KEY);
    if (manifest.format !== EDGE_FORMAT)
      throw new Error(`edge layout format ${manifest.format}, this handler reads ${EDGE_FORMAT}`);
    const catalog = new Catalog(await getJson<CatalogData>(storage, manifest.catalog));
    const stamp = manifest.stampKey ? encodeText(buildIdStamp(manifest.buildId)) : undefined;
    return { manifest, catalog, etag: `W/"${manifest.buildId}"`, ...(stamp ? { stamp } : {}) };
  });
  const search = once(async () => getJson<SearchData>(storage, (await load()).manifest.search));
  const times = once(async () => getJson<number[]>(storage, (await load()).manifest.times));
  const documents = once(async () => getJson<DocumentsData>(storage, (await load()).manifest.documents));

  return async (request) => {
    if (request.method === 'OPTIONS') return preflight();
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return problemResponse(problem(405, `${request.method} is not supported; this registry is read-only.`), {
        Allow: 'GET, HEAD, OPTIONS',
      });
    let ctx: Loaded;
    try {
      ctx = await load();
    } catch (e) {
      return problemResponse(problem(500, `The registry's edge layout cannot be read: ${(e as Error).message}`));
    }
    const url = new URL(request.url);
    const response = await route(url, ctx).catch((e: unknown) =>
      problemResponse(problem(500, `Internal error: ${(e as Error).message}`)),
    );
    if (response.status === 200) {
      response.headers.set('ETag', ctx.etag);
      if (matchesEtag(request.headers.get('If-None-Match'), ctx.etag)) {
        await response.body?.cancel();
        return new Response(null, { status: 304, headers: response.headers });
      }
    }
    if (request.method !== 'HEAD') return response;
    await response.body?.cancel();
    return new Response(null, { status: response.status, headers: response.headers });
  };

  async function route(url: URL, ctx: Loaded): Promise<Response> {
    if (!url.pathname.startsWith(base)) return notFound(url);
    const rest = url.pathname.slice(base.length);
    const slash = rest.indexOf('/');
    const prefix = slash < 0 ? rest : rest.slice(0, slash);
    if (!ctx.manifest.prefixes.includes(prefix) || slash < 0) return notFound(url);
    const path = rest.slice(slash + 1);
    if (path === 'servers') return list(url.searchParams, ctx);
    if (path.startsWith('servers/')) {
      const target = parseServerPath(path.slice('servers/'.length).split('/'));
      if (isProblem(target)) return problemResponse(target);
      if (target) return server(target, url.searchParams, ctx);
    }
    return ownDocument(path, url, ctx);
  }

  async function list(params: URLSearchParams, ctx: Loaded): Promise<Response> {
    const q = parseListQuery(params);
    if (isProblem(q)) return problemResponse(q);
    const { catalog } = ctx;
    const [index, updated] = await Promise.all([
      q.search !== undefined ? search() : undefined,
      q.updatedSince !== undefined ? times() : undefined,
    ]);
    const accept = catalog.filter(q, index, updated);
    const picked: number[] = [];
    const packsUsed = new Set<number>();
    let cutShort = false;
    for (let v = q.cursor !== undefined ? catalog.startAfter(q.cursor) : 0; v < catalog.versionCount; v++) {
      if (picked.length === q.limit) break;
      if (!accept(v)) continue;
      const pack = catalog.packOf(v);
      if (!packsUsed.has(pack)) {
        if (packsUsed.size === maxPackReads) {
          cutShort = true;
          break;
        }
        packsUsed.add(pack);
      }
      picked.push(v);
    }
    const last = picked[picked.length - 1];
    const more = last !== undefined && (picked.length === q.limit || cutShort);
    const metadata = {
      ...(more ? { nextCursor: `${catalog.name(last)}:${catalog.data.versions[last]}` } : {}),
      count: picked.length,
    };
    return jsonResponse(await serverList(picked, metadata, ctx));
  }

  async function server(
    target: { name: string; version?: string },
    params: URLSearchParams,
    ctx: Loaded,
  ): Promise<Response> {
    const includeDeleted = parseIncludeDeleted(params);
    if (isProblem(includeDeleted)) return problemResponse(includeDeleted);
    const { catalog } = ctx;
    const s = catalog.findServer(target.name);
    if (s < 0) return problemResponse(problem(404, 'Server not found'));
    if (target.version === undefined) {
      const versions = catalog.newestFirst(s).filter((v) => includeDeleted || !catalog.isDeleted(v));
      if (versions.length === 0) return problemResponse(problem(404, 'Server not found'));
      return jsonResponse(await serverList(versions, { count: versions.length }, ctx));
    }
    const v = target.version === 'latest' ? catalog.latestOf(s) : catalog.findVersion(s, target.version);
    if (v < 0 || (!includeDeleted && catalog.isDeleted(v))) return problemResponse(problem(404, 'Server not found'));
    const [record] = await records([v], ctx);
    return jsonResponse(record!);
  }

  /** The records of these versions, in this order, each as its parts (the record, and the build id stamp). */
  async function records(versions: readonly number[], ctx: Loaded): Promise<Uint8Array[][]> {
    const { catalog } = ctx;
    const keys = [...new Set(versions.map((v) => catalog.packOf(v)))];
    const loadedPacks = new Map(
      await Promise.all(keys.map(async (p) => [p, await packs.get(catalog.data.packs[p]!)] as const)),
    );
    return versions.map((v) => {
      const record = loadedPacks.get(catalog.packOf(v))![catalog.slot(v)];
      if (!record) throw new Error(`pack ${catalog.data.packs[catalog.packOf(v)]} has no record ${catalog.slot(v)}`);
      return stamped(record, ctx.stamp);
    });
  }

  async function serverList(versions: readonly number[], metadata: object, ctx: Loaded): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [encodeText('{"servers":[')];
    for (const [i, record] of (await records(versions, ctx)).entries()) {
      if (i > 0) parts.push(COMMA);
      parts.push(...record);
    }
    parts.push(encodeText(`],"metadata":${JSON.stringify(metadata)}}`));
    return parts;
  }

  async function ownDocument(path: string, url: URL, ctx: Loaded): Promise<Response> {
    let name: string;
    try {
      name = decodeURIComponent(path);
    } catch {
      return notFound(url);
    }
    const docs = await documents();
    const file = Object.hasOwn(docs.files, name) ? docs.files[name] : undefined;
    if (file) {
      const bytes = await storage.get(file.key);
      if (!bytes) throw new Error(`missing object ${file.key}`);
      return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: headers(file.type) });
    }
    const doc = Object.hasOwn(docs.lists, name) ? docs.lists[name] : undefined;
    if (doc) return new Response(listStream(doc, ctx.stamp), { headers: headers(doc.type) });
    return notFound(url);
  }

  /** A list document streamed chunk by chunk, so the snapshot never sits whole in memory. */
  function listStream(doc: ListDocument, stamp?: Uint8Array): ReadableStream<Uint8Array> {
    let next = -1;
    let first = true;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (next === -1) controller.enqueue(encodeText(doc.head));
        else if (next < doc.chunks.length) {
          const bytes = await storage.get(doc.chunks[next]!);
          if (!bytes) throw new Error(`missing object ${doc.chunks[next]}`);
          const parts: Uint8Array[] = [];
          for (const record of decodeRecords(bytes)) {
            if (!first) parts.push(COMMA);
            first = false;
            parts.push(...stamped(record, stamp));
          }
          controller.enqueue(concat(parts));
        } else {
          controller.enqueue(encodeText(doc.tail));
          controller.close();
        }
        next++;
      },
    });
  }
}

const COMMA = encodeText(',');

/** The record with the build id written back into our `_meta` entry (its last three bytes are `}}}`). */
function stamped(record: Uint8Array, stamp?: Uint8Array): Uint8Array[] {
  return stamp ? [record.subarray(0, record.byteLength - 3), stamp] : [record];
}

/**
 * `servers/…` after the prefix → the server name and version, trying `ns%2Fserver` (one segment) and
 * `ns/server` (two); a name has exactly one `/`. Undefined when the path is not a server path.
 */
export function parseServerPath(segments: string[]): { name: string; version?: string } | Problem | undefined {
  const shapes: Array<{ name: string[]; version?: string }> = [];
  const n = segments.length;
  if (n >= 2 && segments[n - 1] === 'versions') shapes.push({ name: segments.slice(0, -1) });
  if (n >= 3 && segments[n - 2] === 'versions') shapes.push({ name: segments.slice(0, -2), version: segments[n - 1]! });
  for (const shape of shapes) {
    if (shape.name.length < 1 || shape.name.length > 2) continue;
    let parts: string[];
    try {
      parts = shape.name.map(decodeURIComponent);
    } catch {
      return problem(400, 'Invalid server name encoding');
    }
    const name = parts.join('/');
    const slashes = name.split('/').length - 1;
    if (slashes !== 1 || name.startsWith('/') || name.endsWith('/')) continue;
    if (shape.version === undefined) return { name };
    if (shape.version === '') continue;
    try {
      return { name, version: decodeURIComponent(shape.version) };
    } catch {
      return problem(400, 'Invalid version encoding');
    }
  }
  return undefined;
}

/** A value loaded on first use and kept; a failed load is forgotten, so the next request tries again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((e: unknown) => {
      value = undefined;
      throw e;
    }));
}

class PackCache {
  private readonly entries = new Map<string, { records: Uint8Array[]; bytes: number }>();
  private size = 0;
  private readonly storage: Storage;
  private readonly limit: number;

  constructor(storage: Storage, limit: number) {
    this.storage = storage;
    this.limit = limit;
  }

  async get(key: string): Promise<Uint8Array[]> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.records;
    }
    const bytes = await this.storage.get(key);
    if (!bytes) throw new Error(`missing object ${key}`);
    const entry = { records: decodeRecords(bytes), bytes: bytes.byteLength };
    this.entries.set(key, entry);
    this.size += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.size <= this.limit || k === key) break;
      this.entries.delete(k);
      this.size -= e.bytes;
    }
    return entry.records;
  }
}

async function getJson<T>(storage: Storage, key: string): Promise<T> {
  const bytes = await storage.get(key);
  if (!bytes) throw new Error(`missing object ${key}`);
  return JSON.parse(decodeText(bytes)) as T;
}

function headers(type: string): Headers {
  return new Headers({ ...CORS_HEADERS, 'Content-Type': type, 'Cache-Control': CACHE_CONTROL });
}

function jsonResponse(parts: Uint8Array[]): Response {
  return new Response(concat(parts), { headers: headers(JSON_TYPE) });
}

function problemResponse(p: Problem, extra: Record<string, string> = {}): Response {
  const h = headers(PROBLEM_TYPE);
  if (p.status >= 500) h.set('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  const body = { title: p.title, status: p.status, detail: p.detail, ...(p.errors ? { errors: p.errors } : {}) };
  return new Response(JSON.stringify(body), { status: p.status, headers: h });
}

function notFound(url: URL): Response {
  return problemResponse(problem(404, `No such endpoint: ${url.pathname}`));
}

function preflight(): Response {
  return new Response(null, { status: 204, headers: { ...CORS_HEADERS, 'Access-Control-Max-Age': '86400' } });
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag));
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

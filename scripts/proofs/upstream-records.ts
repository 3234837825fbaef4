/**
 * Reading an upstream's answers (pure): an official `ServerList` or `ServerResponse` body → records, each with the upstream's status from
 * `_meta["io.modelcontextprotocol.registry/official"]`. Anything that is not that shape is the upstream misbehaving,
 * an UpstreamError naming the URL and the JSON path, never a record guessed at.
 */
import { OFFICIAL_META_KEY, type Status } from '../core/types.ts';
import { parseStrict } from '../core/json/strict-json.ts';

/** A list page nests server.json three levels deeper than the document's own limit of 32. */
const MAX_BODY_DEPTH = 40;
const STATUSES: readonly Status[] = ['active', 'deprecated', 'deleted'];

export class UpstreamError extends Error {
  readonly url: string;
  readonly retryAfterSeconds?: number;
  /** A failure that may pass by itself (429, timeout, 5xx): try again later. */
  readonly retryable: boolean;
  constructor(message: string, url: string, retryAfterSeconds?: number, retryable = false) {
    super(message);
    this.url = url;
    this.retryable = retryable;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface UpstreamRecord {
  name: string;
  version: string;
  /** The upstream's `server` object, exactly as parsed (key order kept). */
  server: Record<string, unknown>;
  status: Status;
  statusMessage?: string;
  /** The upstream's updatedAt (RFC 3339), when it sent one. */
  updatedAt?: string;
}

export interface ServerListPage {
  records: UpstreamRecord[];
  /** Absent (or empty upstream) when this was the last page. */
  nextCursor?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decode a body as strict JSON (UTF-8, no duplicate keys: two readers must never see two different records). */
export function parseBody(body: Uint8Array, url: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new UpstreamError(`${url} did not answer JSON: the body is not UTF-8.`, url);
  }
  const parsed = parseStrict(text, MAX_BODY_DEPTH);
  if (!parsed.ok) {
    const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
    throw new UpstreamError(
      `${url} did not answer JSON (${parsed.error.message}${parsed.error.jsonPath ? ` at ${parsed.error.jsonPath}` : ''}); it starts with ${JSON.stringify(start)}. Is this the base URL of a registry serving /v0.1?`,
      url,
    );
  }
  return parsed.value;
}

export function readServerList(value: unknown, url: string): ServerListPage {
  const bad = (path: string, what: string): never => {
    throw new UpstreamError(
      `${url} is not an official ServerList: ${path} ${what} (schemas/openapi/official-openapi.yaml).`,
      url,
    );
  };
  if (!isObject(value)) return bad('$', 'must be an object');
  if (!Array.isArray(value.servers)) return bad('$.servers', 'must be an array');
  const records = value.servers.map((item, i) => readRecord(item, `$.servers[${i}]`, bad));
  const metadata = value.metadata;
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) return bad('$.metadata', 'must be an object');
  const cursor = isObject(metadata) ? metadata.nextCursor : undefined;
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string')
    return bad('$.metadata.nextCursor', 'must be a string');
  return typeof cursor === 'string' && cursor !== '' ? { records, nextCursor: cursor } : { records };
}

/** One official `ServerResponse` body (`GET …/versions/{version}`) → its record. */
export function readServerResponse(value: unknown, url: string): UpstreamRecord {
  return readRecord(value, '$', (path, what) => {
    throw new UpstreamError(
      `${url} is not an official ServerResponse: ${path} ${what} (schemas/openapi/official-openapi.yaml).`,
      url,
    );
  });
}

function readRecord(item: unknown, path: string, bad: (path: string, what: string) => never): UpstreamRecord {
  if (!isObject(item)) return bad(path, 'must be an object');
  const server = item.server;
  if (!isObject(server)) return bad(`${path}.server`, 'must be an object');
  if (typeof server.name !== 'string') return bad(`${path}.server.name`, 'must be a string');
  if (typeof server.version !== 'string') return bad(`${path}.server.version`, 'must be a string');
  const meta = item._meta;
  if (meta !== undefined && !isObject(meta)) return bad(`${path}._meta`, 'must be an object');
  const official = isObject(meta) ? meta[OFFICIAL_META_KEY] : undefined;
  const at = `${path}._meta["${OFFICIAL_META_KEY}"]`;
  if (official !== undefined && !isObject(official)) return bad(at, 'must be an object');
  const o = isObject(official) ? official : {};
  const status = o.status ?? 'active';
  if (!STATUSES.includes(status as Status)) return bad(`${at}.status`, `must be one of ${STATUSES.join(', ')}`);
  if (o.statusMessage !== undefined && o.statusMessage !== null && typeof o.statusMessage !== 'string')
    return bad(`${at}.statusMessage`, 'must be a string');
  if (o.updatedAt !== undefined && (typeof o.updatedAt !== 'string' || Number.isNaN(Date.parse(o.updatedAt))))
    return bad(`${at}.updatedAt`, 'must be an RFC 3339 date-time');
  const record: UpstreamRecord = { name: server.name, version: server.version, server, status: status as Status };
  if (typeof o.statusMessage === 'string' && o.statusMessage !== '') record.statusMessage = o.statusMessage;
  if (typeof o.updatedAt === 'string') record.updatedAt = o.updatedAt;
  return record;
}

/**
 * An oracle of the official read API, written from the official Go handlers (modelcontextprotocol/registry
 * internal/api/handlers/v0/servers.go over internal/database/postgres.go, huma v2 parameter parsing) as plainly
 * as possible, over the static build's records: filter rows like the SQL WHERE clause, order by (name, version),
 * seek past the cursor, take `limit`, emit `nextCursor` when the page is full. It shares no code with the handler.
 *
 * Deliberate choices where the official registry is silent or differs, named so a test can see them:
 * - `search` matches the name or the description (the official registry's current behaviour), case-insensitively;
 * - `/versions` is newest publish first in the records module's order (the official SQL leaves ties open);
 * - errors are problem JSON `{title, status, detail[, errors]}` as huma writes them, without `$schema`.
 */
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { newestFirst } from '../../scripts/records/build-records.ts';

export interface Answer {
  status: number;
  body: string;
}

const title: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 422: 'Unprocessable Entity' };
const fail = (status: number, detail: string, errors?: unknown[]): Answer => ({
  status,
  body: JSON.stringify({ title: title[status], status, detail, ...(errors ? { errors } : {}) }),
});
const ok = (value: unknown): Answer => ({ status: 200, body: JSON.stringify(value) });

/** huma: an empty value is no value. */
const get = (q: URLSearchParams, k: string) => (q.get(k) === '' ? null : q.get(k));

function goInt(raw: string): number | 'invalid' {
  if (!/^[-+]?\d+$/.test(raw)) return 'invalid';
  const n = BigInt(raw);
  return n > 2n ** 63n - 1n || n < -(2n ** 63n) ? 'invalid' : Number(n);
}

function goBool(raw: string): boolean | 'invalid' {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return 'invalid';
}

/** Go time.Parse(time.RFC3339): exact shape, fields in range; nanoseconds since the epoch as a bigint. */
function goTime(raw: string): bigint | undefined {
  const m = /^(\d\d\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[-+]\d\d:\d\d)$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as number[];
  const monthDays = [
    31,
    y! % 4 === 0 && (y! % 100 !== 0 || y! % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > monthDays[mo! - 1]! || h! > 23 || mi! > 59 || s! > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = m[8]!.slice(1).split(':').map(Number) as [number, number];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8]!.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const iso = `${String(y).padStart(4, '0')}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  const seconds = BigInt(Date.parse(iso) / 1000) - BigInt(offsetMinutes * 60);
  const nanos = BigInt(`${(m[7] ?? '.').slice(1)}000000000`.slice(0, 9));
  return seconds * 1_000_000_000n + nanos;
}

const nanosOf = (rfc3339: string) => goTime(rfc3339)!;
const official = (r: ServerRecord) => r._meta[OFFICIAL_META_KEY];
// Written out here, not imported: the oracle shares no code with what it judges.
const byNameVersion = (a: ServerRecord, b: ServerRecord) =>
  a.server.name < b.server.name
    ? -1
    : a.server.name > b.server.name
      ? 1
      : a.server.version < b.server.version
        ? -1
        : a.server.version > b.server.version
          ? 1
          : 0;

/** GET /v0.1/servers */
export function oracleList(records: readonly ServerRecord[], q: URLSearchParams): Answer {
  const errors: unknown[] = [];
  let limit = 30;
  const rawLimit = get(q, 'limit');
  if (rawLimit !== null) {
    const n = goInt(rawLimit);
    if (n === 'invalid') errors.push({ message: 'invalid integer', location: 'query.limit', value: rawLimit });
    else if (n < 1) errors.push({ message: 'expected number >= 1', location: 'query.limit', value: n });
    else if (n > 100) errors.push({ message: 'expected number <= 100', location: 'query.limit', value: n });
    else limit = n;
  }
  let includeDeleted: boolean | undefined;
  const rawDeleted = get(q, 'include_deleted');
  if (rawDeleted !== null) {
    const b = goBool(rawDeleted);
    if (b === 'invalid')
      errors.push({ message: 'invalid boolean', location: 'query.include_deleted', value: rawDeleted });
    else includeDeleted = b;
  }
  if (errors.length) return fail(422, 'validation failed', errors);

  let since: bigint | undefined;
  const rawSince = get(q, 'updated_since');
  if (rawSince !== null) {
    since = goTime(rawSince);
    if (since === undefined)
      return fail(400, 'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)');
    if (includeDeleted === false)
      return fail(
        400,
        'Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)',
      );
    includeDeleted = true;
  }
  const search = get(q, 'search');
  const version = get(q, 'version');
  const cursor = get(q, 'cursor');

  const rows = records.filter((r) => {
    const o = official(r);
    if (since !== undefined && !(nanosOf(o.updatedAt) > since)) return false;
    if (search !== null) {
      const s = search.toLowerCase();
      if (!r.server.name.toLowerCase().includes(s) && !String(r.server.description).toLowerCase().includes(s))
        return false;
    }
    if (version === 'latest' && !o.isLatest) return false;
    if (version !== null && version !== 'latest' && r.server.version !== version) return false;
    if (!includeDeleted && o.status === 'deleted') return false;
    if (cursor !== null) {
      const colon = cursor.indexOf(':');
      if (colon < 0) return r.server.name > cursor;
      const [n, v] = [cursor.slice(0, colon), cursor.slice(colon + 1)];
      return r.server.name > n || (r.server.name === n && r.server.version > v);
    }
    return true;
  });
  const page = [...rows].sort(byNameVersion).slice(0, limit);
  const last = page[page.length - 1];
  const metadata =
    last && page.length >= limit
      ? { nextCursor: `${last.server.name}:${last.server.version}`, count: page.length }
      : { count: page.length };
  return ok({ servers: page, metadata });
}

/** huma's plain bool with default false, for the single-server endpoints. */
function detailDeleted(q: URLSearchParams): boolean | Answer {
  const raw = get(q, 'include_deleted');
  if (raw === null) return false;
  const b = goBool(raw);
  if (b === 'invalid')
    return fail(422, 'validation failed', [
      { message: 'invalid boolean', location: 'query.include_deleted', value: raw },
    ]);
  return b;
}

/** GET /v0.1/servers/{name}/versions */
export function oracleVersions(records: readonly ServerRecord[], name: string, q: URLSearchParams): Answer {
  const includeDeleted = detailDeleted(q);
  if (typeof includeDeleted !== 'boolean') return includeDeleted;
  const rows = records.filter((r) => r.server.name === name && (includeDeleted || official(r).status !== 'deleted'));
  if (rows.length === 0) return fail(404, 'Server not found');
  return ok({ servers: newestFirst(rows), metadata: { count: rows.length } });
}

/** GET /v0.1/servers/{name}/versions/{version} (and `latest`) */
export function oracleVersion(
  records: readonly ServerRecord[],
  name: string,
  version: string,
  q: URLSearchParams,
): Answer {
  const includeDeleted = detailDeleted(q);
  if (typeof includeDeleted !== 'boolean') return includeDeleted;
  const row = records.find(
    (r) =>
      r.server.name === name &&
      (version === 'latest' ? official(r).isLatest : r.server.version === version) &&
      (includeDeleted || official(r).status !== 'deleted'),
  );
  return row ? ok(row) : fail(404, 'Server not found');
}

/** Every record matching a list query, in list order, ignoring paging (what a full cursor walk must visit). */
export function oracleAll(records: readonly ServerRecord[], q: URLSearchParams): ServerRecord[] | Answer {
  const params = new URLSearchParams(q);
  params.delete('cursor');
  params.set('limit', '100');
  const out: ServerRecord[] = [];
  for (;;) {
    const a = oracleList(records, params);
    if (a.status !== 200) return a;
    const page = JSON.parse(a.body) as { servers: ServerRecord[]; metadata: { nextCursor?: string } };
    out.push(...page.servers);
    if (!page.metadata.nextCursor) return out;
    params.set('cursor', page.metadata.nextCursor);
  }
}

/**
 * Requests to put to the handler and the oracle alike, and the checks that compare them. The same checks run
 * in-process (handler.test.ts) and in workerd over HTTP (workerd.test.ts): a `Fetch` is all they need.
 */
import { expect } from 'vitest';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../scripts/core/types.ts';
import { type Answer, oracleAll, oracleList, oracleVersion, oracleVersions } from './oracle.ts';

export interface Reply {
  status: number;
  body: string;
  headers: Headers;
}
/** GET a path relative to the API root (no leading slash), e.g. `v0.1/servers?limit=2`. */
export type Fetch = (path: string) => Promise<Reply>;

/** A small deterministic PRNG, so a failing case can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Values each list parameter takes: valid, edge and invalid ones, drawn from the records. */
export function parameterValues(records: readonly ServerRecord[]): Record<string, Array<string | undefined>> {
  const r = rng(11);
  const some = Array.from({ length: 6 }, () => pick(r, records));
  const times = some.map((x) => x._meta[OFFICIAL_META_KEY].updatedAt);
  const secondBefore = (t: string) => new Date(Date.parse(t) - 1000).toISOString().replace('.000Z', 'Z');
  const name = some[0]!.server.name;
  return {
    limit: [
      undefined,
      '1',
      '2',
      '3',
      '7',
      '30',
      '100',
      '0',
      '101',
      '-1',
      'abc',
      '',
      '1.5',
      '+2',
      '99999999999999999999',
    ],
    version: [undefined, 'latest', some[1]!.server.version, '1.0.0', '9.9.9-nope', ''],
    search: [
      undefined,
      '',
      name.slice(0, 6).toUpperCase(),
      name.split('/')[1]!.slice(1, 5),
      String(some[2]!.server.description).slice(3, 12).toUpperCase(),
      'zzz-no-match',
      '%',
      '_',
      '.',
    ],
    updated_since: [
      undefined,
      times[0],
      secondBefore(times[1]!),
      `${times[2]!.slice(0, 19)}.999999999Z`,
      `${times[3]!.slice(0, 19)}+02:00`,
      '1970-01-01T00:00:00Z',
      '2099-01-01T00:00:00Z',
      'yesterday',
      '2026-02-30T00:00:00Z',
      `${times[4]!.slice(0, 10)}t${times[4]!.slice(11, 19)}z`,
    ],
    include_deleted: [undefined, 'true', 'false', '1', 'F', 'yes', ''],
    cursor: [
      undefined,
      'bogus',
      `${name}:`,
      `${some[3]!.server.name}:${some[3]!.server.version}`,
      some[4]!.server.name,
      'zzzz',
      ':',
    ],
  };
}

/** Every parameter alone with each of its values, then `count` random combinations. */
export function listQueries(records: readonly ServerRecord[], count: number, seed = 1): URLSearchParams[] {
  const values = parameterValues(records);
  const out: URLSearchParams[] = [new URLSearchParams()];
  for (const [k, vs] of Object.entries(values))
    for (const v of vs) if (v !== undefined) out.push(new URLSearchParams({ [k]: v }));
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const q = new URLSearchParams();
    for (const [k, vs] of Object.entries(values)) {
      const v = pick(r, vs);
      if (v !== undefined && r() < 0.6) q.set(k, v);
    }
    out.push(q);
  }
  return out;
}

export function expectSame(reply: Reply, answer: Answer, what: string): void {
  expect({ status: reply.status, body: reply.body }, what).toEqual(answer);
}

/** Each list query answers exactly as the oracle. */
export async function checkListQueries(
  fetch: Fetch,
  records: readonly ServerRecord[],
  queries: readonly URLSearchParams[],
): Promise<number> {
  for (const prefix of ['v0.1', 'v0']) {
    for (const q of queries) {
      const query = q.toString();
      const reply = await fetch(`${prefix}/servers${query ? `?${query}` : ''}`);
      expectSame(reply, oracleList(records, q), `${prefix}/servers?${query}`);
    }
  }
  return queries.length * 2;
}

/** The filters every cursor walk covers: none, latest only, with deleted, a search, an updated_since. */
export function walkFilters(records: readonly ServerRecord[]): URLSearchParams[] {
  const values = parameterValues(records);
  return [
    new URLSearchParams(),
    new URLSearchParams({ version: 'latest' }),
    new URLSearchParams({ include_deleted: 'true' }),
    new URLSearchParams({ search: String(values.search![3]) }),
    new URLSearchParams({ updated_since: String(values.updated_since![2]) }),
  ];
}

/**
 * Cursor walks: from no cursor, follow `nextCursor` to the end; the walk visits exactly what the oracle's
 * filter selects, each record once, in list order. Pages may be shorter than `limit` when the handler caps its
 * pack reads; every page but the last still carries a cursor.
 */
export async function checkWalks(
  fetch: Fetch,
  records: readonly ServerRecord[],
  filters: readonly URLSearchParams[],
  limits: readonly number[],
): Promise<number> {
  let walks = 0;
  for (const filter of filters) {
    const expected = oracleAll(records, filter);
    if (!Array.isArray(expected)) continue;
    const want = expected.map(key);
    for (const limit of limits) {
      const q = new URLSearchParams(filter);
      q.set('limit', String(limit));
      const seen: string[] = [];
      for (let page = 0; ; page++) {
        expect(page, `walk ${q} does not end`).toBeLessThanOrEqual(want.length + 1);
        const reply = await fetch(`v0.1/servers?${q}`);
        expect(reply.status, `walk ${q}`).toBe(200);
        const body = JSON.parse(reply.body) as {
          servers: ServerRecord[];
          metadata: { nextCursor?: string; count: number };
        };
        expect(body.metadata.count).toBe(body.servers.length);
        expect(body.servers.length).toBeLessThanOrEqual(limit);
        seen.push(...body.servers.map(key));
        if (!body.metadata.nextCursor) break;
        q.set('cursor', body.metadata.nextCursor);
      }
      expect(seen, `walk ${filter} limit ${limit}`).toEqual(want);
      expect(new Set(seen).size).toBe(seen.length);
      walks++;
    }
  }
  return walks;
}

/** Every server (or every `every`-th) by each name spelling: versions, latest, each version (raw and encoded), misses. */
export async function checkServers(fetch: Fetch, records: readonly ServerRecord[], every = 1): Promise<number> {
  let n = 0;
  const names = [...new Set(records.map((r) => r.server.name))].filter((_, i) => i % every === 0);
  const deleted = [
    '',
    '?include_deleted=true',
    '?include_deleted=false',
    '?include_deleted=nope',
    '?include_deleted=1',
  ];
  for (const name of names) {
    const [ns, server] = name.split('/') as [string, string];
    for (const spelled of [`${ns}%2F${server}`, `${ns}/${server}`, `${ns}%2f${server}`]) {
      for (const d of deleted) {
        const q = new URLSearchParams(d.slice(1));
        expectSame(
          await fetch(`v0.1/servers/${spelled}/versions${d}`),
          oracleVersions(records, name, q),
          `${spelled} versions${d}`,
        );
        expectSame(
          await fetch(`v0/servers/${spelled}/versions/latest${d}`),
          oracleVersion(records, name, 'latest', q),
          `${spelled} latest${d}`,
        );
        n += 2;
      }
    }
    for (const r of records.filter((x) => x.server.name === name)) {
      const v = r.server.version;
      for (const spelledVersion of new Set([v, encodeURIComponent(v)])) {
        for (const d of ['', '?include_deleted=true']) {
          const q = new URLSearchParams(d.slice(1));
          expectSame(
            await fetch(`v0.1/servers/${encodeURIComponent(name)}/versions/${spelledVersion}${d}`),
            oracleVersion(records, name, v, q),
            `${name} ${spelledVersion}${d}`,
          );
          n++;
        }
      }
    }
    expectSame(
      await fetch(`v0.1/servers/${encodeURIComponent(name)}/versions/0.0.0-missing`),
      oracleVersion(records, name, '0.0.0-missing', new URLSearchParams()),
      `${name} missing version`,
    );
  }
  expectSame(
    await fetch('v0.1/servers/com.example%2Fno-such-server/versions'),
    oracleVersions(records, 'com.example/no-such-server', new URLSearchParams()),
    'unknown server',
  );
  return n;
}

export const key = (r: ServerRecord) => `${r.server.name}@${r.server.version}`;

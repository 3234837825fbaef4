/**
 * A registry speaking the official read API (schemas/openapi/official-openapi.yaml), as the official registry serves it:
 * `GET /v0.1/servers` lists every version (name then version order) with `limit` (default 30, at most 100), opaque
 * cursors (sealed with a per-fake key, refused with 400 when forged), `updated_since` (strictly after, deleted
 * versions included), `include_deleted` (default false) and `version=latest`; `GET …/{name}/versions` (newest publish
 * first) and `GET …/{name}/versions/{version|latest}`, with `{"error": …}` 404s. Status lives in
 * `_meta["io.modelcontextprotocol.registry/official"]`. Tests change the catalogue between runs (publish, deprecate,
 * delete) and script misbehaviour through the HttpsFake base (429, non-JSON) or `repeatCursor`.
 */
import { byNameThenVersion } from '../../records/order.ts';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pickLatest } from '../../core/latest.ts';
import { OFFICIAL_META_KEY, type ServerRecord, type Status } from '../../core/types.ts';
import { sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

export interface UpstreamVersion {
  server: Record<string, unknown> & { name: string; version: string };
  status: Status;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  statusChangedAt: string;
}

export interface UpstreamFake extends HttpsFake {
  versions: UpstreamVersion[];
  /** Publish a version at `at` (RFC 3339). */
  publish(server: UpstreamVersion['server'], at: string): void;
  /** Change a version's status (and its updatedAt) at `at`. */
  setStatus(name: string, version: string, status: Status, at: string, message?: string): void;
  /** Misbehave: every page answers the same nextCursor. */
  repeatCursor: boolean;
}

export async function startUpstreamFake(options: HttpsFakeOptions = {}): Promise<UpstreamFake> {
  const key = randomBytes(32);
  const seal = (s: string): string => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(s, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
  };
  const open = (t: string): string | undefined => {
    try {
      const b = Buffer.from(t, 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  };
  const stuck = seal('\u0000');
  const versions: UpstreamVersion[] = [];
  let api: UpstreamFake | undefined;

  const record = (v: UpstreamVersion): ServerRecord => {
    const siblings = versions.filter((o) => o.server.name === v.server.name);
    const latest = pickLatest(
      siblings.map((o) => ({ version: o.server.version, publishedAt: o.publishedAt, status: o.status })),
    );
    return {
      server: v.server as ServerRecord['server'],
      _meta: {
        [OFFICIAL_META_KEY]: {
          status: v.status,
          ...(v.statusMessage ? { statusMessage: v.statusMessage } : {}),
          statusChangedAt: v.statusChangedAt,
          publishedAt: v.publishedAt,
          updatedAt: v.updatedAt,
          isLatest: latest === v.server.version,
        },
      },
    };
  };
  const order = byNameThenVersion;

  const fake = await startHttpsFake((_req, res, url) => {
    const q = url.searchParams;
    if (url.pathname === '/v0.1/servers' || url.pathname === '/v0.1/servers/') {
      const limitText = q.get('limit') ?? '30';
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
        return sendJson(res, 400, { error: 'limit must be a positive integer' });
      const limit = Math.min(100, Number(limitText));
      const since = q.get('updated_since');
      if (since !== null && Number.isNaN(Date.parse(since)))
        return sendJson(res, 400, { error: 'updated_since must be RFC 3339' });
      const includeDeleted = since !== null || q.get('include_deleted') === 'true';
      let after: string | undefined;
      if (q.has('cursor')) {
        after = open(q.get('cursor')!);
        if (after === undefined) return sendJson(res, 400, { error: 'invalid cursor' });
      }
      let list = [...versions].sort(order).filter((v) => includeDeleted || v.status !== 'deleted');
      if (since !== null) list = list.filter((v) => Date.parse(v.updatedAt) > Date.parse(since));
      const records = list
        .map(record)
        .filter((r) => q.get('version') !== 'latest' || r._meta[OFFICIAL_META_KEY].isLatest);
      const keyOf = (r: ServerRecord) => `${r.server.name}\u0000${r.server.version}`;
      const start = after === undefined ? 0 : records.findIndex((r) => keyOf(r) > after!);
      const page = start === -1 ? [] : records.slice(start, start + limit);
      const more = start !== -1 && start + limit < records.length;
      const next = api?.repeatCursor ? stuck : more ? seal(keyOf(page.at(-1)!)) : undefined;
      return sendJson(res, 200, {
        servers: page,
        metadata: { count: page.length, ...(next ? { nextCursor: next } : {}) },
      });
    }
    const m = url.pathname.match(/^\/v0\.1\/servers\/([^/]+)\/versions(?:\/([^/]+))?$/);
    if (!m) return sendJson(res, 404, { error: 'Not found' });
    const name = decodeURIComponent(m[1]!);
    const includeDeleted = q.get('include_deleted') === 'true';
    const mine = versions.filter((v) => v.server.name === name);
    const shown = mine.filter((v) => includeDeleted || v.status !== 'deleted');
    if (shown.length === 0) return sendJson(res, 404, { error: 'Server not found' });
    if (m[2] === undefined) {
      const list = shown
        .map(record)
        .sort((a, b) => (a._meta[OFFICIAL_META_KEY].publishedAt < b._meta[OFFICIAL_META_KEY].publishedAt ? 1 : -1));
      return sendJson(res, 200, { servers: list, metadata: { count: list.length } });
    }
    const wanted = decodeURIComponent(m[2]);
    const one = shown
      .map(record)
      .find((r) => (wanted === 'latest' ? r._meta[OFFICIAL_META_KEY].isLatest : r.server.version === wanted));
    return one ? sendJson(res, 200, one) : sendJson(res, 404, { error: 'Server not found' });
  }, options);

  api = Object.assign(fake, {
    versions,
    repeatCursor: false,
    publish(server: UpstreamVersion['server'], at: string) {
      versions.push({ server, status: 'active', publishedAt: at, updatedAt: at, statusChangedAt: at });
    },
    setStatus(name: string, version: string, status: Status, at: string, message?: string) {
      const v = versions.find((o) => o.server.name === name && o.server.version === version);
      if (!v) throw new Error(`no ${name} ${version} upstream`);
      v.status = status;
      v.statusChangedAt = at;
      v.updatedAt = at;
      if (message) v.statusMessage = message;
      else delete v.statusMessage;
    },
  });
  return api;
}

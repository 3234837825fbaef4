/**
 * The fetch adapter against a real loopback HTTPS upstream speaking the official API: paging with real opaque cursors,
 * updated_since, the versions endpoint, and every way an upstream can misbehave (a repeated cursor, too many pages,
 * a non-JSON answer, 429 with its retry hint), plus the safe fetch's own refusals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFetchContext } from '../../scripts/net/context.ts';
import { UpstreamError } from '../../scripts/proofs/upstream-records.ts';
import { listServers, listVersions, upstreamBase } from '../../scripts/import/upstream.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import { fakeConfig } from '../fakes/index.ts';
import { startUpstreamFake, type UpstreamFake } from '../fakes/index.ts';

let up: UpstreamFake;
const doc = (name: string, version: string) => ({ $schema: CURRENT_SCHEMA_URL, name, description: 'd', version });
const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T10:00:00Z`;

beforeAll(async () => {
  up = await startUpstreamFake();
  for (let i = 0; i < 7; i++) up.publish(doc(`io.github.acme/s${i}`, '1.0.0'), day(i + 1));
  up.publish(doc('io.github.acme/s0', '1.1.0'), day(10));
  up.setStatus('io.github.acme/s1', '1.0.0', 'deleted', day(11), 'gone');
});
afterAll(async () => up?.close());
beforeEach(() => {
  up.reset();
  up.repeatCursor = false;
  up.requests.length = 0;
});

const base = () => `${up.url}/`;
const ctx = async () => createFetchContext(await fakeConfig());

describe('listServers', () => {
  it('follows opaque cursors until nextCursor is absent, deleted versions included', async () => {
    const listing = await listServers(base(), undefined, await ctx(), { pageSize: 3, maxPages: 10 });
    expect(listing.pages).toBe(3);
    expect(listing.records.map((r) => `${r.name}@${r.version}`)).toHaveLength(8);
    expect(listing.records.find((r) => r.name === 'io.github.acme/s1')).toMatchObject({
      status: 'deleted',
      statusMessage: 'gone',
    });
    const cursors = up.requests.map((r) => new URL(r.path, up.url).searchParams.get('cursor'));
    expect(cursors[0]).toBeNull();
    expect(cursors[1]).toMatch(/^[A-Za-z0-9_-]{30,}$/); // opaque, sent back exactly
  });

  it('asks only for what changed since a time', async () => {
    const listing = await listServers(base(), day(9), await ctx());
    expect(listing.records.map((r) => `${r.name}@${r.version}`)).toEqual([
      'io.github.acme/s0@1.1.0',
      'io.github.acme/s1@1.0.0',
    ]);
    expect(up.requests[0]!.path).toContain(`updated_since=${encodeURIComponent(day(9))}`);
  });

  it('stops on a cursor it was given before', async () => {
    up.repeatCursor = true;
    const error = await listServers(base(), undefined, await ctx(), { pageSize: 3, maxPages: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/nextCursor it had already given.*loop forever/);
    expect(up.requests).toHaveLength(2);
  });

  it('stops at the bound on pages', async () => {
    const error = await listServers(base(), undefined, await ctx(), { pageSize: 2, maxPages: 2 }).catch((e) => e);
    expect(error.message).toMatch(/still had more pages after 2/);
  });

  it('reports a non-JSON answer and a 429 with its Retry-After', async () => {
    up.script({ path: '/v0.1/servers', behaviour: { status: 200, body: '<html>maintenance</html>' }, once: true });
    await expect(listServers(base(), undefined, await ctx())).rejects.toThrow(/did not answer JSON.*<html>maintenance/);
    up.script({ path: '/v0.1/servers', behaviour: { status: 429, headers: { 'retry-after': '120' } }, once: true });
    const limited = await listServers(base(), undefined, await ctx()).catch((e) => e);
    expect(limited).toBeInstanceOf(UpstreamError);
    expect(limited.retryAfterSeconds).toBe(120);
    expect(limited.message).toMatch(/429 Too Many Requests: it asks to wait 120 s/);
  });

  it('refuses an answer that is JSON but not a ServerList, naming the path', async () => {
    up.script({
      path: '/v0.1/servers',
      behaviour: { status: 200, body: '{"servers":[{"server":{"name":"a/b"}}]}' },
      once: true,
    });
    await expect(listServers(base(), undefined, await ctx())).rejects.toThrow(
      /\$\.servers\[0\]\.server\.version must be a string/,
    );
  });

  it('goes through the safe fetch: loopback is refused unless the test allows it, http is refused', async () => {
    const strict = createFetchContext(await fakeConfig({ allowLoopback: false }));
    await expect(listServers(base(), undefined, strict)).rejects.toThrow(/Reading the upstream failed/);
    expect(up.requests).toHaveLength(0);
    expect(upstreamBase(`http://127.0.0.1:${up.port}`)).toEqual({
      error: 'the upstream must be an https:// URL, not http://',
    });
    expect(upstreamBase('https://registry.example.org/v0.1/servers')).toEqual({
      base: 'https://registry.example.org/',
    });
    expect(upstreamBase('https://example.org/mirror')).toEqual({ base: 'https://example.org/mirror/' });
  });
});

describe('listVersions', () => {
  it('reads every version of one server (encoded name, deleted included), undefined when unknown', async () => {
    const c = await ctx();
    const s0 = await listVersions(base(), 'io.github.acme/s0', c);
    expect(s0!.map((r) => r.version)).toEqual(['1.1.0', '1.0.0']);
    expect((await listVersions(base(), 'io.github.acme/s1', c))![0]!.status).toBe('deleted');
    expect(await listVersions(base(), 'io.github.acme/none', c)).toBeUndefined();
    expect(up.requests[0]!.path).toBe('/v0.1/servers/io.github.acme%2Fs0/versions?include_deleted=true');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchContext, fetchStats } from '../../scripts/net/context.ts';
import { safeFetch, textBody } from '../../scripts/net/safe-fetch.ts';
import { fakeConfig, send, startHttpsFake, type HttpsFake } from '../fakes/index.ts';

let a: HttpsFake;
let b: HttpsFake;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  a = await startHttpsFake(
    (req, res, url) => {
      if (url.pathname === '/slow-ok') {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          send(res, 200, 'done');
        }, 50);
        return;
      }
      if (url.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (url.pathname === '/hello') return send(res, 200, `hello ${req.headers.host}`);
      send(res, 404, 'no');
    },
    { hostnames: ['registry.example.test'] },
  );
  b = await startHttpsFake((req, res) => send(res, 200, `b auth=${req.headers.authorization ?? 'none'}`));
});
afterAll(async () => {
  await a.close();
  await b.close();
});

async function ctxWith(extra: Parameters<typeof fakeConfig>[0] = {}) {
  return createFetchContext(await fakeConfig(extra));
}

describe('safeFetch', () => {
  it('fetches over https from a trusted test CA and logs the request', async () => {
    const ctx = await ctxWith();
    const r = await safeFetch(`${a.url}/hello`, ctx);
    expect(r.ok && textBody(r)).toBe(`hello 127.0.0.1:${a.port}`);
    expect(ctx.log).toEqual([
      {
        method: 'GET',
        url: `${a.url}/hello`,
        status: 200,
        bytes: 'hello 127.0.0.1:'.length + String(a.port).length,
        outcome: 'ok',
      },
    ]);
    expect(fetchStats(ctx)).toEqual({ requests: 1, bytes: ctx.log[0]!.bytes });
  });

  it('refuses plain http without connecting', async () => {
    const r = await safeFetch(`http://127.0.0.1:${a.port}/hello`, await ctxWith());
    expect(r).toMatchObject({ ok: false, kind: 'not-https', retryable: false });
  });

  it('refuses loopback when the config does not allow it, before any connection', async () => {
    const before = a.requests.length;
    const r = await safeFetch(`${a.url}/hello`, await ctxWith({ allowLoopback: false }));
    expect(r).toMatchObject({ ok: false, kind: 'refused-address', retryable: false });
    expect(a.requests.length).toBe(before);
  });

  it('fails TLS when the test CA is not trusted', async () => {
    const r = await safeFetch(`${a.url}/hello`, await ctxWith({ extraCaFile: '' }));
    expect(r).toMatchObject({ ok: false, kind: 'tls', retryable: false });
  });

  it('maps a host name to an address with hostMap and still verifies the certificate for that name', async () => {
    const ctx = await ctxWith({
      hostMap: { 'registry.example.test': `127.0.0.1:${a.port}`, 'other.example.test': `127.0.0.1:${a.port}` },
    });
    const r = await safeFetch('https://registry.example.test/hello', ctx);
    expect(r.ok && textBody(r)).toBe('hello registry.example.test');
    const wrongName = await safeFetch('https://other.example.test/hello', ctx);
    expect(wrongName).toMatchObject({ ok: false, kind: 'tls' });
  });

  it('fails closed on 429 with a retry hint', async () => {
    a.script({ path: '/limited', behaviour: { status: 429, headers: { 'retry-after': '30' } } });
    const r = await safeFetch(`${a.url}/limited`, await ctxWith());
    expect(r).toMatchObject({ ok: false, kind: 'rate-limited', retryable: true, status: 429, retryAfterSeconds: 30 });
  });

  it('fails closed on 5xx with a retry hint, and on 404 without one', async () => {
    a.script({ path: '/broken', behaviour: { status: 503 } });
    expect(await safeFetch(`${a.url}/broken`, await ctxWith())).toMatchObject({
      ok: false,
      kind: 'http-status',
      status: 503,
      retryable: true,
    });
    expect(await safeFetch(`${a.url}/missing`, await ctxWith())).toMatchObject({
      ok: false,
      kind: 'http-status',
      status: 404,
      retryable: false,
    });
  });

  it('times out a slow answer', async () => {
    a.script({ path: '/stall', behaviour: { delayMs: 3_000 } });
    const r = await safeFetch(`${a.url}/stall`, await ctxWith({ network: { timeoutMs: 200 } }));
    expect(r).toMatchObject({ ok: false, kind: 'timeout', retryable: true });
  });

  it('caps the body size, streamed or declared', async () => {
    a.script({ path: '/big-stream', behaviour: { oversized: 300_000 } });
    a.script({ path: '/big-declared', behaviour: { oversized: 300_000, declareLength: true } });
    const ctx = await ctxWith({ network: { maxResponseBytes: 100_000 } });
    expect(await safeFetch(`${a.url}/big-stream`, ctx)).toMatchObject({
      ok: false,
      kind: 'too-large',
      retryable: false,
    });
    expect(await safeFetch(`${a.url}/big-declared`, ctx)).toMatchObject({ ok: false, kind: 'too-large' });
    const ok = await safeFetch(`${a.url}/big-stream`, ctx, { maxBytes: 400_000 });
    expect(ok.ok && ok.body.byteLength).toBe(300_000);
  });

  it('follows a redirect and reports the final URL', async () => {
    a.script({ path: '/moved', behaviour: { redirect: '/hello', status: 301 } });
    const r = await safeFetch(`${a.url}/moved`, await ctxWith());
    expect(r).toMatchObject({ ok: true, finalUrl: `${a.url}/hello` });
  });

  it('re-checks the address at every hop: a redirect to another loopback port is refused', async () => {
    // The first hop is allowed (its port is listed), the redirect target is not: no request reaches b.
    a.script({ path: '/to-b', behaviour: { redirect: `https://127.0.0.1:${b.port}/` } });
    const before = b.requests.length;
    const r = await safeFetch(`${a.url}/to-b`, await ctxWith({ allowLoopback: false, allowLoopbackPorts: [a.port] }));
    expect(r).toMatchObject({ ok: false, kind: 'refused-address', retryable: false });
    expect(b.requests.length).toBe(before);
  });

  it('refuses redirects to private, link-local and IPv4-mapped loopback addresses', async () => {
    const ctx = await ctxWith({ allowLoopback: false, allowLoopbackPorts: [a.port] });
    for (const target of [
      'https://10.0.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/',
      'https://[::1]/',
    ]) {
      a.script({ path: '/to-private', behaviour: { redirect: target }, once: true });
      expect(await safeFetch(`${a.url}/to-private`, ctx)).toMatchObject({ ok: false, kind: 'refused-address' });
    }
  });

  it('refuses a redirect to http and bounds the number of redirects', async () => {
    a.script({ path: '/to-http', behaviour: { redirect: `http://127.0.0.1:${a.port}/hello` } });
    expect(await safeFetch(`${a.url}/to-http`, await ctxWith())).toMatchObject({ ok: false, kind: 'not-https' });
    expect(await safeFetch(`${a.url}/loop`, await ctxWith())).toMatchObject({ ok: false, kind: 'redirect' });
  });

  it('treats any redirect as a failure when redirects are not allowed', async () => {
    a.script({ path: '/moved-again', behaviour: { redirect: '/hello' } });
    expect(await safeFetch(`${a.url}/moved-again`, await ctxWith(), { followRedirects: false })).toMatchObject({
      ok: false,
      kind: 'redirect',
      status: 302,
    });
  });

  it('drops the Authorization header when a redirect leaves the origin', async () => {
    a.script({ path: '/to-b-auth', behaviour: { redirect: `https://127.0.0.1:${b.port}/` } });
    const r = await safeFetch(`${a.url}/to-b-auth`, await ctxWith(), { headers: { authorization: 'Bearer secret' } });
    expect(r.ok && textBody(r)).toBe('b auth=none');
  });

  it('limits concurrent requests per host', async () => {
    const ctx = await ctxWith({ network: { perHostConcurrency: 2 } });
    maxInFlight = 0;
    const results = await Promise.all(Array.from({ length: 6 }, () => safeFetch(`${a.url}/slow-ok`, ctx)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxInFlight).toBe(2);
    expect(fetchStats(ctx).requests).toBe(6);
  });
});

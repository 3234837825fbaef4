import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../scripts/core/errors.ts';
import { startPreview, type Preview } from '../../scripts/preview/server.ts';

let dir: string;
let root: Preview;
let mounted: Preview;
let literal: Preview;

/** A raw GET (no redirect following, path sent byte for byte). */
function get(
  base: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(base);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preview-'));
  const w = (p: string, s: string) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), s);
  };
  w('v0.1/servers/index.html', '{"servers":[]}');
  w('v0.1/servers/a.b/c/versions/1.0.0+x', '{"v":"plus"}');
  w('v0.1/servers/a.b%2Fc/versions/1.0.0%2Bx', '{"v":"literal"}');
  w('about.html', '<p>about</p>');
  w('data.json', '{}');
  w('folder/file', 'no extension');
  w('folder-no-index/x.txt', 'x');
  root = await startPreview({ dir });
  mounted = await startPreview({ dir, basePath: 'registry' });
  literal = await startPreview({ dir, percentDecoding: 'literal' });
});
afterAll(async () => {
  await Promise.all([root?.close(), mounted?.close(), literal?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('GitHub-Pages-like preview', () => {
  it('answers 301 from /dir to /dir/ and serves only index.html there', async () => {
    const r = await get(root.url, '/v0.1/servers?cursor=abc');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/v0.1/servers/?cursor=abc');
    const list = await get(root.url, '/v0.1/servers/?cursor=abc&limit=3');
    expect(list.status).toBe(200);
    expect(list.body).toBe('{"servers":[]}');
    expect(list.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get(root.url, '/folder-no-index/')).status).toBe(404);
  });

  it('ignores query strings, types by extension only, sends CORS and 10-minute caching', async () => {
    const json = await get(root.url, '/data.json?x=1');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(json.headers['cache-control']).toBe('max-age=600');
    const bare = await get(root.url, '/folder/file');
    expect(bare.headers['content-type']).toBe('application/octet-stream');
    expect(bare.body).toBe('no extension');
  });

  it('falls back to .html, and a miss is an HTML 404 with the same headers', async () => {
    expect((await get(root.url, '/about')).body).toBe('<p>about</p>');
    const miss = await get(root.url, '/nope');
    expect(miss.status).toBe(404);
    expect(miss.headers['content-type']).toMatch(/^text\/html/);
    expect(miss.headers['access-control-allow-origin']).toBe('*');
    expect((await get(root.url, '/../etc/passwd')).status).toBe(404);
    expect((await get(root.url, '/data.json', 'POST')).status).toBe(405);
    const head = await get(root.url, '/data.json', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('decodes %2F and %2B before the lookup by default; literal mode finds the encoded spellings', async () => {
    expect((await get(root.url, '/v0.1/servers/a.b%2Fc/versions/1.0.0%2Bx')).body).toBe('{"v":"plus"}');
    expect((await get(root.url, '/v0.1/servers/a.b/c/versions/1.0.0+x')).body).toBe('{"v":"plus"}');
    expect((await get(literal.url, '/v0.1/servers/a.b%2Fc/versions/1.0.0%2Bx')).body).toBe('{"v":"literal"}');
  });

  it('mounts under a base path like a project site', async () => {
    expect(mounted.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/registry\/$/);
    expect((await get(mounted.url, '/registry/data.json')).status).toBe(200);
    expect((await get(mounted.url, '/data.json')).status).toBe(404);
    const r = await get(mounted.url, '/registry');
    expect([r.status, r.headers.location]).toEqual([301, '/registry/']);
  });
});

describe('preview mistakes', () => {
  it('a missing folder is a user error that keeps the file system error as its cause', async () => {
    const missing = join(dir, 'no-such-dist');
    const e = await startPreview({ dir: missing }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(`${missing} does not exist; run \`npm run build\` first.`);
    expect(((e as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('a port already taken is a user error naming it, with the listen error as cause', async () => {
    const port = Number(new URL(root.url).port);
    const e = await startPreview({ dir, port }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(new RegExp(`^cannot serve on 127\\.0\\.0\\.1 port ${port}: `));
    expect(((e as Error).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });
});

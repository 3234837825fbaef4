/**
 * A static server that behaves like GitHub Pages, for `npm run preview` and for tests that want
 * a real HTTP client against a real dist/:
 *   - query strings are ignored;
 *   - `/dir` answers 301 to `/dir/`, and a folder is served only through its `index.html`;
 *   - `/foo` falls back to `foo.html` when there is no such file or folder;
 *   - the content type comes from the file extension only (none → application/octet-stream);
 *   - every response has `Access-Control-Allow-Origin: *` and `Cache-Control: max-age=600`;
 *   - a miss is an HTML 404 (the site's own `404.html` when it has one);
 *   - optionally mounted under a base path (`/registry/`), as a project site is.
 * Percent-escapes are decoded before the lookup (`%2F` becomes a folder separator), as the host
 * is believed to do; `percentDecoding: 'literal'` simulates a host that does not, so both
 * spellings the build writes can be tested.
 * With `api` (`npm run preview -- --api full`), every request under an official prefix goes to that
 * request handler instead — the edge's (scripts/edge/handler.ts) — and the rest is served as above.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.ts';
import { normalizeBasePath } from '../core/base-path.ts';
import { PREFIXES } from '../core/url-layout.ts';

export interface PreviewOptions {
  dir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default. */
  host?: string;
  /** Where the site is mounted, e.g. `/registry/` (default `/`). */
  basePath?: string;
  percentDecoding?: 'decode' | 'literal';
  /** Answer `<base>v0.1/…` and `<base>v0/…` with this handler instead of files. */
  api?: (request: Request) => Promise<Response>;
}

export interface Preview {
  /** The site root, always ending in `/`, e.g. `http://127.0.0.1:4321/registry/`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const root = resolve(options.dir);
  const rootStat = await stat(root).catch((e: NodeJS.ErrnoException) => {
    const why = e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.code ?? e.message})`;
    throw new UserError(`${root} ${why}; run \`npm run build\` first.`, { cause: e });
  });
  if (!rootStat.isDirectory())
    throw new UserError(`${root} is not a folder; serve the folder \`npm run build\` writes (dist/).`);
  const base = normalizeBasePath(options.basePath);
  const decode = (options.percentDecoding ?? 'decode') === 'decode';
  const api = options.api;
  const server = createServer((req, res) => {
    const work = api && isApiPath(base, req.url ?? '/') ? forward(api, req, res) : handle(root, base, decode, req, res);
    work.catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', (e) =>
      fail(
        new UserError(`cannot serve on ${host} port ${port}: ${e.message}; choose another --port or --host.`, {
          cause: e,
        }),
      ),
    );
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}${base}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  root: string,
  base: string,
  decode: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/html; charset=utf-8', page(405, 'Method not allowed'), req);
  }
  const raw = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
  const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
  if (`${raw}/` === base) return redirect(res, `${base}${query}`, req);
  if (!raw.startsWith(base)) return notFound(root, res, req);
  let rel = raw.slice(base.length);
  if (decode) {
    try {
      rel = decodeURIComponent(rel);
    } catch {
      return notFound(root, res, req);
    }
  }
  const segments = rel.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\0') || s.includes('\\')))
    return notFound(root, res, req);
  const target = join(root, ...segments.filter((s) => s !== ''));
  if (target !== root && !target.startsWith(root + sep)) return notFound(root, res, req);

  if (rel === '' || rel.endsWith('/')) {
    const index = join(target, 'index.html');
    if (await isFile(index)) return serveFile(res, index, req);
    return notFound(root, res, req);
  }
  const st = await stat(target).catch(() => undefined);
  if (st?.isFile()) return serveFile(res, target, req);
  if (st?.isDirectory()) return redirect(res, `${raw}/${query}`, req);
  if (await isFile(`${target}.html`)) return serveFile(res, `${target}.html`, req);
  return notFound(root, res, req);
}

function isApiPath(base: string, url: string): boolean {
  const path = url.split('?')[0]!;
  return PREFIXES.some((p) => path.startsWith(`${base}${p}/`));
}

/** Node request → fetch Request → the handler → Node response. */
async function forward(
  api: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const response = await api(new Request(url, { method: req.method ?? 'GET', headers }));
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    out[k] = v;
  });
  res.writeHead(response.status, out);
  if (!response.body) return void res.end();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

function commonHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cache-Control', 'max-age=600');
}

async function serveFile(res: ServerResponse, file: string, req: IncomingMessage): Promise<void> {
  const st = await stat(file);
  commonHeaders(res);
  res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Length': st.size });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((ok, fail) => {
    createReadStream(file)
      .on('error', fail)
      .pipe(res)
      .on('finish', () => ok());
  });
}

function redirect(res: ServerResponse, location: string, req: IncomingMessage): void {
  commonHeaders(res);
  res.setHeader('Location', location);
  send(res, 301, 'text/html; charset=utf-8', page(301, 'Moved Permanently'), req);
}

async function notFound(root: string, res: ServerResponse, req: IncomingMessage): Promise<void> {
  const custom = join(root, '404.html');
  if (await isFile(custom)) {
    const st = await stat(custom);
    commonHeaders(res);
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': st.size });
    if (req.method === 'HEAD') return void res.end();
    return new Promise<void>((ok, fail) => {
      createReadStream(custom)
        .on('error', fail)
        .pipe(res)
        .on('finish', () => ok());
    });
  }
  send(res, 404, 'text/html; charset=utf-8', page(404, 'File not found'), req);
}

function send(res: ServerResponse, status: number, type: string, body: string, req?: IncomingMessage): void {
  commonHeaders(res);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(req?.method === 'HEAD' ? undefined : body);
}

function page(status: number, title: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${status} ${title}</title></head><body><h1>${status}</h1><p>${title}</p></body></html>\n`;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

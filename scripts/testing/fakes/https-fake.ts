/**
 * The base of every HTTPS fake: a real node:https server on 127.0.0.1 with a certificate from the test
 * CA, a request log, and scriptable misbehaviour (429, 5xx, redirects, oversized bodies, slowness)
 * that takes precedence over the fake's normal routes.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testCa } from './tls.ts';

export interface LoggedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
}

export type Behaviour =
  /** Answer with this status (e.g. 429, 503), optional headers and body. */
  | { status: number; headers?: Record<string, string>; body?: string | Uint8Array }
  /** Redirect (302 unless given) to this absolute or relative URL. */
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** 200 with this many bytes; `declareLength` sends a Content-Length up front. */
  | { oversized: number; declareLength?: boolean }
  /** Wait this long before answering normally (longer than the client's timeout → a timeout). */
  | { delayMs: number };

export interface Script {
  /** Exact path (without query) or a pattern tested against the path. */
  path: string | RegExp;
  /** Only for requests to this Host (name without port), when given. */
  host?: string;
  behaviour: Behaviour;
  /** Use once, then fall back to the normal route (for retry flows). */
  once?: boolean;
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, fake: HttpsFake) => void | Promise<void>;

export interface HttpsFake {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  requests: LoggedRequest[];
  script(s: Script): void;
  /** Drop every script. */
  reset(): void;
  close(): Promise<void>;
}

export interface HttpsFakeOptions {
  /** Host names the certificate must cover besides localhost/127.0.0.1 (for config.network.testing.hostMap). */
  hostnames?: string[];
  scripts?: Script[];
}

export async function startHttpsFake(route: Route, options: HttpsFakeOptions = {}): Promise<HttpsFake> {
  const ca = await testCa();
  const { key, cert } = await ca.issue(options.hostnames ?? []);
  const scripts: Script[] = [...(options.scripts ?? [])];
  const timers = new Set<NodeJS.Timeout>();
  const requests: LoggedRequest[] = [];
  let fake!: HttpsFake;
  const server: Server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', host, headers: req.headers });
    const i = scripts.findIndex(
      (s) =>
        (s.host === undefined || s.host === host) &&
        (typeof s.path === 'string' ? s.path === url.pathname : s.path.test(url.pathname)),
    );
    const script = i === -1 ? undefined : scripts[i]!;
    if (script?.once) scripts.splice(i, 1);
    const normal = () => Promise.resolve(route(req, res, url, fake)).catch((e: Error) => send(res, 500, e.message));
    if (!script) return void normal();
    const b = script.behaviour;
    if ('delayMs' in b) {
      const t = setTimeout(() => {
        timers.delete(t);
        void normal();
      }, b.delayMs);
      timers.add(t);
      return;
    }
    if ('redirect' in b) return void res.writeHead(b.status ?? 302, { location: b.redirect }).end();
    if ('oversized' in b) {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        ...(b.declareLength ? { 'content-length': String(b.oversized) } : {}),
      });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = b.oversized;
      const pump = (): void => {
        while (left > 0) {
          const n = Math.min(left, chunk.byteLength);
          left -= n;
          if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      return pump();
    }
    res.writeHead(b.status, b.headers ?? {}).end(b.body ?? '');
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake = {
    url: `https://127.0.0.1:${port}`,
    port,
    requests,
    script: (s) => void scripts.push(s),
    reset: () => void scripts.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });
}

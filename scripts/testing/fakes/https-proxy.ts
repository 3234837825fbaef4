/**
 * An HTTPS front for a plain-HTTP loopback server (the `npm run preview` server), with a certificate from the test CA:
 * the safe fetch only speaks https, as a real Pages site does. Status, headers and body pass through unchanged.
 */
import { request } from 'node:http';
import { startHttpsFake, type HttpsFake } from './https-fake.ts';

export function startHttpsProxy(target: string): Promise<HttpsFake> {
  const to = new URL(target);
  return startHttpsFake(
    (req, res) =>
      new Promise<void>((done, fail) => {
        const upstream = request(
          {
            host: to.hostname,
            port: to.port,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, host: to.host },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res).on('finish', () => done());
          },
        );
        upstream.on('error', fail);
        upstream.end();
      }),
  );
}

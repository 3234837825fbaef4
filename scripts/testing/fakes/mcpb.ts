/**
 * A release-asset host: `GET /<owner>/<repo>/releases/download/<tag>/<file>` answers 302 to a storage
 * path on the same server (as GitHub does), which serves the bytes.
 */
import { send, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** path → bytes. */
export type McpbFiles = Record<string, Uint8Array | string>;

export async function startMcpbFake(
  options: HttpsFakeOptions & { files: McpbFiles; directly?: boolean },
): Promise<HttpsFake> {
  const files = options.files;
  const keys = Object.keys(files);
  return startHttpsFake((req, res, url) => {
    const storage = url.pathname.match(/^\/release-assets\/(\d+)$/);
    if (storage) {
      const body = files[keys[Number(storage[1])] ?? ''];
      if (body === undefined) return send(res, 404, 'Not Found');
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) });
      return void res.end(req.method === 'HEAD' ? undefined : bytes);
    }
    const i = keys.indexOf(url.pathname);
    if (i === -1) return send(res, 404, 'Not Found');
    if (options.directly) {
      const body = files[url.pathname]!;
      return send(res, 200, typeof body === 'string' ? Buffer.from(body) : body, {
        'content-type': 'application/octet-stream',
      });
    }
    res.writeHead(302, { location: `/release-assets/${i}` }).end();
  }, options);
}

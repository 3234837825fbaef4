/** `https://<domain>/.well-known/mcp-registry-auth`, one body per Host (reach it through config.network.testing.hostMap). */
import { send, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** domain → file body. */
export type WellKnownFiles = Record<string, string>;

export async function startWellKnownFake(
  options: HttpsFakeOptions & { files: WellKnownFiles },
): Promise<HttpsFake & { files: WellKnownFiles }> {
  const files = options.files;
  const hostnames = [...new Set([...(options.hostnames ?? []), ...Object.keys(files)])];
  const fake = await startHttpsFake(
    (req, res, url) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const body = files[host];
      if (url.pathname !== '/.well-known/mcp-registry-auth' || body === undefined) return send(res, 404, 'Not Found');
      send(res, 200, body);
    },
    { ...options, hostnames },
  );
  return Object.assign(fake, { files });
}

/** The npm registry's version document: `GET /<name>/<version>` (scoped names as `@scope%2fname` or `@scope/name`). */
import { sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** name → version → package.json fields (e.g. { mcpName: 'io.github.x/y' }). */
export type NpmPackages = Record<string, Record<string, Record<string, unknown>>>;

export async function startNpmFake(
  options: HttpsFakeOptions & { packages: NpmPackages },
): Promise<HttpsFake & { packages: NpmPackages }> {
  const packages = options.packages;
  const fake = await startHttpsFake((_req, res, url) => {
    const path = decodeURIComponent(url.pathname.slice(1));
    const m = path.match(/^(@[^/]+\/[^/]+|[^@/][^/]*)(?:\/([^/]+))?$/);
    const versions = m ? packages[m[1]!] : undefined;
    if (!m || !versions) return sendJson(res, 404, { error: 'Not found' });
    if (!m[2])
      return sendJson(res, 200, {
        name: m[1],
        versions: Object.fromEntries(Object.entries(versions).map(([v, d]) => [v, { name: m[1], version: v, ...d }])),
      });
    const doc = versions[m[2]];
    if (!doc) return sendJson(res, 404, `version not found: ${m[2]}`);
    sendJson(res, 200, { name: m[1], version: m[2], ...doc });
  }, options);
  return Object.assign(fake, { packages });
}

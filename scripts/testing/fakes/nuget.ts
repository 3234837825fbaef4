/**
 * NuGet v3: the service index at `/v3/index.json` (with ReadmeUriTemplate/6.13.0) and READMEs at
 * `/v3-flatcontainer/<lower id>/<lower version>/readme`.
 */
import { send, sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** package id → version → README text. Matched case-insensitively, as NuGet does. */
export type NugetPackages = Record<string, Record<string, string>>;

export async function startNugetFake(
  options: HttpsFakeOptions & { packages: NugetPackages; withoutReadmeResource?: boolean },
): Promise<HttpsFake & { indexUrl: string }> {
  const packages = options.packages;
  const fake = await startHttpsFake((_req, res, url, self) => {
    if (url.pathname === '/v3/index.json') {
      const resources = [
        { '@id': `${self.url}/v3-flatcontainer/`, '@type': 'PackageBaseAddress/3.0.0' },
        { '@id': `${self.url}/query`, '@type': 'SearchQueryService/3.5.0' },
      ];
      if (!options.withoutReadmeResource) {
        resources.push({
          '@id': `${self.url}/v3-flatcontainer/{lower_id}/{lower_version}/readme`,
          '@type': 'ReadmeUriTemplate/6.13.0',
        });
      }
      return sendJson(res, 200, { version: '3.0.0', resources });
    }
    const m = url.pathname.match(/^\/v3-flatcontainer\/([^/]+)\/([^/]+)\/readme$/);
    if (!m) return send(res, 404, '');
    const [id, version] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    // The real endpoint serves lower-case paths only.
    if (id !== id.toLowerCase() || version !== version.toLowerCase()) return send(res, 404, '');
    const pkg = Object.entries(packages).find(([k]) => k.toLowerCase() === id)?.[1];
    const readme = pkg && Object.entries(pkg).find(([v]) => v.toLowerCase() === version)?.[1];
    if (readme === undefined)
      return send(res, 404, '<Error><Code>BlobNotFound</Code></Error>', { 'content-type': 'application/xml' });
    send(res, 200, readme, { 'content-type': 'application/octet-stream' });
  }, options);
  return Object.assign(fake, { indexUrl: `${fake.url}/v3/index.json` });
}

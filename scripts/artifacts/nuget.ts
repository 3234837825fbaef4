/**
 * NuGet: the service index (config.registries.nuget.baseUrl) names the `ReadmeUriTemplate/6.13.0`
 * resource; the README for the lower-cased id and version (build metadata stripped) holds the marker.
 */
import type { PackageJson, ServerName } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { jsonBody, safeFetch, textBody } from '../net/safe-fetch.ts';
import { judgeMarker } from './pypi.ts';
import { failed, lookupFailed, type Proof } from '../core/proof.ts';

const CHECK = 'nuget-mcp-name';
const README_TYPE = 'ReadmeUriTemplate/6.13.0';

export async function verifyNuget(
  pkg: PackageJson,
  serverName: ServerName,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  const subject = `nuget:${pkg.identifier}@${pkg.version ?? '?'}`;
  if (!pkg.version) return failed(CHECK, subject, 'artifact-nuget', 'the package has no version to look up', jsonPath);
  const index = await safeFetch(ctx.config.registries.nuget.baseUrl, ctx, { headers: { accept: 'application/json' } });
  if (!index.ok) return lookupFailed(CHECK, subject, 'artifact-nuget', index, jsonPath);
  const doc = jsonBody(index) as { resources?: Array<Record<string, unknown>> } | undefined;
  const template = doc?.resources?.find((r) => r['@type'] === README_TYPE)?.['@id'];
  if (typeof template !== 'string')
    return failed(CHECK, subject, 'artifact-nuget', `the service index has no ${README_TYPE} resource`, jsonPath);
  const url = readmeUrl(template, pkg.identifier, pkg.version);
  const readme = await safeFetch(url, ctx, { headers: { accept: 'text/plain, text/markdown, */*' } });
  if (!readme.ok) {
    if (readme.status === 404)
      return failed(
        CHECK,
        subject,
        'artifact-nuget',
        `the package version has no README (${url} answered 404)`,
        jsonPath,
      );
    return lookupFailed(CHECK, subject, 'artifact-nuget', readme, jsonPath);
  }
  return judgeMarker(CHECK, subject, 'artifact-nuget', textBody(readme), serverName, 'the package README', jsonPath);
}

/** `{lower_id}` and `{lower_version}` filled in; build metadata (`+…`) is not part of a NuGet version's identity. */
export function readmeUrl(template: string, id: string, version: string): string {
  const v = version.replace(/\+.*$/, '').toLowerCase();
  return template
    .replaceAll('{lower_id}', encodeURIComponent(id.toLowerCase()))
    .replaceAll('{lower_version}', encodeURIComponent(v));
}

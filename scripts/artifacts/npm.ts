/** npm: `GET {base}/{package}/{version}` declares `mcpName` equal to the server name. */
import type { PackageJson, ServerName } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { jsonBody, safeFetch } from '../net/safe-fetch.ts';
import { failed, lookupFailed, passed, type Proof } from '../core/proof.ts';

const CHECK = 'npm-mcp-name';

export async function verifyNpm(
  pkg: PackageJson,
  serverName: ServerName,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  const subject = `npm:${pkg.identifier}@${pkg.version ?? '?'}`;
  if (!pkg.version) return failed(CHECK, subject, 'artifact-npm', 'the package has no version to look up', jsonPath);
  const url = `${trimSlash(ctx.config.registries.npm.baseUrl)}/${npmPathName(pkg.identifier)}/${encodeURIComponent(pkg.version)}`;
  const r = await safeFetch(url, ctx, { headers: { accept: 'application/json' } });
  if (!r.ok) return lookupFailed(CHECK, subject, 'artifact-npm', r, jsonPath);
  const doc = jsonBody(r) as { mcpName?: unknown } | undefined;
  if (!doc || typeof doc !== 'object')
    return failed(CHECK, subject, 'artifact-npm', `${url} did not return a JSON document`, jsonPath);
  if (doc.mcpName === serverName)
    return passed(CHECK, subject, 'artifact-npm', `package.json declares mcpName "${serverName}"`, jsonPath);
  const found = typeof doc.mcpName === 'string' ? `mcpName "${doc.mcpName}"` : 'no mcpName';
  return failed(CHECK, subject, 'artifact-npm', `package.json declares ${found}, expected "${serverName}"`, jsonPath);
}

/** `@scope/name` keeps its `@` and escapes the slash, as the registry expects. */
function npmPathName(id: string): string {
  return id.startsWith('@') ? `@${encodeURIComponent(id.slice(1))}` : encodeURIComponent(id);
}

export function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

/** PyPI: `GET {base}/pypi/{package}/{version}/json` → info.description holds the `mcp-name:` marker. */
import type { PackageJson, ServerName } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { jsonBody, safeFetch } from '../net/safe-fetch.ts';
import { declaredMcpNames, hasMcpNameMarker } from './marker.ts';
import { trimSlash } from './npm.ts';
import { failed, lookupFailed, passed, type Proof } from '../core/proof.ts';

const CHECK = 'pypi-mcp-name';

export async function verifyPypi(
  pkg: PackageJson,
  serverName: ServerName,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  const subject = `pypi:${pkg.identifier}==${pkg.version ?? '?'}`;
  if (!pkg.version) return failed(CHECK, subject, 'artifact-pypi', 'the package has no version to look up', jsonPath);
  const base = trimSlash(ctx.config.registries.pypi.baseUrl);
  const url = `${base}/pypi/${encodeURIComponent(pkg.identifier)}/${encodeURIComponent(pkg.version)}/json`;
  const r = await safeFetch(url, ctx, { headers: { accept: 'application/json' } });
  if (!r.ok) return lookupFailed(CHECK, subject, 'artifact-pypi', r, jsonPath);
  const doc = jsonBody(r) as { info?: { description?: unknown } } | undefined;
  const description = doc?.info?.description;
  if (typeof description !== 'string')
    return failed(
      CHECK,
      subject,
      'artifact-pypi',
      'the release has no description (README) to hold the mcp-name marker',
      jsonPath,
    );
  return judgeMarker(CHECK, subject, 'artifact-pypi', description, serverName, 'the release description', jsonPath);
}

export function judgeMarker(
  check: string,
  subject: string,
  rule: 'artifact-pypi' | 'artifact-nuget' | 'artifact-cargo',
  text: string,
  serverName: ServerName,
  where: string,
  jsonPath?: string,
): Proof {
  if (hasMcpNameMarker(text, serverName))
    return passed(check, subject, rule, `${where} contains "mcp-name: ${serverName}"`, jsonPath);
  const others = declaredMcpNames(text);
  const found = others.length
    ? `declares ${others.map((n) => `"mcp-name: ${n}"`).join(', ')}`
    : 'has no mcp-name marker';
  return failed(
    check,
    subject,
    rule,
    `${where} ${found}; expected "mcp-name: ${serverName}" followed by a character outside [A-Za-z0-9._/-]`,
    jsonPath,
  );
}

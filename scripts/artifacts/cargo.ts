/**
 * crates.io (registryType "cargo"): the crate version's README as crates.io renders it,
 * `GET {registries.cargo.readmeBaseUrl}/readmes/<crate>/<crate>-<version>.html`, shows `mcp-name: <name>` as text,
 * with the boundary rule of PyPI and NuGet (marker.ts).
 *
 * crates.io drops HTML comments when it renders a README, so the hidden `<!-- mcp-name: … -->` form of PyPI and NuGet
 * is not there; and the page is read as a reader sees it (html-text.ts), so a marker in a comment, an attribute or a
 * script never counts even when the host serves one. The official registry asks the crate API for this same URL
 * first; we build it from the layout instead, so no answer chooses where the check fetches.
 *
 * The README host answers 403, not 404, for a key it lacks, whether the version or only its README is missing: the
 * crate API (`GET {registries.cargo.baseUrl}/api/v1/crates/<crate>/<version>`) tells the cases apart for the message.
 * Every path that is not a README showing the marker fails.
 */
import type { PackageJson, ServerName } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { jsonBody, safeFetch, textBody, type FetchFailure } from '../net/safe-fetch.ts';
import { htmlText } from './html-text.ts';
import { trimSlash } from './npm.ts';
import { judgeMarker } from './pypi.ts';
import { failed, lookupFailed, type Proof } from '../core/proof.ts';

const CHECK = 'cargo-mcp-name';
const RULE = 'artifact-cargo';
const fix = (name: string): string =>
  `write "mcp-name: ${name}" as visible text in the README (crates.io drops HTML comments) and publish a new crate version`;

export async function verifyCargo(
  pkg: PackageJson,
  serverName: ServerName,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  const subject = `cargo:${pkg.identifier}@${pkg.version ?? '?'}`;
  if (!pkg.version) return failed(CHECK, subject, RULE, 'the package has no version to look up', jsonPath);
  const url = readmeUrl(ctx.config.registries.cargo.readmeBaseUrl, pkg.identifier, pkg.version);
  const r = await safeFetch(url, ctx, { headers: { accept: 'text/html' } });
  if (!r.ok) {
    if (r.status === 403 || r.status === 404) return missingReadme(pkg, serverName, subject, ctx, jsonPath);
    return lookupFailed(CHECK, subject, RULE, r, jsonPath);
  }
  const proof = judgeMarker(
    CHECK,
    subject,
    RULE,
    htmlText(textBody(r)),
    serverName,
    'the rendered crates.io README',
    jsonPath,
  );
  return proof.ok ? proof : { ...proof, detail: `${proof.detail}: ${fix(serverName)}` };
}

/** Where crates.io keeps a crate version's rendered README. */
export function readmeUrl(base: string, crate: string, version: string): string {
  const c = encodeURIComponent(crate);
  return `${trimSlash(base)}/readmes/${c}/${c}-${encodeURIComponent(version)}.html`;
}

/** The README host said 403/404: ask the crate API whether the version exists, for a message that says what to do. */
async function missingReadme(
  pkg: PackageJson,
  serverName: ServerName,
  subject: string,
  ctx: FetchContext,
  jsonPath: string | undefined,
): Promise<Proof> {
  const [crate, version] = [pkg.identifier, pkg.version ?? ''];
  const api = `${trimSlash(ctx.config.registries.cargo.baseUrl)}/api/v1/crates/${encodeURIComponent(crate)}/${encodeURIComponent(version)}`;
  const r = await safeFetch(api, ctx, { headers: { accept: 'application/json' } });
  if (!r.ok) {
    if (r.status === 404)
      return failed(
        CHECK,
        subject,
        RULE,
        `crate ${crate} version ${version} is not on crates.io (${api} answered 404)`,
        jsonPath,
      );
    return lookupFailed(CHECK, subject, RULE, withContext(r, 'the crate API'), jsonPath);
  }
  const published = (jsonBody(r) as { version?: { crate?: unknown } } | undefined)?.version?.crate;
  if (typeof published === 'string' && published !== crate)
    return failed(
      CHECK,
      subject,
      RULE,
      `crates.io names this crate "${published}", and its README is filed under that name: use "${published}" as the identifier`,
      jsonPath,
    );
  return failed(
    CHECK,
    subject,
    RULE,
    `crate ${crate} version ${version} exists but crates.io has no rendered README for it: ${fix(serverName)}`,
    jsonPath,
  );
}

function withContext(f: FetchFailure, what: string): FetchFailure {
  return { ...f, message: `the README was not found, and ${what} could not say why: ${f.message}` };
}

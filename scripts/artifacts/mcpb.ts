/**
 * MCPB bundles: an https release-asset URL on an allowed host (config.registries.mcpb.hosts) that
 * contains "mcp", downloaded (capped at config.network.maxMcpbBytes) and hashed: the sha256 must equal
 * fileSha256. The official registry only sends a HEAD; a hash nobody compares protects nobody.
 */
import { createHash } from 'node:crypto';
import type { PackageJson } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import { hostAllowed } from '../rules/packages.ts';
import { failed, lookupFailed, passed, type Proof } from '../core/proof.ts';

const CHECK = 'mcpb-sha256';

/**
 * Why a URL is not a release asset we accept, or undefined when it is. Pure. The semantic rule
 * package-mcpb-url (scripts/rules/packages.ts) says the same to the author; this guard makes sure the
 * network layer never downloads anything else, whichever caller reaches it.
 * GitHub: /<owner>/<repo>/releases/download/<tag>/<file>; GitLab: /<project…>/-/(releases|package_files|uploads)/….
 */
export function releaseAssetProblem(raw: string, hosts: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'is not https';
  if (url.username || url.password) return 'carries credentials';
  if (!hostAllowed(url.hostname.toLowerCase(), hosts)) return `is not on an allowed release host (${hosts.join(', ')})`;
  if (!raw.toLowerCase().includes('mcp')) return 'does not contain "mcp"';
  const p = url.pathname;
  const github = /^\/[^/]+\/[^/]+\/releases\/download\/[^/]+\/[^/]+$/;
  const gitlab = /^\/.+\/-\/(releases|package_files|uploads)\/.+$/;
  if (!github.test(p) && !gitlab.test(p)) return 'is not a release-asset download path';
  return undefined;
}

export async function verifyMcpb(pkg: PackageJson, ctx: FetchContext, jsonPath?: string): Promise<Proof> {
  const subject = `mcpb:${pkg.identifier}`;
  const problem = releaseAssetProblem(pkg.identifier, ctx.config.registries.mcpb.hosts);
  if (problem) return failed(CHECK, subject, 'artifact-mcpb', `the bundle URL ${problem}`, jsonPath);
  const expected = (pkg.fileSha256 ?? '').toLowerCase();
  if (!/^[a-f0-9]{64}$/.test(expected))
    return failed(CHECK, subject, 'artifact-mcpb', 'fileSha256 is not 64 hex digits', jsonPath);
  // Hash while streaming: a bundle may be up to maxMcpbBytes and need not sit in memory.
  const hash = createHash('sha256');
  const r = await safeFetch(pkg.identifier, ctx, {
    maxBytes: ctx.config.network.maxMcpbBytes,
    headers: { accept: 'application/octet-stream, */*' },
    onData: (chunk) => hash.update(chunk),
  });
  if (!r.ok) return lookupFailed(CHECK, subject, 'artifact-mcpb', r, jsonPath);
  const actual = hash.digest('hex');
  if (actual === expected)
    return passed(
      CHECK,
      subject,
      'artifact-mcpb',
      `the ${r.size}-byte bundle hashes to fileSha256 ${expected}`,
      jsonPath,
    );
  return failed(
    CHECK,
    subject,
    'artifact-mcpb',
    `the ${r.size}-byte bundle hashes to ${actual}, not fileSha256 ${expected}`,
    jsonPath,
  );
}

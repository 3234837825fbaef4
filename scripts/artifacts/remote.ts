/**
 * Remotes: https, and the host resolves to public addresses only (the same address policy as the
 * safe fetch). The remote itself is not contacted. `{var}`s in the host are filled with their
 * declared defaults; a host that cannot be known fails the check.
 */
import type { RemoteJson } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { bareHost, resolveHost } from '../net/resolve.ts';
import { failed, passed, type Proof } from '../core/proof.ts';

const CHECK = 'remote-address';

export async function verifyRemote(remote: RemoteJson, ctx: FetchContext, jsonPath?: string): Promise<Proof> {
  const subject = `remote:${remote.url}`;
  const filled = remote.url.replace(/\{([^{}]+)\}/g, (m, v: string) => {
    const d = remote.variables?.[v]?.default ?? remote.variables?.[v]?.value;
    return typeof d === 'string' ? d : m;
  });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return failed(
      CHECK,
      subject,
      'artifact-remote',
      'the URL is not an absolute URL (a variable in the host has no default)',
      jsonPath,
    );
  }
  if (url.protocol !== 'https:') return failed(CHECK, subject, 'artifact-remote', 'the URL is not https', jsonPath);
  if (url.hostname.includes('{') || url.hostname.includes('%7B'))
    return failed(CHECK, subject, 'artifact-remote', 'the host has a variable without a default', jsonPath);
  const host = bareHost(url.hostname);
  const r = await resolveHost(host, url.port ? Number(url.port) : 443, ctx.config.network);
  ctx.log.push({ method: 'RESOLVE', url: url.href, bytes: 0, outcome: r.ok ? 'ok' : r.kind });
  if (r.ok)
    return passed(CHECK, subject, 'artifact-remote', `${host} resolves to ${r.address}, a public address`, jsonPath);
  const proof = failed(
    CHECK,
    subject,
    r.kind === 'dns' && r.retryable ? 'network-failure' : 'artifact-remote',
    r.message,
    jsonPath,
  );
  if (r.retryable) proof.retryable = true;
  return proof;
}

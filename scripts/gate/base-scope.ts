/**
 * Which base files a PR's verdict can depend on (pure). gather.ts reads only these from the trusted checkout, so the
 * snapshot (and the result artifact) stays small and evaluate stays fast on a large registry.
 *
 * Security property: the selection must be a SUPERSET of what the rules read. Every file of the namespaces the PR
 * touches (compared case-insensitively, so case collisions are still seen), and every server.json elsewhere that
 * mentions the host of a remote the PR adds (the remote-URL ownership rule). Every other base file is independent of
 * the PR. Narrowing this is a bypass: a rule would judge the PR against a base that lacks the conflicting file.
 */
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { type ChangedFile, contentText, type PrSnapshot } from './snapshot.ts';

/** The namespaces the changed paths touch, in lower case. */
export function namespaceKeys(changed: readonly ChangedFile[]): Set<string> {
  return new Set(changed.map((f) => namespaceOf(f.path)?.toLowerCase()).filter((n): n is string => !!n));
}

/** Hosts (lower case) of the remotes in the changed server.json files; unparseable documents have none. */
export function remoteHosts(changed: readonly ChangedFile[]): Set<string> {
  const hosts = new Set<string>();
  for (const f of changed) {
    if (!f.content || classifyPath(f.path).kind !== 'server') continue;
    try {
      const doc = JSON.parse(contentText(f.content)) as { remotes?: Array<{ url?: unknown }> };
      for (const r of doc.remotes ?? []) {
        const host = typeof r?.url === 'string' ? /^[a-z]+:\/\/([^/?#:]+)/i.exec(r.url)?.[1] : undefined;
        if (host) hosts.add(host.toLowerCase());
      }
    } catch {
      // Unparseable: validation reports it; it has no remotes to compare.
    }
  }
  return hosts;
}

/** The part of the base a verdict can depend on (see the header). */
export function relevantBase(
  all: PrSnapshot['base']['files'],
  changed: readonly ChangedFile[],
): PrSnapshot['base']['files'] {
  const namespaces = namespaceKeys(changed);
  const hosts = remoteHosts(changed);
  return all.filter((f) => {
    const ns = namespaceOf(f.path)?.toLowerCase();
    if (ns && namespaces.has(ns)) return true;
    if (!hosts.size || classifyPath(f.path).kind !== 'server') return false;
    const text = contentText(f.content).toLowerCase();
    for (const h of hosts) if (text.includes(h)) return true;
    return false;
  });
}

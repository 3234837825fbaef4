/**
 * Which base files a PR's verdict can depend on (pure). gather.ts reads only these from the trusted checkout, so the
 * snapshot (and the result artifact) stays small and evaluate stays fast on a large registry.
 *
 * Security property: the selection must be a SUPERSET of what the rules read. Every file of the namespaces the PR
 * touches (compared case-insensitively, so case collisions are still seen), and every server.json elsewhere with a
 * remote that could be the same endpoint as a remote the PR adds (the remote-URL ownership rule), and the import's
 * sync file when the PR changes it. Remotes are
 * compared by the rule's own canonical key (core/remote-url.ts) on the parsed documents, never by searching raw
 * text, which misses a host spelled differently (`MCP.example.com.`, `mcp\u002eexample.com`). Every other base file is
 * independent of the PR. Narrowing this is a bypass: a rule would judge the PR against a base that lacks the
 * conflicting file.
 */
import { classifyPath, namespaceOf } from '../core/repo-path.ts';
import { RemoteIndex, remoteKey, remoteUrlsOf } from '../core/remote-url.ts';
import { decodeJson, MAX_SERVER_JSON_BYTES } from '../validate/bytes.ts';
import { type ChangedFile, decodeBytes, type FileContent, type PrSnapshot } from './snapshot.ts';

/** The namespaces the changed paths touch, in lower case. */
export function namespaceKeys(changed: readonly ChangedFile[]): Set<string> {
  return new Set(changed.map((f) => namespaceOf(f.path)?.toLowerCase()).filter((n): n is string => !!n));
}

/** The remotes of the changed server.json files by canonical key (value: the file); unparseable documents have none. */
export function changedRemotes(changed: readonly ChangedFile[]): RemoteIndex<string> {
  const index = new RemoteIndex<string>();
  for (const f of changed) {
    if (!f.content || classifyPath(f.path).kind !== 'server') continue;
    for (const url of remoteUrls(f.path, f.content)) {
      const key = remoteKey(url);
      if (key) index.add(key, f.path);
    }
  }
  return index;
}

/** The part of the base a verdict can depend on (see the header). */
export function relevantBase(
  all: PrSnapshot['base']['files'],
  changed: readonly ChangedFile[],
): PrSnapshot['base']['files'] {
  const namespaces = namespaceKeys(changed);
  const remotes = changedRemotes(changed);
  return all.filter((f) => {
    const ns = namespaceOf(f.path)?.toLowerCase();
    if (ns && namespaces.has(ns)) return true;
    if (classifyPath(f.path).kind === 'upstream-sync') return changed.some((c) => c.path === f.path);
    if (!remotes.size || classifyPath(f.path).kind !== 'server') return false;
    return remoteUrls(f.path, f.content).some((url) => {
      const key = remoteKey(url);
      return key !== undefined && remotes.matching(key).length > 0;
    });
  });
}

/** The remote URLs of a server.json, read as validation reads it (strict JSON); none when it does not parse. */
function remoteUrls(path: string, content: FileContent): string[] {
  const decoded = decodeJson(decodeBytes(content), path, MAX_SERVER_JSON_BYTES);
  return remoteUrlsOf(decoded.value).map((r) => r.url);
}

/** The file-system adapter: every file under servers/, as repository-relative paths and bytes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SERVERS_DIR } from '../core/repo-path.ts';
import { codeUnitOrder } from '../core/compare.ts';

export interface TreeFile {
  /** Repository-relative, forward slashes: servers/<ns>/<server>/<version>/server.json. */
  path: string;
  bytes: Uint8Array;
  /** Set when the bytes could not be taken: a symbolic link (never followed) or a read error. */
  issue?: { kind: 'symlink' | 'unreadable'; detail: string };
}

/**
 * Every entry under `<root>/servers` that is not a folder, hidden ones and odd names included
 * (a glob library skips names with a line feed, and a validator must never skip a file).
 * Sorted by path so that every later stage is deterministic.
 */
export function listTreePaths(root: string): Array<{ path: string; symlink: boolean }> {
  const out: Array<{ path: string; symlink: boolean }> = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(path);
      else out.push({ path, symlink: d.isSymbolicLink() });
    }
  };
  try {
    walk(SERVERS_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || out.length > 0) throw e;
  }
  return out.sort((a, b) => codeUnitOrder(a.path, b.path));
}

/**
 * Read every file under `<root>/servers`. Synchronous on purpose: for ~100,000 small files,
 * readdirSync and readFileSync are several times faster than the async APIs, whose every file
 * costs four round trips through libuv's thread pool.
 */
export async function readTreeFiles(root: string): Promise<TreeFile[]> {
  return listTreePaths(root).map(({ path, symlink }): TreeFile => {
    if (symlink) return { path, bytes: new Uint8Array(0), issue: { kind: 'symlink', detail: 'a symbolic link' } };
    try {
      return { path, bytes: readFileSync(join(root, path)) };
    } catch (e) {
      return {
        path,
        bytes: new Uint8Array(0),
        issue: { kind: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) },
      };
    }
  });
}

export function toRepoPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

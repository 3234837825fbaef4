/** The file-system adapter: every file under servers/, as repository-relative paths and bytes. */
import { readFile, lstat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import fg from 'fast-glob';
import { SERVERS_DIR } from './layout.ts';

export interface TreeFile {
  /** Repository-relative, forward slashes: servers/<ns>/<server>/<version>/server.json. */
  path: string;
  bytes: Uint8Array;
}

/** How many files are read at once: enough to hide latency, few enough to keep memory flat. */
const READ_CONCURRENCY = 64;

/**
 * Read every file under `<root>/servers`, hidden files included (they are stray and must be seen).
 * Symbolic links are returned with empty bytes and flagged by `symlinks`, never followed.
 */
export async function readTreeFiles(root: string): Promise<TreeFile[]> {
  const paths = await fg(`${SERVERS_DIR}/**`, { cwd: root, dot: true, onlyFiles: false, followSymbolicLinks: false, markDirectories: true });
  const files = paths.filter((p) => !p.endsWith('/')).sort();
  const out: TreeFile[] = new Array(files.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < files.length) {
      const i = next++;
      const path = files[i]!;
      const abs = join(root, path);
      const st = await lstat(abs);
      out[i] = { path, bytes: st.isSymbolicLink() ? SYMLINK : await readFile(abs) };
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out;
}

/** Marker bytes for a symbolic link: the tree rules refuse it without reading its target. */
export const SYMLINK: Uint8Array = new Uint8Array(0);

export function toRepoPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

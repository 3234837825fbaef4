/**
 * Rebuilding over an earlier build: find what is already in the output folder and remove only what
 * the new plan does not keep, so unchanged paths are rewritten in place instead of being deleted and
 * created again. Creating a file is the expensive part of a build (an inode and a directory entry),
 * and on file systems that hold back recently freed inodes (ext4 without a journal scans past every
 * one of them) a delete-everything-then-write rebuild is several times slower than a fresh build.
 */
import { lstatSync, readlinkSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Output } from './outputs.ts';
import { SITE_WORK_DIR } from '../core/url-layout.ts';
import { walkFolder } from './walk.ts';

export type OldEntry = { kind: 'dir' } | { kind: 'file' } | { kind: 'link'; target: string } | { kind: 'other' };

/** Every entry under `dir` (relative paths), without following symbolic links; the site's work folder is not ours. */
export function scanTree(dir: string): Map<string, OldEntry> {
  const found = new Map<string, OldEntry>();
  try {
    if (!lstatSync(dir).isDirectory()) return found;
  } catch {
    return found;
  }
  for (const { path, full, entry } of walkFolder(dir, new Set([SITE_WORK_DIR]))) {
    if (entry.isDirectory()) found.set(path, { kind: 'dir' });
    else if (entry.isFile()) found.set(path, { kind: 'file' });
    else if (entry.isSymbolicLink()) found.set(path, { kind: 'link', target: readlinkSync(full) });
    else found.set(path, { kind: 'other' });
  }
  return found;
}

export interface Pruned {
  /** Content paths that already exist as files: the writer rewrites them in place. */
  existing: Set<string>;
  /** Symbolic links already in place with the right target. */
  keptLinks: Set<string>;
  /** Entries removed (a removed folder counts once). */
  removed: number;
}

/**
 * Removes from `outDir` every entry the plan does not keep as the same kind: obsolete files,
 * folders where a file goes (and the reverse), links with another target, and every old name of
 * an alias (re-linked afterwards, so no stale hard link can tie two documents together).
 */
export function prune(outDir: string, old: ReadonlyMap<string, OldEntry>, outputs: readonly Output[]): Pruned {
  const pruned: Pruned = { existing: new Set(), keptLinks: new Set(), removed: 0 };
  if (old.size === 0) return pruned;
  const wanted = new Map<string, Output>();
  const dirs = new Set<string>();
  for (const o of outputs) {
    wanted.set(o.path, o);
    for (let i = o.path.indexOf('/'); i !== -1; i = o.path.indexOf('/', i + 1)) dirs.add(o.path.slice(0, i));
  }
  let removedDir: string | undefined;
  for (const [path, entry] of old) {
    if (removedDir !== undefined && path.startsWith(`${removedDir}/`)) continue; // sorted walk: its contents follow it
    const o = wanted.get(path);
    if (entry.kind === 'dir') {
      if (dirs.has(path)) continue;
      rmSync(join(outDir, path), { recursive: true, force: true });
      removedDir = path;
    } else if (entry.kind === 'file' && o && 'parts' in o) {
      pruned.existing.add(path);
      continue;
    } else if (entry.kind === 'link' && o && 'symlinkTo' in o && o.symlinkTo === entry.target) {
      pruned.keptLinks.add(path);
      continue;
    } else {
      unlinkSync(join(outDir, path));
    }
    pruned.removed++;
  }
  return pruned;
}

/**
 * Puts one share of the plan on disk, synchronously: folders, contents, hard links, symbolic links,
 * in that order so an alias never comes before its file. Runs on the main thread and in the writer
 * worker alike. Synchronous on purpose: for hundreds of thousands of small files, sync calls are
 * several times faster than the async API, whose every file costs round trips through libuv's pool.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  openSync,
  symlinkSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { partBuffers, type Arena } from './arena.ts';
import type { Part } from './outputs.ts';

export interface Shard {
  /** `existing`: the file is there from an earlier build and is rewritten in place. */
  contents: Array<{ path: string; parts: Part[]; existing?: boolean }>;
  aliases: Array<{ path: string; sameAs: string }>;
  /** `kept`: the link is already there with this target. */
  symlinks: Array<{ path: string; symlinkTo: string; kept?: boolean }>;
}

/** Below Linux's IOV_MAX, so one writev call never silently takes only a prefix of the vector. */
const IOV_CHUNK = 1024;
const LINK_REFUSED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']);

/** Writes the shard; returns the bytes it had to copy because the file system refused hard links. */
export function writeShard(outDir: string, shard: Shard, arena: Arena): number {
  const dirs = new Set<string>();
  for (const list of [shard.contents, shard.aliases, shard.symlinks])
    for (const o of list) dirs.add(dirname(join(outDir, o.path)));
  // Another writer may create a shared parent at the same moment: recursive mkdir accepts an existing folder.
  for (const d of [...dirs].sort()) mkdirSync(d, { recursive: true });

  for (const o of shard.contents) writeParts(join(outDir, o.path), partBuffers(o.parts, arena), o.existing === true);

  let copied = 0;
  let useLinks = true;
  for (const o of shard.aliases) {
    const source = join(outDir, o.sameAs);
    const target = join(outDir, o.path);
    if (useLinks) {
      try {
        linkSync(source, target);
        continue;
      } catch (e) {
        if (!LINK_REFUSED.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
        useLinks = false;
      }
    }
    copyFileSync(source, target);
    copied++;
  }
  for (const o of shard.symlinks) if (!o.kept) symlinkSync(o.symlinkTo, join(outDir, o.path));
  return copied;
}

function writeParts(file: string, bufs: Buffer[], existing: boolean): void {
  const fd = existing ? openInPlace(file) : openSync(file, 'w');
  try {
    for (let i = 0; i < bufs.length; i += IOV_CHUNK) {
      let chunk = bufs.slice(i, i + IOV_CHUNK);
      let left = chunk.reduce((n, b) => n + b.byteLength, 0);
      while (left > 0) {
        const n = writevSync(fd, chunk);
        left -= n;
        if (left > 0) chunk = dropBytes(chunk, n);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reuses an existing file's inode (truncated), unless another name still shares it: then that
 * name is detached first, so writing one document can never change another.
 */
function openInPlace(file: string): number {
  const fd = openSync(file, constants.O_WRONLY);
  if (fstatSync(fd).nlink === 1) {
    ftruncateSync(fd, 0);
    return fd;
  }
  closeSync(fd);
  unlinkSync(file);
  return openSync(file, 'w');
}

/** What is left of a vector after a short write of `n` bytes. */
function dropBytes(bufs: Buffer[], n: number): Buffer[] {
  let k = 0;
  while (k < bufs.length && n >= bufs[k]!.byteLength) n -= bufs[k++]!.byteLength;
  const rest = bufs.slice(k);
  if (n > 0) rest[0] = rest[0]!.subarray(n);
  return rest;
}

/**
 * The writer: puts a plan on disk. Aliases become hard links to their canonical file (same bytes,
 * no second write; upload-pages-artifact and any copier see ordinary files), falling back to a copy
 * where the file system refuses links; symbolic links give a folder a second name (the `%2F` name
 * spelling; /v0 is linked later, by write-api.ts, once the build knows it serves it).
 *
 * Creating a file costs far more than writing its few kilobytes (the kernel allocates an inode and
 * a directory entry), and that work runs in parallel on separate folders: big plans are split by
 * server folder between this thread and a worker, both writing from one shared buffer of records.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { posix } from 'node:path';
import { partsBytes, type Arena } from './arena.ts';
import { servedSize } from './host-size.ts';
import { serverFolderOf } from '../core/url-layout.ts';
import type { Output } from './outputs.ts';
import { prune, scanTree, type Pruned } from './prune.ts';
import { writeShard, type Shard } from './write-shard.ts';

export interface WriteStats {
  /** Logical files: every path a host serves once the artifact dereferences links. */
  files: number;
  /** Logical bytes: what a host stores and serves (aliases and linked folders counted as copies). */
  bytes: number;
  /** Directory entries actually created (files, hard links, symbolic links). */
  entries: number;
  /** Bytes actually written (aliases cost none when linked). */
  writtenBytes: number;
  /** Writer threads used. */
  threads: number;
  /** Entries of an earlier build removed because the plan no longer has them (a folder counts once). */
  removed: number;
  /** Files of an earlier build rewritten in place. */
  rewritten: number;
}

export interface WriteOptions {
  /** Writer threads (default: 2 when the machine has two cores and the plan is big, else 1). */
  threads?: 1 | 2;
}

/** Below this many entries a second thread costs more to start than it saves. */
const PARALLEL_FROM = 5_000;

/**
 * Brings `outDir` to the plan: an empty folder is simply written; over an earlier build, obsolete
 * entries are removed and every kept file is rewritten in place (see prune.ts for why).
 */
export async function writeOutputs(
  outDir: string,
  outputs: readonly Output[],
  arena: Arena,
  options: WriteOptions = {},
): Promise<WriteStats> {
  const pruned = prune(outDir, scanTree(outDir), outputs);
  const sizes = new Map<string, number>();
  let writtenBytes = 0;
  for (const o of outputs) {
    if ('parts' in o) {
      const n = partsBytes(o.parts, arena);
      sizes.set(o.path, n);
      writtenBytes += n;
    } else if ('sameAs' in o) {
      sizes.set(o.path, sizes.get(o.sameAs) ?? 0);
    }
  }

  const threads = options.threads ?? (outputs.length >= PARALLEL_FROM && availableParallelism() > 1 ? 2 : 1);
  const shards = split(outputs, threads, pruned);
  // Workers start as they are created; this thread's share runs after (deferred), alongside them.
  const copied = await Promise.all(
    shards.map((shard, k) =>
      k === 0 ? Promise.resolve().then(() => writeShard(outDir, shard, arena)) : inWorker(outDir, shard, arena),
    ),
  );
  // A shard that met a file system refusing hard links copied its remaining aliases.
  shards.forEach((shard, k) => {
    for (const a of shard.aliases.slice(shard.aliases.length - copied[k]!)) writtenBytes += sizes.get(a.path) ?? 0;
  });

  const served = servedSize(outputs, sizes);
  return {
    files: served.files,
    bytes: served.bytes,
    entries: outputs.length,
    writtenBytes,
    threads,
    removed: pruned.removed,
    rewritten: pruned.existing.size,
  };
}

/**
 * Whole server folders (`v0.1/servers/<namespace>/<server>/…`, as the URL layout defines them) go to
 * one shard, and so do the files of any other folder, alternating, so shards never create the same
 * folder below the namespace; an alias follows its canonical file.
 */
function split(outputs: readonly Output[], threads: number, pruned: Pruned): Shard[] {
  const shards: Shard[] = Array.from({ length: threads }, () => ({ contents: [], aliases: [], symlinks: [] }));
  const shardOfKey = new Map<string, number>();
  const shardOfPath = new Map<string, number>();
  let next = 0;
  for (const o of outputs) {
    let k: number;
    if ('sameAs' in o) {
      k = shardOfPath.get(o.sameAs) ?? 0;
    } else {
      const key = serverFolderOf(o.path) ?? posix.dirname(o.path);
      const known = shardOfKey.get(key);
      k = known ?? next;
      if (known === undefined) {
        shardOfKey.set(key, k);
        next = (next + 1) % threads;
      }
    }
    shardOfPath.set(o.path, k);
    const shard = shards[k]!;
    if ('parts' in o) shard.contents.push(pruned.existing.has(o.path) ? { ...o, existing: true } : o);
    else if ('sameAs' in o) shard.aliases.push(o);
    else shard.symlinks.push(pruned.keptLinks.has(o.path) ? { ...o, kept: true } : o);
  }
  return shards;
}

function inWorker(outDir: string, shard: Shard, arena: Arena): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./write-worker.ts', import.meta.url), { workerData: { outDir, shard, arena } });
    let settled = false;
    worker.once(
      'message',
      (m: { ok: true; copied: number } | { ok: false; message: string; code?: string; path?: string }) => {
        settled = true;
        if (m.ok) return resolve(m.copied);
        reject(Object.assign(new Error(m.message), { code: m.code, path: m.path }));
      },
    );
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the writer thread stopped (exit code ${code}) before finishing`));
    });
  });
}

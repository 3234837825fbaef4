/** The second writer thread: writes the shard it is given and reports back (errors as plain data). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Arena } from './arena.ts';
import { writeShard, type Shard } from './write-shard.ts';

const { outDir, shard, arena } = workerData as { outDir: string; shard: Shard; arena: Arena };
try {
  parentPort!.postMessage({ ok: true, copied: writeShard(outDir, shard, arena) });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  parentPort!.postMessage({ ok: false, message: err.message, code: err.code, path: err.path });
}

/**
 * Writes the edge layout into a folder that is a complete Workers project:
 *   <outDir>/assets/_edge/…    the objects (Workers static assets, uploaded by content hash)
 *   <outDir>/wrangler.jsonc    the Worker (scripts/edge/worker.ts) bound to those assets
 * Building again into the same folder leaves exactly what a fresh build gives: objects no longer named are
 * removed, and a content-addressed object already there is not rewritten.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { MANIFEST_KEY } from './format.ts';
import type { EdgeLayout } from './layout.ts';
import { wranglerConfig, type WranglerOptions } from './wrangler-config.ts';

export const ASSETS_DIR = 'assets';
export const WRANGLER_FILE = 'wrangler.jsonc';

export interface EdgeWriteResult {
  /** Objects in the layout and their total bytes (what a deploy uploads at most). */
  files: number;
  bytes: number;
  /** Objects written by this call (the others were already there with the same content). */
  written: number;
  removed: number;
}

/** Writes a planned layout's objects and its Workers project into `outDir`. */
export async function writeLayoutFiles(
  layout: EdgeLayout,
  outDir: string,
  wrangler?: WranglerOptions,
): Promise<EdgeWriteResult> {
  const assets = join(outDir, ASSETS_DIR);
  await mkdir(assets, { recursive: true });
  const removed = await prune(assets, new Set(layout.objects.keys()));
  let bytes = 0;
  const todo: Array<[string, Uint8Array]> = [];
  for (const [key, data] of layout.objects) {
    bytes += data.byteLength;
    const file = join(assets, ...key.split('/'));
    if (key === MANIFEST_KEY || !existsSync(file)) todo.push([file, data]);
  }
  for (const dir of new Set(todo.map(([file]) => dirname(file)))) await mkdir(dir, { recursive: true });
  // A few writes at a time: the file system's thread pool works on several files at once.
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const [file, data] = todo[next++]!;
      await writeFile(file, data);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const written = todo.length;
  await writeFile(join(outDir, WRANGLER_FILE), wranglerConfig(outDir, wrangler));
  return { files: layout.objects.size, bytes, written, removed };
}

/** Remove every file under `dir` whose key is not kept, and folders left empty. */
async function prune(dir: string, keep: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  const walk = async (folder: string): Promise<boolean> => {
    let empty = true;
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (await walk(path)) await rmdir(path);
        else empty = false;
      } else if (keep.has(relative(dir, path).split(sep).join('/'))) empty = false;
      else {
        await rm(path, { force: true });
        removed++;
      }
    }
    return empty;
  };
  await walk(dir);
  return removed;
}

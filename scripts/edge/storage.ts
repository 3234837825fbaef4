/** Storages for the handler outside Workers: an object map in memory, or a folder written by writeLayoutFiles. */
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Storage } from './handler.ts';

export function memoryStorage(objects: ReadonlyMap<string, Uint8Array>): Storage {
  return { get: async (key) => objects.get(key) };
}

export function folderStorage(dir: string): Storage {
  const root = resolve(dir);
  return {
    async get(key) {
      const file = resolve(join(root, ...key.split('/')));
      if (!file.startsWith(root + sep)) return undefined;
      try {
        return new Uint8Array(await readFile(file));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** Walking an output folder: the entries a build leaves, in a stable order, links never followed. */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { codeUnitOrder } from '../core/compare.ts';

export interface WalkEntry {
  /** Relative to the walked folder, forward slashes. */
  path: string;
  full: string;
  /** Its type comes with the listing: no lstat per entry (a 100k-version dist/ has 450,000). */
  entry: Dirent;
}

const byName = (a: Dirent, b: Dirent) => codeUnitOrder(a.name, b.name);

/** Depth first, names sorted, a folder right before its contents; `skipTop` leaves out top-level entries. */
export function* walkFolder(dir: string, skipTop: ReadonlySet<string> = new Set()): Generator<WalkEntry> {
  const visit = function* (rel: string, full: string): Generator<WalkEntry> {
    for (const entry of readdirSync(full, { withFileTypes: true }).sort(byName)) {
      if (rel === '' && skipTop.has(entry.name)) continue;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const child = join(full, entry.name);
      yield { path, full: child, entry };
      if (entry.isDirectory()) yield* visit(path, child);
    }
  };
  yield* visit('', dir);
}

/**
 * A planned file under dist/: either content given as parts (joined only when written, so a list
 * of 100,000 records never exists twice in memory) or an alias of a file planned before it
 * (same bytes; the writer hard-links it), or a symbolic link to a folder.
 */
import { UserError } from '../core/errors.ts';

export type Output =
  | { path: string; parts: string[] }
  | { path: string; sameAs: string }
  /** A symbolic link (to a folder), `target` relative to the link's own folder. */
  | { path: string; symlinkTo: string };

/** Collects outputs and refuses two documents claiming one path (e.g. a version called `index.html`). */
export class OutputSet {
  readonly list: Output[] = [];
  private readonly seen = new Map<string, string>();

  write(path: string, parts: string[], why: string): void {
    this.claim(path, why);
    this.list.push({ path, parts });
  }

  alias(path: string, sameAs: string, why: string): void {
    if (path === sameAs) return;
    this.claim(path, why);
    this.list.push({ path, sameAs });
  }

  symlink(path: string, target: string, why: string): void {
    this.claim(path, why);
    this.list.push({ path, symlinkTo: target });
  }

  private claim(path: string, why: string): void {
    const before = this.seen.get(path);
    if (before !== undefined) throw new UserError(`two documents want dist/${path}: ${before} and ${why}. Rename the version folder.`);
    this.seen.set(path, why);
  }
}

/** A ServerList body from already-serialized records: `{"servers":[…],"metadata":{…}}`. */
export function listParts(records: readonly string[], metadata: Record<string, unknown>): string[] {
  const parts: string[] = ['{"servers":['];
  for (let i = 0; i < records.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(records[i]!);
  }
  parts.push(`],"metadata":${JSON.stringify(metadata)}}`);
  return parts;
}

export function partsBytes(parts: readonly string[]): number {
  let n = 0;
  for (const p of parts) n += Buffer.byteLength(p, 'utf8');
  return n;
}

/**
 * A planned file under dist/: either content given as parts (literal text, or the index of a
 * record serialized once — a list of 100,000 records is never joined into one string), or an
 * alias of a file planned before it (same bytes; the writer hard-links it), or a symbolic link
 * to a folder.
 */
import { UserError } from '../core/errors.ts';

/** Literal JSON text, or the index of a serialized record in the plan's arena. */
export type Part = string | number;

export type Output =
  | { path: string; parts: Part[] }
  | { path: string; sameAs: string }
  /** A symbolic link (to a folder), `target` relative to the link's own folder. */
  | { path: string; symlinkTo: string };

/** Collects outputs and refuses two documents claiming one path (e.g. a version called `index.html`). */
export class OutputSet {
  readonly list: Output[] = [];
  private readonly seen = new Map<string, string>();

  write(path: string, parts: Part[], why: string): void {
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
    if (before !== undefined)
      throw new UserError(`two documents want dist/${path}: ${before} and ${why}. Rename the version folder.`);
    this.seen.set(path, why);
  }
}

/** A ServerList body from serialized records (by index): `{"servers":[…],"metadata":{…}}`. */
export function listParts(records: readonly number[], metadata: Record<string, unknown>): Part[] {
  const parts: Part[] = ['{"servers":['];
  for (let i = 0; i < records.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(records[i]!);
  }
  parts.push(`],"metadata":${JSON.stringify(metadata)}}`);
  return parts;
}

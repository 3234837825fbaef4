/**
 * A planned file under dist/: either content given as parts (literal text, or the index of a
 * record serialized once — a list of 100,000 records is never joined into one string), or an
 * alias of a file planned before it (same bytes; the writer hard-links it), or a symbolic link
 * to a folder.
 */

/** Literal JSON text, or the index of a serialized record in the plan's arena. */
export type Part = string | number;

export type Output =
  | { path: string; parts: Part[] }
  | { path: string; sameAs: string }
  /** A symbolic link (to a folder), `target` relative to the link's own folder. */
  | { path: string; symlinkTo: string };

/**
 * Collects outputs, asserting that no two documents claim one path. Validation plans the same paths first
 * (scripts/validate/dist-plan.ts, rule dist-path-collision), so a tree that validates never reaches this: a throw
 * here is a bug in the plan, not a contributor's mistake.
 */
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
      throw new Error(
        `internal error: two documents want dist/${path}: ${before} and ${why}; validation (dist-path-collision) should have refused the tree.`,
      );
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

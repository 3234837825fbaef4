/**
 * The catalog as the handler uses it: lookups by name and version, the cursor position, and the list filters,
 * all over the columns the build wrote (no record is parsed). Pure; no Node.
 */
import { type CatalogData, DELETED, LATEST, type SearchData } from './format.ts';
import type { ListQuery } from './query.ts';

export class Catalog {
  readonly data: CatalogData;
  /** Per pack: the index of its first version (a record's slot in its pack is its distance from it). */
  private readonly packStart: Int32Array;
  /** The server of the version asked for last: lists walk versions in order, so this is nearly always a hit. */
  private lastServer = 0;
  private lowerNames?: string[];

  /** Cheap on purpose (one pass over the servers, none over the versions): a cold isolate pays it. */
  constructor(data: CatalogData) {
    this.data = data;
    this.packStart = new Int32Array(data.packs.length);
    for (let s = data.names.length - 1; s >= 0; s--) this.packStart[data.pack[s]!] = data.first[s]!;
  }

  get versionCount(): number {
    return this.data.versions.length;
  }

  serverOf(v: number): number {
    const first = this.data.first;
    let s = this.lastServer;
    if (v >= first[s]! && v < first[s + 1]!) return s;
    if (v >= first[s + 1]! && v < (first[s + 2] ?? -1)) return (this.lastServer = s + 1);
    let lo = 0;
    let hi = this.data.names.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (first[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    s = lo;
    return (this.lastServer = s);
  }

  name(v: number): string {
    return this.data.names[this.serverOf(v)]!;
  }

  packOf(v: number): number {
    return this.data.pack[this.serverOf(v)]!;
  }

  /** The version's position among the records of its pack. */
  slot(v: number): number {
    return v - this.packStart[this.packOf(v)]!;
  }

  isDeleted(v: number): boolean {
    return (this.data.flags[v]! & DELETED) !== 0;
  }

  /** The server's index, or -1. */
  findServer(name: string): number {
    const names = this.data.names;
    const lo = bound(names, 0, names.length, name, false);
    return names[lo] === name ? lo : -1;
  }

  /** The version's index within the whole catalog, or -1. */
  findVersion(server: number, version: string): number {
    const end = this.data.first[server + 1]!;
    const lo = bound(this.data.versions, this.data.first[server]!, end, version, false);
    return lo < end && this.data.versions[lo] === version ? lo : -1;
  }

  /** The version carrying `isLatest`, or -1. */
  latestOf(server: number): number {
    for (let v = this.data.first[server]!; v < this.data.first[server + 1]!; v++)
      if ((this.data.flags[v]! & LATEST) !== 0) return v;
    return -1;
  }

  /** A server's versions, newest publish first. */
  newestFirst(server: number): number[] {
    const first = this.data.first[server]!;
    const out: number[] = [];
    for (let k = first; k < this.data.first[server + 1]!; k++) out.push(first + this.data.newest[k]!);
    return out;
  }

  /**
   * The first version after a cursor, as the official registry reads one: `name:version` is a position in
   * (name, version) order, anything without a colon a name after which the list goes on. A client that put
   * the cursor in the query string without encoding it turns a version's `+` into a space; such a cursor is
   * read with its `+` back when that names a version we hold and the space-spelling does not.
   */
  startAfter(cursor: string): number {
    const names = this.data.names;
    const colon = cursor.indexOf(':');
    if (colon < 0) return this.data.first[bound(names, 0, names.length, cursor, true)] ?? this.versionCount;
    const name = cursor.slice(0, colon);
    let version = cursor.slice(colon + 1);
    // The first server whose name is ≥ the cursor's; within it, the first version after the cursor's.
    const s = bound(names, 0, names.length, name, false);
    if (names[s] !== name) return this.data.first[s] ?? this.versionCount;
    if (version.includes(' ')) {
      const plus = version.replaceAll(' ', '+');
      if (this.findVersion(s, version) < 0 && this.findVersion(s, plus) >= 0) version = plus;
    }
    return bound(this.data.versions, this.data.first[s]!, this.data.first[s + 1]!, version, true);
  }

  /** A predicate for the list filters (search needs the search index, `updated_since` the times). */
  filter(q: ListQuery, search?: SearchData, updated?: readonly number[]): (v: number) => boolean {
    const { flags, versions } = this.data;
    const text = q.search !== undefined && search ? this.searchMatcher(q.search, search) : undefined;
    return (v) => {
      const f = flags[v]!;
      if (!q.includeDeleted && (f & DELETED) !== 0) return false;
      if (q.latestOnly && (f & LATEST) === 0) return false;
      if (q.version !== undefined && versions[v] !== q.version) return false;
      if (q.updatedSince !== undefined && !(updated![v]! > q.updatedSince)) return false;
      if (text && !text(v)) return false;
      return true;
    };
  }

  /** Case-insensitive substring of the name or of this version's description; each name and text tested once. */
  private searchMatcher(needle: string, search: SearchData): (v: number) => boolean {
    this.lowerNames ??= this.data.names.map((n) => n.toLowerCase());
    const names = this.lowerNames;
    const nameHit = new Int8Array(names.length);
    const textHit = new Int8Array(search.texts.length);
    return (v) => {
      const s = this.serverOf(v);
      if (nameHit[s] === 0) nameHit[s] = names[s]!.includes(needle) ? 1 : 2;
      if (nameHit[s] === 1) return true;
      const t = search.text[v]!;
      if (textHit[t] === 0) textHit[t] = search.texts[t]!.includes(needle) ? 1 : 2;
      return textHit[t] === 1;
    };
  }
}

/**
 * In the sorted range `[lo, hi)` of `list`, the first index whose entry is ≥ `x` (or > `x` when `past` is set):
 * `hi` when there is none.
 */
function bound(list: readonly string[], lo: number, hi: number, x: string, past: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x || (past && list[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

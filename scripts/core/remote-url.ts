/**
 * One remote endpoint, one spelling: the canonical form two remote URLs are compared by (one remote URL belongs to
 * one server name). The tree rule and the gate's choice of base files both ask here, so they can never disagree. Pure.
 *
 * The form is the WHATWG parse (scheme and host lower case, IDNA, IPv4 forms, default port dropped, dot segments
 * resolved), then: no trailing dot on the host, no user name or password (a rule refuses them), no fragment, no
 * empty query (`…/mcp?` is `…/mcp`), unreserved percent-escapes decoded (`%6dcp` is `mcp`) and the others in upper
 * case, no trailing slash. A `{variable}` stands for any text: a templated URL conflicts with every URL it could
 * become, its host included (`https://{host}/mcp` with a default host is every host's `/mcp`).
 */
import { isObject } from './guards.ts';

export interface RemoteKey {
  /** The canonical text, each templated part written `{}`. */
  text: string;
  /**
   * The literal pieces between the templated parts (one piece for a concrete URL): a URL matches when it is the
   * pieces in order with any text between them.
   */
  pieces: readonly string[];
  /** The URL carries a user name or password. */
  userinfo: boolean;
}

const VARIABLE = /\{[^{}]+\}/g;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The canonical key of a remote URL (template or not), or undefined when it does not parse as a URL. */
export function remoteKey(url: string): RemoteKey | undefined {
  const variables = url.match(VARIABLE)?.length ?? 0;
  if (variables === 0) {
    const u = parse(url);
    return u && { text: canonical(u), pieces: [canonical(u)], userinfo: hasUserinfo(u) };
  }
  // Each variable becomes a marker that survives parsing (lower-case letters and digits), found again afterwards.
  for (let n = 0; n < 100; n++) {
    const marker = `zq${n}v`;
    if (url.toLowerCase().includes(marker)) continue;
    const u = parse(url.replace(VARIABLE, marker));
    if (!u) break;
    const pieces = canonical(u).split(marker);
    // A marker the escapes produced (`%7Aq0v`) would be a false variable: take another marker.
    if (pieces.length - 1 > variables) continue;
    return { text: pieces.join('{}'), pieces: mergeAdjacent(pieces), userinfo: hasUserinfo(u) };
  }
  // A template that parses only with shorter values (a label near 63 characters): conservatively, any URL of its
  // scheme. The remote-https rule has already judged whether it parses at all.
  const u = parse(url.replace(VARIABLE, 'x'));
  return u && { text: `${u.protocol}//{}`, pieces: [`${u.protocol}//`, ''], userinfo: hasUserinfo(u) };
}

/** The remote URLs of a parsed server.json, with their index in `remotes` (malformed entries skipped). */
export function remoteUrlsOf(doc: unknown): Array<{ url: string; index: number }> {
  if (!isObject(doc) || !Array.isArray(doc.remotes)) return [];
  const out: Array<{ url: string; index: number }> = [];
  doc.remotes.forEach((r, index) => {
    if (isObject(r) && typeof r.url === 'string') out.push({ url: r.url, index });
  });
  return out;
}

/** Could the two remotes be one endpoint? Equal canonical text, or a template that can become the other. */
export function remotesConflict(a: RemoteKey, b: RemoteKey): boolean {
  if (a.pieces.length === 1 && b.pieces.length === 1) return a.text === b.text;
  if (b.pieces.length === 1) return globMatches(a.pieces, b.text);
  if (a.pieces.length === 1) return globMatches(b.pieces, a.text);
  return globsIntersect(a.pieces, b.pieces);
}

/**
 * Remotes by canonical key, answering "who could be this endpoint?" without comparing every pair: concrete keys by
 * their text (templates by their literal prefix, over the sorted texts), templates against each other.
 */
export class RemoteIndex<T> {
  private readonly concrete = new Map<string, T[]>();
  /** Templates by canonical text: one template published by many versions is compared once. */
  private readonly templates = new Map<string, { key: RemoteKey; values: T[] }>();
  private sorted: string[] | undefined;

  get size(): number {
    return this.concrete.size + this.templates.size;
  }

  add(key: RemoteKey, value: T): void {
    if (key.pieces.length > 1) {
      const t = this.templates.get(key.text);
      if (t) t.values.push(value);
      else this.templates.set(key.text, { key, values: [value] });
      return;
    }
    const list = this.concrete.get(key.text);
    if (list) list.push(value);
    else {
      this.concrete.set(key.text, [value]);
      this.sorted = undefined;
    }
  }

  /** Every value added under a key that conflicts with `key`. */
  matching(key: RemoteKey): T[] {
    const out: T[] = [];
    if (key.pieces.length === 1) out.push(...(this.concrete.get(key.text) ?? []));
    else {
      this.sorted ??= [...this.concrete.keys()].sort();
      const prefix = key.pieces[0]!;
      for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i++) {
        const text = this.sorted[i]!;
        if (!text.startsWith(prefix)) break;
        if (globMatches(key.pieces, text)) out.push(...this.concrete.get(text)!);
      }
    }
    for (const t of this.templates.values()) if (remotesConflict(key, t.key)) out.push(...t.values);
    return out;
  }
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function hasUserinfo(u: URL): boolean {
  return u.username !== '' || u.password !== '';
}

function canonical(u: URL): string {
  const host = u.hostname.replace(/\.+$/, '');
  const port = u.port ? `:${u.port}` : '';
  const path = escapes(u.pathname).replace(/\/+$/, '');
  return `${u.protocol}//${host}${port}${path}${escapes(u.search)}`;
}

/** Unreserved characters written as escapes are the characters themselves (RFC 3986 §6.2.2.2); hex in upper case. */
function escapes(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/** Two markers side by side are one wildcard. */
function mergeAdjacent(pieces: string[]): string[] {
  return pieces.filter((p, i) => p !== '' || i === 0 || i === pieces.length - 1);
}

function lowerBound(sorted: readonly string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Does `text` match the pieces with any text between them? */
function globMatches(pieces: readonly string[], text: string): boolean {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!text.startsWith(first)) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = text.indexOf(pieces[i]!, at);
    if (found < 0) return false;
    at = found + pieces[i]!.length;
  }
  return text.length - at >= last.length && text.endsWith(last);
}

/** Is there a text both globs match? Reachability over pairs of positions (each wildcard consumes any character). */
function globsIntersect(a: readonly string[], b: readonly string[]): boolean {
  // Every text either glob matches starts with its first piece and ends with its last: unless one first piece is a
  // prefix of the other and one last piece a suffix of the other, no text matches both (the common, cheap answer).
  const [fa, fb, la, lb] = [a[0]!, b[0]!, a[a.length - 1]!, b[b.length - 1]!];
  if (!(fa.startsWith(fb) || fb.startsWith(fa)) || !(la.endsWith(lb) || lb.endsWith(la))) return false;
  const ta = tokens(a);
  const tb = tokens(b);
  const seen = new Set<number>();
  const width = tb.length + 1;
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const id = i * width + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === ta.length && j === tb.length) return true;
    const x = ta[i];
    const y = tb[j];
    if (x === WILD) stack.push([i + 1, j]);
    if (y === WILD) stack.push([i, j + 1]);
    if (x === WILD && y !== undefined && y !== WILD) stack.push([i, j + 1]);
    if (y === WILD && x !== undefined && x !== WILD) stack.push([i + 1, j]);
    if (x !== undefined && x !== WILD && x === y) stack.push([i + 1, j + 1]);
  }
  return false;
}

const WILD = null;
function tokens(pieces: readonly string[]): Array<string | null> {
  const out: Array<string | null> = [];
  pieces.forEach((p, i) => {
    if (i > 0) out.push(WILD);
    out.push(...p);
  });
  return out;
}

/**
 * Which upstream servers to take: globs over `namespace/name`, case-sensitive like the names themselves.
 * `*` matches within one side of the slash, `**` matches anything (slash included), `?` one character other than `/`.
 * A name is taken when some allow glob matches it and no deny glob does.
 */

/** Why a glob cannot be used, or undefined. */
export function globError(glob: string): string | undefined {
  if (glob.trim() === '') return 'it is empty';
  if (glob !== glob.trim()) return 'it starts or ends with a space';
  if (/[^A-Za-z0-9._/*?-]/.test(glob))
    return 'it may only use the characters of a server name (letters, digits, ".", "_", "-", "/") and * ** ?';
  if (/\*{3,}/.test(glob)) return 'use * or **, not more stars';
  return undefined;
}

export function compileGlob(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.\\^$+(){}[\]|-]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

export interface NameFilter {
  allow: readonly string[];
  deny: readonly string[];
  /** True when the name is allowed and not denied. */
  matches(name: string): boolean;
}

export function nameFilter(allow: readonly string[], deny: readonly string[]): NameFilter {
  const a = allow.map(compileGlob);
  const d = deny.map(compileGlob);
  return {
    allow,
    deny,
    matches: (name) => a.some((r) => r.test(name)) && !d.some((r) => r.test(name)),
  };
}

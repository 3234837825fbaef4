/**
 * What may live under servers/, and what each path means. The path is the identity of a version:
 * servers/<namespace>/<server>/<version>/server.json. Every stage that reads a repository path (validation, history,
 * the gate, the scaffold) asks here. Pure.
 */
export const SERVERS_DIR = 'servers';
export const SERVER_FILE = 'server.json';
export const STATUS_FILE = 'status.json';
export const OWNERS_FILE = 'owners.json';
/** A domain namespace's Ed25519 signature over the exact bytes of server.json (see docs/domain-proofs.md). */
export const SIGNATURE_FILE = 'server.json.sig';

export const VERSION_FILES: readonly string[] = [SERVER_FILE, STATUS_FILE, SIGNATURE_FILE];
/**
 * `npm run import`'s last sync time per upstream (docs/maintainers.md, "Importing from an upstream registry").
 * A leading `_` keeps it apart from every namespace, which starts with a letter or digit.
 */
export const UPSTREAM_SYNC_FILE = '_upstream.json';

export type PathKind =
  | { kind: 'server'; namespace: string; server: string; version: string }
  | { kind: 'status'; namespace: string; server: string; version: string }
  | { kind: 'signature'; namespace: string; server: string; version: string }
  | { kind: 'owners'; namespace: string }
  | { kind: 'upstream-sync' }
  | { kind: 'stray'; reason: string };

export const ALLOWED_LAYOUT =
  'Allowed under servers/: <namespace>/owners.json, <namespace>/<server>/<version>/{server.json, status.json, server.json.sig} and _upstream.json (written by npm run import).';

/** Classify a repository-relative path under servers/. */
export function classifyPath(path: string): PathKind {
  const parts = path.split('/');
  if (parts[0] !== SERVERS_DIR) return { kind: 'stray', reason: 'outside servers/' };
  const rest = parts.slice(1);
  if (rest.length === 1 && rest[0] === UPSTREAM_SYNC_FILE) return { kind: 'upstream-sync' };
  if (rest.length === 2 && rest[1] === OWNERS_FILE) return { kind: 'owners', namespace: rest[0]! };
  if (rest.length === 4) {
    const [namespace, server, version, file] = rest as [string, string, string, string];
    if (file === SERVER_FILE) return { kind: 'server', namespace, server, version };
    if (file === STATUS_FILE) return { kind: 'status', namespace, server, version };
    if (file === SIGNATURE_FILE) return { kind: 'signature', namespace, server, version };
  }
  const file = rest.at(-1) ?? '';
  if (VERSION_FILES.includes(file) || file === OWNERS_FILE || file === UPSTREAM_SYNC_FILE)
    return { kind: 'stray', reason: `"${file}" is at the wrong depth` };
  return { kind: 'stray', reason: `"${file}" is not a registry file` };
}

/** Why a version folder name is unsafe on disk or in a URL, or undefined. */
export function unsafeVersionFolder(version: string): string | undefined {
  if (version === '') return 'it is empty';
  if (version === '.' || version === '..' || version.includes('..')) return 'it contains ".."';
  if (version.startsWith('.')) return 'it starts with "."';
  if (/[/\\]/.test(version)) return 'it contains a slash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(version)) return 'it contains a control character';
  if (/[:*?"<>|]/.test(version)) return 'it contains a character that Windows cannot store in a folder name';
  if (/[ .]$/.test(version)) return 'it ends with a space or "."';
  // A lone surrogate has no UTF-8 form: no file system stores it and no URL encodes it.
  if (!version.isWellFormed()) return 'it is not valid Unicode';
  return undefined;
}

/** The longest file or folder name Linux file systems store (ext4, xfs, btrfs), in bytes. */
export const MAX_NAME_BYTES = 255;
/** The longest path a Linux system call takes (PATH_MAX, 4,096, less its NUL), in bytes. */
export const MAX_PATH_BYTES = 4095;

/** Is this name longer than a Linux file system stores? */
export function nameTooLong(name: string): boolean {
  return name.length * 3 > MAX_NAME_BYTES && Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES;
}

/** Why a Linux checkout cannot write this repository path (a name or the whole path in bytes), or undefined. */
export function pathTooLong(path: string): string | undefined {
  for (const segment of path.split('/')) {
    if (nameTooLong(segment)) {
      const bytes = Buffer.byteLength(segment, 'utf8');
      return `"${preview(segment)}" is ${bytes} bytes in UTF-8 (${[...segment].length} characters); a file or folder name is at most ${MAX_NAME_BYTES} bytes on Linux`;
    }
  }
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_PATH_BYTES)
    return `the path is ${bytes} bytes in UTF-8; a path is at most ${MAX_PATH_BYTES} bytes on Linux`;
  return undefined;
}

/**
 * A segment git refuses to check out: `.git` (its own folder) and `git~1` (the 8.3 short name of `.git`), in any
 * case, with trailing dots or spaces or an NTFS stream suffix; git refuses them on every system (core.protectNTFS is
 * on by default), so a commit holding one cannot be checked out on Linux either.
 */
export function gitRefusedSegment(path: string): string | undefined {
  return path.split('/').find((s) => /^(\.git|git~1)[. ]*(:.*)?$/i.test(s));
}

/** The start of a long name, for a message. */
export function preview(s: string, max = 40): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max).join('')}…`;
}

/** A version's folder, `servers/<namespace>/<server>/<version>`, from the server name `<namespace>/<server>`. */
export function versionDir(name: string, version: string): string {
  return `${SERVERS_DIR}/${name}/${version}`;
}

/** `servers/<namespace>/…` → the namespace as written (case kept); undefined outside servers/ or for a file directly in it. */
export function namespaceOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === SERVERS_DIR && parts.length >= 3 ? parts[1] : undefined;
}

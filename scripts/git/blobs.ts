/** The git adapter for change rules: blob ids of a commit's tree, and of bytes on disk. */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../core/errors.ts';
import { SERVERS_DIR } from '../core/repo-path.ts';

const run = promisify(execFile);

/** The id git gives these bytes as a blob (sha1 of "blob <size>\0" + bytes). */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Resolve a ref to a commit id, or fail with a message a user can act on. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root });
    return stdout.trim();
  } catch {
    throw new UserError(
      `--base ${ref} is not a commit of the repository at ${root}. Fetch it first (git fetch origin main) or name an existing branch, tag or commit.`,
    );
  }
}

/** Path → blob id for every file under servers/ at `commit`, from one `git ls-tree`. */
export async function baseBlobs(root: string, commit: string): Promise<Map<string, string>> {
  const { stdout } = await run('git', ['ls-tree', '-r', '-z', '--full-tree', commit, '--', SERVERS_DIR], {
    cwd: root,
    maxBuffer: 1 << 30,
  });
  const out = new Map<string, string>();
  for (const line of stdout.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [, type, sha] = line.slice(0, tab).split(' ');
    if (type === 'blob' && sha) out.set(line.slice(tab + 1), sha);
  }
  return out;
}

/**
 * History, the git adapter: ONE `git log` process for the whole tree, parsed as it streams.
 *
 * `--first-parent` walks main's own line (a merge commit or a squash merge is the moment a
 * version landed there), `--diff-merges=first-parent` makes a merge report what it brought in,
 * `--no-renames` reports a move as remove + add, `-z` keeps any path byte-exact.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { UserError } from '../core/errors.ts';
import { HistoryFold, isoSeconds, type RepoHistory } from './fold.ts';

const HEADER = 0x01;

export interface ReadHistoryOptions {
  /** The tip to read from; HEAD by default (the deploy job checks out the default branch). */
  ref?: string;
}

/** Read publish and status times of every version folder under `<root>/servers`. */
export async function readHistory(root: string, options: ReadHistoryOptions = {}): Promise<RepoHistory> {
  const ref = options.ref ?? 'HEAD';
  const head = (await runGit(root, ['log', '-1', '--format=%H %ct', ref])).trim();
  const [headCommit, headCt] = head.split(' ');
  if (!headCommit || !headCt) throw new UserError(`git log gave no commit for ${ref} in ${root}.`);
  const fold = new HistoryFold();
  await streamGit(
    root,
    [
      'log',
      '--first-parent',
      '--diff-merges=first-parent',
      '--no-renames',
      '-z',
      '--format=%x01%H %ct',
      '--name-status',
      '--relative',
      ref,
      '--',
      'servers',
    ],
    parser((e) => fold.add(e)),
  );
  const { folders, newest, raised } = fold.finish();
  // HEAD is on first-parent history too: never dated before a change beneath it.
  return { headCommit, headTime: isoSeconds(Math.max(Number(headCt), newest)), folders, raised };
}

/**
 * Token parser for `-z --name-status` output: a header token `\x01<sha> <time>` starts a commit,
 * then pairs of `<status>` `<path>` tokens follow (the first status carries a leading newline).
 */
export function parser(
  onEvent: (e: { commit: string; time: number; change: string; path: string }) => void,
): (token: string) => void {
  let commit = '';
  let time = 0;
  let pendingStatus: string | undefined;
  return (token) => {
    if (token.charCodeAt(0) === HEADER) {
      const space = token.indexOf(' ');
      commit = token.slice(1, space);
      time = Number(token.slice(space + 1));
      pendingStatus = undefined;
      return;
    }
    if (pendingStatus === undefined) {
      const status = token.replace(/^\n+/, '');
      if (status !== '') pendingStatus = status;
      return;
    }
    onEvent({ commit, time, change: pendingStatus[0]!, path: token });
    pendingStatus = undefined;
  };
}

function gitFailure(root: string, args: string[], code: number | null, stderr: string): Error {
  if (/not a git repository/i.test(stderr)) {
    return new UserError(
      `${root} is not inside a git repository. The build takes publishedAt/updatedAt from the git history of servers/; ` +
        'build from a clone of the registry (or run `git init && git add servers && git commit` first).',
    );
  }
  if (/does not have any commits|unknown revision|bad revision|ambiguous argument/i.test(stderr)) {
    return new UserError(
      `git has no commit to read history from in ${root} (${stderr.trim().split('\n')[0]}). Commit servers/ first.`,
    );
  }
  return new UserError(`git ${args[0]} failed (exit ${code}) in ${root}: ${stderr.trim()}`);
}

function runGit(root: string, args: string[]): Promise<string> {
  let out = '';
  return streamRaw(root, args, (chunk) => (out += chunk.toString('utf8'))).then(() => out);
}

/** Run git, split stdout on NUL bytes and hand each token over as it arrives. */
function streamGit(root: string, args: string[], onToken: (token: string) => void): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  return streamRaw(root, args, (chunk) => {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let i = buf.indexOf(0, start); i !== -1; i = buf.indexOf(0, start)) {
      onToken(buf.toString('utf8', start, i));
      start = i + 1;
    }
    rest = Buffer.from(buf.subarray(start));
  }).then(() => {
    if (rest.length > 0) onToken(rest.toString('utf8'));
  });
}

function streamRaw(root: string, args: string[], onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn('git', args, {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
      });
    } catch (e) {
      reject(new UserError(`cannot run git in ${root}: ${(e as Error).message}`));
      return;
    }
    let stderr = '';
    child.stdout.on('data', onChunk);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => reject(new UserError(`cannot run git in ${root}: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(gitFailure(root, args, code, stderr))));
  });
}

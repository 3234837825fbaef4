/**
 * History, the git adapter: ONE `git log` process for the whole tree, its output parsed once it has run (git runs
 * alongside validation; see `gitOutput`).
 *
 * `--first-parent` walks main's own line (a merge commit or a squash merge is the moment a
 * version landed there), `--diff-merges=first-parent` makes a merge report what it brought in,
 * `--no-renames` reports a move as remove + add, `-z` keeps any path byte-exact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  // Both git processes start now, before this function first waits: they run while the caller's thread is busy
  // (the build validates the tree meanwhile), each writing to a file rather than a pipe nobody reads yet.
  const tip = gitOutput(root, ['log', '-1', '--format=%H %ct', ref]);
  const log = gitOutput(root, [
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
  ]);
  log.catch(() => undefined); // the tip's failure is the one reported
  const head = (await tip).toString('utf8').trim();
  const [headCommit, headCt] = head.split(' ');
  if (!headCommit || !headCt) throw new UserError(`git log gave no commit for ${ref} in ${root}.`);
  const fold = new HistoryFold();
  const onToken = parser((e) => fold.add(e));
  const out = await log;
  let start = 0;
  for (let i = out.indexOf(0, start); i !== -1; i = out.indexOf(0, start)) {
    onToken(out.toString('utf8', start, i));
    start = i + 1;
  }
  if (start < out.length) onToken(out.toString('utf8', start));
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

/**
 * Runs git with its output going to a temporary file, and resolves with the bytes once it exits 0. A file, not a pipe:
 * git never waits for this thread to read (2 MB at 30,000 versions, about 7 MB at 100,000).
 */
function gitOutput(root: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-git-'));
    const file = join(dir, 'out');
    const done = (): void => rmSync(dir, { recursive: true, force: true });
    let child: ChildProcess;
    const fd = openSync(file, 'w');
    try {
      child = spawn('git', args, {
        cwd: root,
        stdio: ['ignore', fd, 'pipe'],
        env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
      });
    } catch (e) {
      done();
      reject(new UserError(`cannot run git in ${root}: ${(e as Error).message}`));
      return;
    } finally {
      closeSync(fd); // the child has its own copy
    }
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => {
      done();
      reject(new UserError(`cannot run git in ${root}: ${e.message}`));
    });
    child.on('close', (code) => {
      try {
        if (code === 0) resolve(readFileSync(file));
        else reject(gitFailure(root, args, code, stderr));
      } finally {
        done();
      }
    });
  });
}

/**
 * Test fixture: a real temporary git repository holding a registry, with commits at chosen
 * committer dates (GIT_COMMITTER_DATE), on main or on side branches merged by merge commit or squash.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

export function serverJson(name: string, version: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ $schema: SCHEMA, name, description: `Test server ${name}`, version, ...extra }, null, 2)}\n`;
}

export function versionFile(name: string, version: string, file = 'server.json'): string {
  return `servers/${name}/${version}/${file}`;
}

/** Files to change: content to write, or null to delete. */
export type Changes = Record<string, string | null>;

export class GitRepo {
  readonly dir: string;
  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'registry-git-'));
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return this.gitAt(undefined, ...args);
  }

  /** Run git with author and committer time set to `date` (ISO). */
  gitAt(date: string | undefined, ...args: string[]): string {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(date ? { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } : {}),
    };
    return execFileSync('git', args, { cwd: this.dir, env, encoding: 'utf8' });
  }

  apply(changes: Changes): void {
    for (const [path, content] of Object.entries(changes)) {
      const abs = join(this.dir, path);
      if (content === null) rmSync(abs, { force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  }

  /** A commit on the current branch at `date`. */
  commit(date: string, changes: Changes, message = 'change'): string {
    this.apply(changes);
    this.gitAt(date, 'add', '-A');
    this.gitAt(date, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Side branch commits (each at its own date), then a merge commit on main at `mergeDate`. */
  mergeBranch(branch: string, commits: Array<{ date: string; changes: Changes }>, mergeDate: string): string {
    this.git('checkout', '-q', '-b', branch);
    for (const c of commits) this.commit(c.date, c.changes, `on ${branch}`);
    this.git('checkout', '-q', 'main');
    this.gitAt(mergeDate, 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch);
    return this.head();
  }

  /** Side branch commits, squashed into one commit on main at `squashDate`. */
  squashBranch(branch: string, commits: Array<{ date: string; changes: Changes }>, squashDate: string): string {
    this.git('checkout', '-q', '-b', branch);
    for (const c of commits) this.commit(c.date, c.changes, `on ${branch}`);
    this.git('checkout', '-q', 'main');
    this.gitAt(squashDate, 'merge', '-q', '--squash', branch);
    this.gitAt(squashDate, 'commit', '-q', '-m', `squash ${branch}`);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every file under a folder, relative path → bytes (for byte-for-byte comparisons). */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, p)).isDirectory()) walk(p);
      else out.set(p, readFileSync(join(dir, p)));
    }
  };
  walk('');
  return out;
}

/**
 * "Merge a PR into main, check it out, validate and build": the base and the merge are two commits written straight
 * into a real git repository (git fast-import stores any path, as GitHub does), then git checks main out —
 * a path no Linux checkout can write fails here, as it would in every workflow — and the clone is validated and
 * built by the production pipeline (scripts/build/pipeline.ts; the site stage skipped, the API stage always runs).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRegistry, type BuildResult } from '../../scripts/build/pipeline.ts';
import type { RegistryConfig } from '../../scripts/config/config.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import { runValidation } from '../../scripts/validate/run.ts';
import type { SyntheticChange } from './snapshot.ts';

export interface MergedBuild {
  /** `validate` on the checked-out merge (the whole tree, as main's CI runs it). */
  validation: Problem[];
  build: BuildResult;
  ms: number;
}

const BASE_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z

export async function buildMerged(opts: {
  config: RegistryConfig;
  base: ReadonlyMap<string, Uint8Array>;
  changes: readonly SyntheticChange[];
}): Promise<MergedBuild> {
  const start = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'merged-build-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, GIT_TERMINAL_PROMPT: '0' };
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const work = join(dir, 'main');
    git(dir, 'init', '-q', '-b', 'main', work);
    await fastImport(work, env, [
      { message: 'base', time: BASE_TIME, files: [...opts.base].map(([path, bytes]) => ({ path, bytes })) },
      { message: 'merge the PR', time: BASE_TIME + 86_400, files: opts.changes },
    ]);
    try {
      git(work, 'reset', '-q', '--hard', 'main');
    } catch (e) {
      throw new Error(`git cannot check out the merged tree: ${(e as { stderr?: string }).stderr ?? String(e)}`);
    }
    const validation = (await runValidation({ root: work, config: opts.config })).problems;
    const build = await buildRegistry({ root: work, outDir: join(dir, 'dist'), config: opts.config, site: false });
    return { validation, build, ms: performance.now() - start };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Commit {
  message: string;
  time: number;
  /** Files to write, or (without bytes) to delete. */
  files: ReadonlyArray<{ path: string; bytes?: Uint8Array }>;
}

/** Commits on main through one `git fast-import`, byte-exact (paths C-quoted, contents as raw bytes). */
function fastImport(repo: string, env: NodeJS.ProcessEnv, commits: readonly Commit[]): Promise<void> {
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, 'utf8'));
  commits.forEach((c, i) => {
    text(`commit refs/heads/main\nmark :${i + 1}\n`);
    text(`committer Registry Test <test@example.com> ${c.time} +0000\n`);
    text(`data ${Buffer.byteLength(c.message)}\n${c.message}\n`);
    if (i > 0) text(`from :${i}\n`);
    for (const f of c.files) {
      if (f.bytes === undefined) {
        text('D ');
        chunks.push(quote(f.path));
        text('\n');
        continue;
      }
      text('M 100644 inline ');
      chunks.push(quote(f.path));
      text(`\ndata ${f.bytes.length}\n`);
      chunks.push(Buffer.from(f.bytes));
      text('\n');
    }
    text('\n');
  });
  text('done\n');
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, 'fast-import', '--quiet', '--done'], {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}: ${stderr.slice(0, 2000)}`)),
    );
    child.stdin.end(Buffer.concat(chunks));
  });
}

/** A path in git's C-style quotes: backslash, quote and control characters escaped in octal, other bytes as they are. */
function quote(path: string): Buffer {
  const out: number[] = [0x22];
  for (const byte of Buffer.from(path, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c || byte < 0x20 || byte === 0x7f)
      out.push(...Buffer.from(`\\${byte.toString(8).padStart(3, '0')}`));
    else out.push(byte);
  }
  out.push(0x22);
  return Buffer.from(out);
}

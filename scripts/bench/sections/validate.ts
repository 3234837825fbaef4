/**
 * Whole-tree validation (issue 2 §7): readTreeFiles + validateTree on synthetic registries of 30,000 and 100,000
 * versions, against a floor measured in the same run (read the same files, JSON.parse each, nothing else), plus the
 * CLI end to end (`node scripts/cli.ts validate --root <repo> --format json`, Node start-up included).
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { listTreePaths, readTreeFiles } from '../../tree/files.ts';
import { validateTree } from '../../validate/tree.ts';
import { countBySeverity } from '../../core/problem.ts';
import { median, stageSeconds } from '../measure.ts';
import { formatBytes } from '../table.ts';
import type { BenchContext, BenchRow, Goal, TaskResult } from '../types.ts';

interface Args {
  root: string;
}

/** The task: what `npm run validate` does for the whole tree, minus output formatting. */
export async function validateWholeTree({ root }: Args): Promise<TaskResult> {
  const t0 = performance.now();
  const config = loadConfig(root);
  const files = await readTreeFiles(root);
  const t1 = performance.now();
  const result = validateTree(files, config);
  const t2 = performance.now();
  const { errors, warnings } = countBySeverity(result.problems);
  let bytes = 0;
  for (const f of files) bytes += f.bytes.byteLength;
  return { files: files.length, bytes, errors, warnings, readMs: t1 - t0, checkMs: t2 - t1 };
}

/**
 * The floor: list and read the same files the way readTreeFiles does (a sync directory walk and readFileSync, the
 * fastest plain way for ~100,000 small files), decode and JSON.parse each, no checks.
 */
export async function readAndParse({ root }: Args): Promise<TaskResult> {
  const paths = listTreePaths(root).map((e) => e.path);
  let bytes = 0;
  let parsed = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const p of paths) {
    const buf = readFileSync(join(root, p));
    bytes += buf.byteLength;
    if (JSON.parse(decoder.decode(buf)) !== undefined) parsed++;
  }
  return { files: paths.length, bytes, parsed };
}

const TIME = '/usr/bin/time';

/**
 * `node scripts/cli.ts validate` as a user runs it. Wall time is measured here; the peak RSS is the CLI process's own,
 * read from GNU time when it is installed (otherwise left out).
 */
export async function cliValidate({ root, repo }: Args & { repo: string }): Promise<TaskResult> {
  const argv = [process.execPath, join(repo, 'scripts', 'cli.ts'), 'validate', '--root', root, '--format', 'json'];
  const withTime = existsSync(TIME);
  const [cmd, ...args] = withTime ? [TIME, '-f', '\nMAXRSS_KB=%M', ...argv] : argv;
  const start = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout, stderr }));
    },
  );
  const ms = performance.now() - start;
  if (code !== 0 && code !== 1) throw new Error(`validate exited ${code}: ${stderr.slice(-2000)}`);
  const summary = (JSON.parse(stdout) as { summary: { files: number; errors: number; warnings: number } }).summary;
  const rss = /MAXRSS_KB=(\d+)/.exec(stderr);
  return {
    files: summary.files,
    errors: summary.errors,
    warnings: summary.warnings,
    cliMs: ms,
    ...(rss ? { cliMaxRssBytes: Number(rss[1]) * 1024 } : {}),
  };
}

const GOAL_LARGE: Goal = { maxMs: 20_000, maxRssBytes: 1024 ** 3, maxRatio: 4 };

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const task = import.meta.url;
  for (const [size, goal] of [
    [ctx.sizes.medium, undefined],
    [ctx.sizes.large, GOAL_LARGE],
  ] as const) {
    const reg = await ctx.registry(size);
    const args: Args = { root: reg.dir };
    ctx.log(`validate ${ctx.label(size)}: ${ctx.runs} run(s) + floor`);
    const m = await ctx.measureWithFloor(
      { module: task, export: 'validateWholeTree', args },
      { module: task, export: 'readAndParse', args },
    );
    const r = m.task.result;
    rows.push(
      ctx.row(
        {
          benchmark: 'validate whole tree',
          size: ctx.label(size),
          ...(goal ? { goal } : {}),
          extra: {
            read: stageSeconds(m.task, 'readMs'),
            check: stageSeconds(m.task, 'checkMs'),
            'floor RSS': formatBytes(m.floor.maxRssBytes),
            errors: Number(r.errors ?? 0),
          },
          note: 'readTreeFiles + validateTree; floor = read + JSON.parse',
        },
        m,
      ),
    );
    if (Number(r.errors) > 0)
      ctx.log(`WARNING: ${r.errors} validation errors on generated data (generator or validator bug)`);
  }
  // The CLI end to end, on the large registry only (it is the number a user sees).
  const large = await ctx.registry(ctx.sizes.large);
  ctx.log(`CLI validate ${ctx.label(ctx.sizes.large)}: ${ctx.runs} run(s)`);
  const cli = await ctx.measure({ module: task, export: 'cliValidate', args: { root: large.dir, repo: ctx.root } });
  const times = cli.runs.map((s) => Number(s.result.cliMs));
  const rssRuns = cli.runs.map((s) => s.result.cliMaxRssBytes).filter((x): x is number => typeof x === 'number');
  const medianMs = median(times);
  const row: BenchRow = {
    benchmark: 'CLI validate (process)',
    size: ctx.label(ctx.sizes.large),
    medianMs,
    ...(rssRuns.length ? { peakRssBytes: Math.max(...rssRuns) } : {}),
    files: Number(cli.result.files),
    runs: cli.runs.length,
    samples: { ms: times.map(Math.round), rssBytes: rssRuns },
    goal: '≤ 20 s, ≤ 1 GB',
    extra: { errors: Number(cli.result.errors ?? 0) },
    note: `node scripts/cli.ts validate --format json, start-up included${rssRuns.length ? '' : '; RSS unavailable (no GNU time)'}`,
  };
  row.ok = medianMs <= 20_000 && (row.peakRssBytes ?? 0) <= 1024 ** 3;
  rows.push(row);
  return rows;
}

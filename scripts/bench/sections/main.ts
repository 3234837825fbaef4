/**
 * The main job (issue 12 §4): the whole `npm run build` — validation, history, records, API files, the site and the
 * manifest — on the 30,000-version registry, against a floor measured in the same run: read every input file and write
 * as many files and bytes as the build leaves on disk, with plain fs. Goal: ≤ 3× that floor.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildRegistry } from '../../build/pipeline.ts';
import { loadConfig } from '../../config/config.ts';
import { stageSeconds } from '../measure.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

/** The api section's floor (read the inputs, write N files of B bytes in all, 100 a folder): the same for the whole job. */
const FLOOR = new URL('./api.ts', import.meta.url).href;

interface Args {
  root: string;
  out: string;
  /** Walk the output afterwards to count what a plain writer would have to write (not part of the timed runs). */
  count?: boolean;
}

/**
 * What is on disk under `dir`: regular files, each inode once (the API serves most spellings as hard or symbolic
 * links, which a plain writer would not write again), and their bytes.
 */
export function diskFiles(dir: string): { files: number; bytes: number } {
  const seen = new Set<string>();
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = lstatSync(p);
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        bytes += st.size;
      }
    }
  };
  walk(dir);
  return { files: seen.size, bytes };
}

/** The task: `npm run build` into a folder of its own (see the api section on why nothing is deleted in between). */
export async function buildMain({ root, out, count = false }: Args): Promise<TaskResult> {
  const outDir = join(out, `run-${process.pid}`);
  const result = await buildRegistry({ root, outDir, config: loadConfig(root, {}) });
  if (!result.ok) throw new Error(`build failed with ${result.problems.length} problems`);
  const stage = (name: string) => result.stages.find((s) => s.stage === name)?.ms ?? 0;
  return {
    ...(count ? diskFiles(outDir) : {}),
    pages: result.sitePages,
    validateMs: stage('validate'),
    apiMs: ['history', 'records', 'files', 'manifest'].reduce((a, s) => a + stage(s), 0),
    siteMs: stage('site'),
    versions: result.records.length,
  };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const size = ctx.sizes.medium;
  const reg = await ctx.registry(size);
  const task = import.meta.url;
  ctx.log(`main: build ${ctx.label(size)} once for the output's counts, then ${ctx.runs} run(s) + floor`);
  const first = await ctx.measure(
    { module: task, export: 'buildMain', args: { root: reg.dir, out: join(ctx.scratch, 'count'), count: true } },
    { runs: 1 },
  );
  const counts = { files: Number(first.result.files), bytes: Number(first.result.bytes) };
  const m = await ctx.measureWithFloor(
    { module: task, export: 'buildMain', args: { root: reg.dir, out: join(ctx.scratch, 'dist') } },
    { module: FLOOR, export: 'plainFs', args: { root: reg.dir, out: join(ctx.scratch, 'floor'), ...counts } },
  );
  const row = ctx.row(
    {
      benchmark: 'npm run build (validate + API + site)',
      size: ctx.label(size),
      goal: { maxRatio: 3 },
      extra: {
        validate: stageSeconds(m.task, 'validateMs'),
        api: stageSeconds(m.task, 'apiMs'),
        site: stageSeconds(m.task, 'siteMs'),
        pages: Number(m.task.result.pages),
      },
    },
    m,
  );
  row.files = counts.files;
  row.bytes = counts.bytes;
  row.filesPerSecond = (counts.files * 1000) / m.task.medianMs;
  row.note =
    'peak RSS: the build process, not its astro child; files/bytes: what the build leaves on disk (each inode once, links not counted); floor = read the inputs + write as many files and bytes with plain fs';
  // Deleted last, so no measured run created files among freshly freed inodes.
  rmSync(ctx.scratch, { recursive: true, force: true });
  return [row];
}

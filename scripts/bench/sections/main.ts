/**
 * The main job (issue 12 §4): the whole `npm run build` — validation, history, records, API files, the site and the
 * manifest — on the 30,000-version registry, against floors measured in the same run, alternating with it:
 *
 * - **the output floor** (the goal's): read every input file, then write the build's whole output with plain fs calls
 *   and nothing else — every folder, every file with its size in bytes, every hard and symbolic link, as the build
 *   left them (recorded from a first build, so the floor does no planning, JSON or HTML). The output's shape is the
 *   contract (one URL a file, `server/<name>/` a folder), so any builder must create those folders and entries;
 * - **the flat floor** (shown beside it): the same number of distinct files and bytes, 100 to a folder, no links.
 *   It leaves out the ~57,000 folders and ~70,000 extra names the URLs need, which on this machine's file system
 *   cost more than the bytes.
 *
 * Goal: ≤ 3× the output floor.
 */
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fg from 'fast-glob';
import { walkFolder } from '../../api/walk.ts';
import { buildRegistry } from '../../build/pipeline.ts';
import { loadConfig } from '../../config/config.ts';
import { runOnce, stageSeconds, summarise } from '../measure.ts';
import { API_STAGES, stagesMs } from './api.ts';
import type { RunSample } from '../types.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

/** The api section's floor (read the inputs, write N files of B bytes in all, 100 a folder): the same for the whole job. */
const FLOOR = new URL('./api.ts', import.meta.url).href;

interface Args {
  root: string;
  out: string;
  /** Walk the output afterwards to count what a plain writer would have to write (not part of the timed runs). */
  count?: boolean;
}

/** An output tree's shape: folders (parents first), files by size (each inode once), hard links, symbolic links. */
export interface TreeRecipe {
  dirs: string[];
  files: Array<[path: string, size: number]>;
  links: Array<[path: string, existing: string]>;
  symlinks: Array<[path: string, target: string]>;
}

/** Records `dir`'s shape (relative paths, sorted walk: a folder before its contents, a file before its other names). */
export function treeRecipe(dir: string): TreeRecipe {
  const recipe: TreeRecipe = { dirs: [], files: [], links: [], symlinks: [] };
  const first = new Map<string, string>();
  for (const { path, full, entry } of walkFolder(dir)) {
    if (entry.isDirectory()) recipe.dirs.push(path);
    else if (entry.isSymbolicLink()) recipe.symlinks.push([path, readlinkSync(full)]);
    else if (entry.isFile()) {
      const st = lstatSync(full);
      const key = `${st.dev}:${st.ino}`;
      const existing = first.get(key);
      if (existing) recipe.links.push([path, existing]);
      else {
        first.set(key, path);
        recipe.files.push([path, st.size]);
      }
    }
  }
  return recipe;
}

/**
 * What is on disk under `dir`: regular files, each inode once (the API serves most spellings as hard or symbolic
 * links, which a plain writer would not write again), and their bytes.
 */
export function diskFiles(dir: string): { files: number; bytes: number } {
  return recipeTotals(treeRecipe(dir));
}

function recipeTotals(recipe: TreeRecipe): { files: number; bytes: number } {
  return { files: recipe.files.length, bytes: recipe.files.reduce((sum, [, size]) => sum + size, 0) };
}

/** The output floor: read the inputs, then create the recorded tree with plain fs (one zero-filled buffer, sliced). */
export function plainTree({ root, out, recipe }: { root: string; out: string; recipe: string }): TaskResult {
  const target = join(out, `run-${process.pid}`);
  let read = 0;
  for (const p of fg.sync('servers/**', { cwd: root, onlyFiles: true })) read += readFileSync(join(root, p)).byteLength;
  const tree = JSON.parse(readFileSync(recipe, 'utf8')) as TreeRecipe;
  const biggest = tree.files.reduce((m, [, size]) => Math.max(m, size), 0);
  const body = Buffer.alloc(biggest, 0x61);
  mkdirSync(target, { recursive: true });
  for (const d of tree.dirs) mkdirSync(join(target, d));
  let bytes = 0;
  for (const [p, size] of tree.files) {
    writeFileSync(join(target, p), body.subarray(0, size));
    bytes += size;
  }
  for (const [p, existing] of tree.links) linkSync(join(target, existing), join(target, p));
  for (const [p, to] of tree.symlinks) symlinkSync(to, join(target, p));
  const entries = tree.dirs.length + tree.files.length + tree.links.length + tree.symlinks.length;
  return { files: tree.files.length, bytes, entries, read };
}

/** Writes everything the kernel holds in memory to disk (`sync`); where there is no `sync`, nothing. */
function flushWrites(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // no sync command: the runs carry each other's write-back, as before
  }
}

/** The task: `npm run build` into a folder of its own (see the api section on why nothing is deleted in between). */
export async function buildMain({ root, out, count = false }: Args): Promise<TaskResult> {
  const outDir = join(out, `run-${process.pid}`);
  const result = await buildRegistry({ root, outDir, config: loadConfig(root, {}) });
  const recipe = count ? treeRecipe(outDir) : undefined;
  if (recipe) writeFileSync(join(out, 'recipe.json'), JSON.stringify(recipe));
  if (!result.ok) throw new Error(`build failed with ${result.problems.length} problems`);
  const stage = (name: string) => stagesMs(result.stages, [name]);
  return {
    ...(recipe ? recipeTotals(recipe) : {}),
    pages: result.sitePages,
    validateMs: stage('validate'),
    apiMs: stagesMs(result.stages, API_STAGES),
    siteMs: stage('site'),
    versions: result.records.length,
  };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const size = ctx.sizes.medium;
  const reg = await ctx.registry(size);
  const task = import.meta.url;
  ctx.log(`main: build ${ctx.label(size)} once for the output's shape, then ${ctx.runs} run(s) + 2 floors`);
  const countDir = join(ctx.scratch, 'count');
  const first = await ctx.measure(
    { module: task, export: 'buildMain', args: { root: reg.dir, out: countDir, count: true } },
    { runs: 1 },
  );
  const counts = { files: Number(first.result.files), bytes: Number(first.result.bytes) };
  const refs = {
    build: { module: task, export: 'buildMain', args: { root: reg.dir, out: join(ctx.scratch, 'dist') } },
    output: {
      module: task,
      export: 'plainTree',
      args: { root: reg.dir, out: join(ctx.scratch, 'floor-tree'), recipe: join(countDir, 'recipe.json') },
    },
    flat: { module: FLOOR, export: 'plainFs', args: { root: reg.dir, out: join(ctx.scratch, 'floor'), ...counts } },
  };
  // Floors first in each round, so a cold page cache penalises them, not the build. Each run starts with the
  // previous run's writes on disk: otherwise the kernel's write-back of ~170,000 new entries lands in the next run.
  const samples: Record<keyof typeof refs, RunSample[]> = { build: [], output: [], flat: [] };
  for (let i = 0; i < Math.max(1, ctx.runs); i++) {
    for (const which of ['output', 'flat', 'build'] as const) {
      flushWrites();
      samples[which].push(await runOnce(refs[which]));
    }
  }
  const build = summarise(refs.build, samples.build);
  const output = summarise(refs.output, samples.output);
  const flat = summarise(refs.flat, samples.flat);
  const row = ctx.row(
    {
      benchmark: 'npm run build (validate + API + site)',
      size: ctx.label(size),
      goal: { maxRatio: 3 },
      extra: {
        validate: stageSeconds(build, 'validateMs'),
        api: stageSeconds(build, 'apiMs'),
        site: stageSeconds(build, 'siteMs'),
        pages: Number(build.result.pages),
        'output entries': Number(output.result.entries),
        'flat floor': `${(flat.medianMs / 1000).toFixed(2)} s (${(build.medianMs / flat.medianMs).toFixed(2)}×)`,
      },
    },
    { task: build, floor: output, ratio: build.medianMs / output.medianMs },
  );
  row.files = counts.files;
  row.bytes = counts.bytes;
  row.filesPerSecond = (counts.files * 1000) / build.medianMs;
  row.note =
    'peak RSS: the build process, not its astro child; files/bytes: distinct files the build leaves on disk (links not counted); floor = read the inputs + create the same output tree (folders, files, hard and symbolic links) with plain fs; flat floor = as many files and bytes, 100 a folder, no links';
  // Deleted last, so no measured run created files among freshly freed inodes.
  rmSync(ctx.scratch, { recursive: true, force: true });
  return [row];
}

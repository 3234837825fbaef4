/**
 * The static API build (issue 3 §5) on synthetic registries of 30,000 and 100,000 versions: wall time per stage
 * (history, records, files), peak RSS, files and bytes written, the ratio to a plain-fs floor measured in the same
 * run, and the bytes a client downloads to sync after 10 changed servers against the snapshot's bytes.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { buildRegistry, type StageTime } from '../../build/pipeline.ts';
import { loadConfig } from '../../config/config.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../../core/types.ts';
import { appendChanges } from '../generate.ts';
import { median, stageSeconds } from '../measure.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

interface Args {
  root: string;
  out: string;
  /** `fresh`: a new folder under `out` for this run; `over`: rebuild over what `out` holds. */
  into?: 'fresh' | 'over';
}

/**
 * Each fresh run writes a folder nothing was ever deleted from, and nothing is deleted until the
 * section ends: this machine's file system (ext4 without a journal) makes every file created within
 * minutes of a big delete scan past the freed inodes, which would time the previous run's
 * `rm -rf` instead of this run's work (docs/benchmarks.md shows the profile).
 */
const runFolder = (out: string) => join(out, `run-${process.pid}`);

/** The build's stages that make the API: all but validation and the site. */
export const API_STAGES: readonly string[] = ['history', 'records', 'files', 'prefixes', 'manifest'];

/** Milliseconds a build spent in the named stages, summed. */
export function stagesMs(stages: readonly StageTime[], names: readonly string[]): number {
  return stages.reduce((sum, s) => (names.includes(s.stage) ? sum + s.ms : sum), 0);
}

/** The task: `npm run build` without the site: validate, history, records, API files, manifest. */
export async function buildApi({ root, out, into = 'fresh' }: Args): Promise<TaskResult> {
  const outDir = into === 'fresh' ? runFolder(out) : out;
  const result = await buildRegistry({ root, outDir, config: loadConfig(root, {}), site: false });
  if (!result.ok) throw new Error(`build failed with ${result.problems.length} problems`);
  const stage = (name: string) => stagesMs(result.stages, [name]);
  const apiMs = stagesMs(result.stages, API_STAGES);
  return {
    files: result.apiFiles,
    bytes: result.apiBytes,
    validateMs: stage('validate'),
    historyMs: stage('history'),
    recordsMs: stage('records'),
    filesMs: stage('files'),
    apiMs,
    versions: result.records.length,
  };
}

/**
 * The floor: what any implementation must do with plain fs — read every input file, then write the same number of
 * files and the same bytes (100 files a folder, no links, no planning, no JSON).
 */
export async function plainFs({
  root,
  out,
  files,
  bytes,
}: Args & { files: number; bytes: number }): Promise<TaskResult> {
  out = runFolder(out);
  let read = 0;
  for (const p of fg.sync('servers/**', { cwd: root, onlyFiles: true })) read += readFileSync(join(root, p)).byteLength;
  const size = Math.floor(bytes / files);
  const body = Buffer.alloc(size, 0x61);
  for (let i = 0; i < files; i++) {
    const dir = join(out, String(Math.floor(i / 100)));
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${i}.json`), body);
  }
  return { files, bytes: size * files, read };
}

/** Bytes a mirror downloads with the documented algorithm (docs/api.md) to go from `since` to the current build. */
export function feedSyncBytes(
  out: string,
  since: string,
  held: Map<string, string>,
): { bytes: number; requests: number; changed: number } {
  const dir = join(out, 'v0.1/servers/_changes');
  const file = (p: string) => readFileSync(join(dir, p));
  const indexBytes = file('index.json');
  const index = JSON.parse(indexBytes.toString('utf8')) as { days: Array<{ path: string; last: string }> };
  let bytes = indexBytes.byteLength;
  let requests = 1;
  let changed = 0;
  // Index + the buckets since `since`: their records (re-read at the boundary second) and `metadata.latest`.
  for (const day of index.days) {
    if (day.last < since) continue;
    const body = file(day.path);
    bytes += body.byteLength;
    requests++;
    for (const r of (JSON.parse(body.toString('utf8')) as { servers: ServerRecord[] }).servers) {
      const at = r._meta[OFFICIAL_META_KEY].updatedAt;
      if (at >= since && held.get(`${r.server.name}@${r.server.version}`) !== at) changed++;
    }
  }
  return { bytes, requests, changed };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const task = import.meta.url;
  const sizes = [
    [ctx.sizes.medium, 10_000],
    [ctx.sizes.large, 30_000],
  ] as const;
  for (const [size, maxMs] of sizes) {
    const reg = await ctx.registry(size);
    const args: Args = { root: reg.dir, out: join(ctx.scratch, 'dist') };
    const over: Args = { root: reg.dir, out: join(ctx.scratch, `over-${size.versions}`), into: 'over' };
    ctx.log(
      `build ${ctx.label(size)}: one run for the counts, then ${ctx.runs} run(s) + floor, then ${ctx.runs} rebuild(s)`,
    );
    const first = await ctx.measure({ module: task, export: 'buildApi', args: over }, { runs: 1 });
    const counts = { files: Number(first.result.files), bytes: Number(first.result.bytes) };
    const m = await ctx.measureWithFloor(
      { module: task, export: 'buildApi', args },
      { module: task, export: 'plainFs', args: { root: reg.dir, out: join(ctx.scratch, 'floor'), ...counts } },
    );
    const apiMs = median(m.task.runs.map((r) => Number(r.result.apiMs)));
    const floorMs = m.floor.medianMs;
    const peak = m.task.maxRssBytes;
    const row: BenchRow = {
      benchmark: 'build API (history + records + files)',
      size: ctx.label(size),
      medianMs: apiMs,
      peakRssBytes: peak,
      files: counts.files,
      bytes: counts.bytes,
      floorMs,
      ratio: apiMs / floorMs,
      runs: m.task.runs.length,
      goal: `≤ ${maxMs / 1000} s, ≤ 1.5 GB, ≤ 3× floor`,
      ok: apiMs <= maxMs && peak <= 1.5e9 && apiMs / floorMs <= 3,
      extra: {
        history: stageSeconds(m.task, 'historyMs'),
        records: stageSeconds(m.task, 'recordsMs'),
        files: stageSeconds(m.task, 'filesMs'),
        'with validation': `${(m.task.medianMs / 1000).toFixed(2)} s`,
      },
      note: 'peak RSS is the whole build process (validation included); floor = read inputs + write the same files/bytes with plain fs',
    };
    rows.push(row);
    const again = await ctx.measure({ module: task, export: 'buildApi', args: over });
    const againMs = median(again.runs.map((r) => Number(r.result.apiMs)));
    rows.push({
      benchmark: 'rebuild API over the previous dist/',
      size: ctx.label(size),
      medianMs: againMs,
      peakRssBytes: again.maxRssBytes,
      files: counts.files,
      bytes: counts.bytes,
      runs: again.runs.length,
      extra: { files: stageSeconds(again, 'filesMs'), 'with validation': `${(again.medianMs / 1000).toFixed(2)} s` },
      note: 'same commit: every file rewritten in place, nothing created or deleted',
    });
  }

  // Sync after 10 changed servers, on a private copy of the medium registry.
  const reg = await ctx.registry(ctx.sizes.medium);
  const copy = await ctx.copyRegistry(reg, join(ctx.scratch, 'repo'));
  const before = join(ctx.scratch, 'sync-before');
  const after = join(ctx.scratch, 'sync-after');
  ctx.log('sync: build, append 10 changed servers, build again');
  await buildApi({ root: copy.dir, out: before, into: 'over' });
  const index = JSON.parse(readFileSync(join(before, 'v0.1/servers/_changes/index.json'), 'utf8')) as {
    latestUpdatedAt: string;
    snapshot: string;
  };
  const snapshotFile = join(before, 'v0.1/servers/_changes', index.snapshot);
  const snapshotBytes = statSync(snapshotFile).size;
  const held = new Map<string, string>();
  for (const r of (JSON.parse(readFileSync(snapshotFile, 'utf8')) as { servers: ServerRecord[] }).servers)
    held.set(`${r.server.name}@${r.server.version}`, r._meta[OFFICIAL_META_KEY].updatedAt);
  await appendChanges(copy, { commits: 10, servers: 10 });
  await buildApi({ root: copy.dir, out: after, into: 'over' });
  const sync = feedSyncBytes(after, index.latestUpdatedAt, held);
  const share = sync.bytes / snapshotBytes;
  rows.push({
    benchmark: 'sync after 10 changed servers',
    size: ctx.label(ctx.sizes.medium),
    bytes: sync.bytes,
    goal: '≤ 1% of the snapshot',
    ok: share <= 0.01,
    extra: {
      snapshot: snapshotBytes,
      share: `${(share * 100).toFixed(3)} %`,
      requests: sync.requests,
      'changed records': sync.changed,
    },
    note: 'feed index + buckets since T (isLatest moves come in their metadata.latest)',
  });
  // Deleted last, so no measured run created files among freshly freed inodes.
  rmSync(ctx.scratch, { recursive: true, force: true });
  return rows;
}

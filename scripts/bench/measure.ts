/** Measuring tasks in child processes: median wall time, median and max peak RSS, and a floor ratio. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloorMeasurement, Measurement, RunSample, TaskRef } from './types.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median over runs of a per-stage time (ms) that a task reported in its result, as "1.23 s". */
export function stageSeconds(m: Measurement, key: string): string {
  const xs = m.runs.map((r) => r.result[key]).filter((x): x is number => typeof x === 'number');
  return xs.length ? `${(median(xs) / 1000).toFixed(2)} s` : '?';
}

/** One run of `task` in a fresh Node process (the same Node binary as this one). */
export function runOnce(task: TaskRef): Promise<RunSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code !== 0)
        return reject(new Error(`task ${task.export} (${task.module}) exited ${code}:\n${err.slice(-4000)}`));
      try {
        resolve(JSON.parse(last) as RunSample);
      } catch {
        reject(new Error(`task ${task.export} printed no result line:\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

export function summarise(task: TaskRef, runs: RunSample[]): Measurement {
  return {
    task,
    runs,
    medianMs: median(runs.map((r) => r.ms)),
    medianRssBytes: median(runs.map((r) => r.maxRssBytes)),
    maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes)),
    result: runs[runs.length - 1]?.result ?? {},
  };
}

export async function measure(task: TaskRef, runs = 3): Promise<Measurement> {
  const samples: RunSample[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) samples.push(await runOnce(task));
  return summarise(task, samples);
}

/** Task and floor alternate (floor first, so a cold page cache penalises the floor, not the task). */
export async function measureWithFloor(task: TaskRef, floor: TaskRef, runs = 3): Promise<FloorMeasurement> {
  const t: RunSample[] = [];
  const f: RunSample[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    f.push(await runOnce(floor));
    t.push(await runOnce(task));
  }
  const tm = summarise(task, t);
  const fm = summarise(floor, f);
  return { task: tm, floor: fm, ratio: tm.medianMs / fm.medianMs };
}

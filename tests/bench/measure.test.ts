import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { measure, measureWithFloor, median, runOnce } from '../../scripts/bench/measure.ts';
import { markdownTable, rowFrom, meetsGoal, goalText, formatBytes, formatMs } from '../../scripts/bench/table.ts';
import type { BenchRow } from '../../scripts/bench/types.ts';

const TASKS = join(import.meta.dirname, 'tasks.ts');

describe('measure', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("runs a task in its own process: peak RSS is the task's own", async () => {
    const small = await runOnce({ module: TASKS, export: 'allocate', args: { mb: 1, files: 1 } });
    const big = await runOnce({ module: TASKS, export: 'allocate', args: { mb: 200, files: 1 } });
    expect(small.maxRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(big.maxRssBytes - small.maxRssBytes).toBeGreaterThan(150 * 1024 * 1024);
    expect(big.result).toEqual({ files: 1, bytes: 200 * 1024 * 1024 });
  });

  it('repeats N times and reports median time, median and max RSS', async () => {
    const m = await measure({ module: TASKS, export: 'spin', args: { ms: 30 } }, 3);
    expect(m.runs).toHaveLength(3);
    expect(m.medianMs).toBeGreaterThanOrEqual(30);
    expect(m.maxRssBytes).toBeGreaterThanOrEqual(m.medianRssBytes);
    expect(m.medianRssBytes).toBeGreaterThan(0);
    expect(m.result.files).toBe(10);
  });

  it('a floor measured alongside gives ratio = median(task) / median(floor)', async () => {
    const f = await measureWithFloor(
      { module: TASKS, export: 'spin', args: { ms: 120 } },
      { module: TASKS, export: 'spin', args: { ms: 30 } },
      1,
    );
    expect(f.ratio).toBeCloseTo(f.task.medianMs / f.floor.medianMs, 10);
    // Each side really ran its own task (a spin lasts at least its ms); their ratio is not asserted, as wall times
    // on a loaded 2-core machine can invert two short runs.
    expect(f.task.medianMs).toBeGreaterThanOrEqual(120);
    expect(f.floor.medianMs).toBeGreaterThanOrEqual(30);
  });

  it('a task left with an open handle still finishes; a failing task rejects with its error', async () => {
    await expect(runOnce({ module: TASKS, export: 'leaky' })).resolves.toMatchObject({ result: { files: 1 } });
    await expect(runOnce({ module: TASKS, export: 'fails' })).rejects.toThrow(/task failed on purpose/);
    await expect(runOnce({ module: TASKS, export: 'missing' })).rejects.toThrow(/no exported function missing/);
  });
});

describe('table', () => {
  const sample = {
    task: {
      medianMs: 2000,
      medianRssBytes: 100e6,
      maxRssBytes: 120e6,
      runs: [{}, {}, {}],
      result: { files: 1000, bytes: 5000 },
    },
    floor: { medianMs: 500, medianRssBytes: 50e6, maxRssBytes: 60e6, runs: [{}], result: {} },
    ratio: 4.2,
  } as never;

  it('builds a row: files/s, ratio and the goal verdict', () => {
    const row = rowFrom(
      { benchmark: 'b', size: 's', goal: { maxMs: 20_000, maxRssBytes: 1024 ** 3, maxRatio: 4 } },
      sample,
    );
    expect(row).toMatchObject({
      medianMs: 2000,
      peakRssBytes: 120e6,
      files: 1000,
      bytes: 5000,
      filesPerSecond: 500,
      floorMs: 500,
      ratio: 4.2,
      runs: 3,
      ok: false,
    });
    expect(row.goal).toBe('≤ 20.0 s, ≤ 1.00 GB, ≤ 4× floor');
    expect(rowFrom({ benchmark: 'b', size: 's', goal: { maxRatio: 5 } }, sample).ok).toBe(true);
  });

  it('judges each bound and treats a missing figure as a miss', () => {
    expect(meetsGoal({ maxMs: 10 }, { medianMs: 10 })).toBe(true);
    expect(meetsGoal({ maxMs: 10 }, { medianMs: 11 })).toBe(false);
    expect(meetsGoal({ maxRssBytes: 10 }, {})).toBe(false);
    expect(meetsGoal({}, {})).toBe(true);
    expect(goalText({ maxMs: 1000, text: 'p95 ≤ 30 ms' })).toBe('≤ 1.00 s, p95 ≤ 30 ms');
  });

  it('renders a Markdown table with the required columns, one line per row', () => {
    const rows: BenchRow[] = [
      {
        ...rowFrom({ benchmark: 'validate whole tree', size: '10 servers', extra: { read: '1 s' }, note: 'n' }, sample),
        section: 'validate',
      },
      { section: 'api', benchmark: 'sync | 10 changes', size: 'x', bytes: 2048, extra: { requests: 12 } },
    ];
    const lines = markdownTable(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const c of [
      'benchmark',
      'size',
      'median time',
      'peak RSS',
      'files',
      'bytes',
      'files/s',
      'ratio to floor',
      'goal',
      'ok?',
    ])
      expect(lines[0]).toContain(`| ${c} |`);
    expect(lines[2]).toContain('| 2.00 s |');
    expect(lines[2]).toContain('| 4.20× |');
    expect(lines[2]).toContain('read: 1 s; n');
    expect(lines[3]).toContain('sync \\| 10 changes');
    expect(lines[3]).toContain('| 2.0 KB |');
    expect(lines[3]).toContain('requests: 12');
    expect(lines.every((l) => l.split(/(?<!\\)\|/).length === lines[0]!.split('|').length)).toBe(true);
  });

  it('formats times and sizes', () => {
    expect(formatMs(0.5)).toBe('0.50 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});

/** Rows → Markdown table and results.json; goals → text and a verdict. Pure except writeResults. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BenchRow, FloorMeasurement, Goal, Measurement } from './types.ts';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatCount(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '' : Math.round(n).toLocaleString('en-US');
}

export function goalText(goal: Goal): string {
  const parts: string[] = [];
  if (goal.maxMs !== undefined) parts.push(`≤ ${formatMs(goal.maxMs)}`);
  if (goal.maxRssBytes !== undefined) parts.push(`≤ ${formatBytes(goal.maxRssBytes)}`);
  if (goal.maxRatio !== undefined) parts.push(`≤ ${goal.maxRatio}× floor`);
  if (goal.text) parts.push(goal.text);
  return parts.join(', ');
}

/** Whether measured figures meet the numeric parts of a goal (a missing figure fails its bound). */
export function meetsGoal(goal: Goal, row: Pick<BenchRow, 'medianMs' | 'peakRssBytes' | 'ratio'>): boolean {
  const within = (v: number | undefined, max: number | undefined) => max === undefined || (v !== undefined && v <= max);
  return (
    within(row.medianMs, goal.maxMs) && within(row.peakRssBytes, goal.maxRssBytes) && within(row.ratio, goal.maxRatio)
  );
}

function isFloor(m: Measurement | FloorMeasurement): m is FloorMeasurement {
  return 'floor' in m;
}

/** A row from a measurement; files and bytes come from the task's result. */
export function rowFrom(
  fields: { benchmark: string; size: string; goal?: Goal; extra?: Record<string, number | string>; note?: string },
  m: Measurement | FloorMeasurement,
): BenchRow {
  const task = isFloor(m) ? m.task : m;
  const files = typeof task.result.files === 'number' ? task.result.files : undefined;
  const bytes = typeof task.result.bytes === 'number' ? task.result.bytes : undefined;
  const row: BenchRow = {
    benchmark: fields.benchmark,
    size: fields.size,
    medianMs: task.medianMs,
    peakRssBytes: task.maxRssBytes,
    files,
    bytes,
    runs: task.runs.length,
    samples: {
      ms: task.runs.map((r) => Math.round(r.ms)),
      rssBytes: task.runs.map((r) => r.maxRssBytes),
      ...(isFloor(m)
        ? { floorMs: m.floor.runs.map((r) => Math.round(r.ms)), floorRssBytes: m.floor.runs.map((r) => r.maxRssBytes) }
        : {}),
    },
  };
  if (files !== undefined && task.medianMs > 0) row.filesPerSecond = (files * 1000) / task.medianMs;
  if (isFloor(m)) {
    row.floorMs = m.floor.medianMs;
    row.ratio = m.ratio;
  }
  if (fields.goal) {
    row.goal = goalText(fields.goal);
    row.ok = meetsGoal(fields.goal, row);
  }
  if (fields.extra) row.extra = fields.extra;
  if (fields.note) row.note = fields.note;
  return row;
}

const COLUMNS = [
  'section',
  'benchmark',
  'size',
  'median time',
  'peak RSS',
  'files',
  'bytes',
  'files/s',
  'floor',
  'ratio to floor',
  'goal',
  'ok?',
  'notes',
];

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function notes(row: BenchRow): string {
  const extra = Object.entries(row.extra ?? {}).map(([k, v]) => `${k}: ${typeof v === 'number' ? formatCount(v) : v}`);
  return [...extra, ...(row.note ? [row.note] : [])].join('; ');
}

export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((c) => (['section', 'benchmark', 'size', 'goal', 'notes'].includes(c) ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const r of rows) {
    const filesPerSecond =
      r.filesPerSecond ?? (r.files !== undefined && r.medianMs ? (r.files * 1000) / r.medianMs : undefined);
    const cells = [
      r.section ?? '',
      r.benchmark,
      r.size,
      formatMs(r.medianMs),
      formatBytes(r.peakRssBytes),
      formatCount(r.files),
      formatBytes(r.bytes),
      formatCount(filesPerSecond),
      formatMs(r.floorMs),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      r.goal ?? '',
      r.ok === undefined ? '' : r.ok ? 'yes' : '**no**',
      notes(r),
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ResultsFile {
  generatedAt: string;
  node: string;
  cpus: number;
  quick: boolean;
  runs: number;
  rows: BenchRow[];
  errors: Array<{ section: string; message: string }>;
}

export async function writeResults(file: string, results: ResultsFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

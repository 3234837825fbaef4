/** What the edge commands print: the problems that stopped a build, and a summary table of the layout. */
import { formatProblems, summarize } from '../validate/format.ts';
import type { EdgeBuildResult } from './build.ts';

export function problemsText(r: EdgeBuildResult): string {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  return r.problems.length > 0 ? formatProblems(r.problems, summarize(r.problems, r.checkedFiles), 'text', color) : '';
}

export function edgeSummary(r: EdgeBuildResult, outDir: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const m = r.layout!.manifest;
  const w = r.write!;
  const rows: Array<[string, string]> = [
    ['servers', n(m.counts.servers)],
    ['versions', n(m.counts.versions)],
    ['objects', `${n(w.files)} (${n(m.counts.packs)} packs)`],
    ['bytes', `${n(w.bytes)} (${(w.bytes / 1048576).toFixed(1)} MiB)`],
    ['written / removed', `${n(w.written)} / ${n(w.removed)}`],
    ...r.stages.map((s) => [`time: ${s.stage}`, `${s.ms.toFixed(0)} ms`] as [string, string]),
    ['build id', m.buildId],
    ['output', outDir],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  let out = `\n| ${'edge build'.padEnd(width)} | value |\n| ${'-'.repeat(width)} | ----- |\n`;
  for (const [k, v] of rows) out += `| ${k.padEnd(width)} | ${v} |\n`;
  return out;
}

/** What the edge commands print: the problems that stopped a build, and a summary table of the layout. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { figuresTable, formatProblems, summarize } from '../validate/format.ts';
import { buildEdge, type EdgeBuildResult } from './build.ts';
import type { WranglerOptions } from './wrangler-config.ts';

/** A build that got as far as writing: its layout and what was written. */
export type WrittenEdge = EdgeBuildResult & Required<Pick<EdgeBuildResult, 'layout' | 'write'>>;

/**
 * An edge command's build: the registry at `root` (default: the working folder) into `out` (default
 * `<root>/dist-edge`), its problems and then its summary printed. Undefined when validation stopped it; `stopped`,
 * printed then, says what to do.
 */
export async function buildAndReport(
  opts: { root?: string; out?: string; wrangler?: WranglerOptions },
  stopped: string,
): Promise<{ result: WrittenEdge; outDir: string } | undefined> {
  const root = resolve(opts.root ?? process.cwd());
  const outDir = resolve(opts.out ?? `${root}/dist-edge`);
  const result = await buildEdge({ root, outDir, config: loadConfig(root), wrangler: opts.wrangler });
  process.stdout.write(problemsText(result));
  if (!result.write || !result.layout) {
    process.stderr.write(`${stopped}\n`);
    return undefined;
  }
  const written = { ...result, layout: result.layout, write: result.write };
  process.stdout.write(edgeSummary(written, outDir));
  return { result: written, outDir };
}

export function problemsText(r: EdgeBuildResult): string {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  return r.problems.length > 0 ? formatProblems(r.problems, summarize(r.problems, r.checkedFiles), 'text', color) : '';
}

export function edgeSummary(r: WrittenEdge, outDir: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const m = r.layout.manifest;
  const w = r.write;
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
  return figuresTable('edge build', rows);
}

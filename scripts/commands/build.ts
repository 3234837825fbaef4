/** `npm run build -- [--root DIR] [--out DIR] [--base-url URL]`: validate, then build the static API (and site) into dist/. */
import { resolve } from 'node:path';
import { loadConfig, parseConfig } from '../config/config.ts';
import { buildRegistry, type BuildResult } from '../build/pipeline.ts';
import { escapeData, figuresTable, formatProblems, summarize } from '../validate/format.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE = 'Usage: npm run build -- [--root DIR] [--out DIR] [--base-url URL]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      root: { type: 'string' },
      out: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const root = resolve(values.root ?? process.cwd());
  const outDir = resolve(values.out ?? `${root}/dist`);
  let config = loadConfig(root);
  if (values['base-url'] !== undefined) {
    const url = values['base-url'].endsWith('/') ? values['base-url'] : `${values['base-url']}/`;
    config = parseConfig({ ...config, baseUrl: url }, '--base-url');
  }
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const result = await buildRegistry({ root, outDir, config });
  if (!result.ok) {
    process.stdout.write(
      formatProblems(result.problems, summarize(result.problems, result.checkedFiles), 'text', color),
    );
    process.stderr.write('Build stopped: fix the errors above (nothing was written).\n');
    return 1;
  }
  if (result.problems.length > 0)
    process.stdout.write(
      formatProblems(result.problems, summarize(result.problems, result.checkedFiles), 'text', color),
    );
  process.stdout.write(summaryTable(result, outDir));
  // In a workflow, an annotation on the run's summary page; elsewhere, plain text.
  const inActions = process.env.GITHUB_ACTIONS === 'true';
  for (const w of result.warnings)
    process.stderr.write(inActions ? `::warning title=Site size::${escapeData(w)}\n` : `\nWarning: ${w}\n`);
  return 0;
}

export function summaryTable(r: BuildResult, outDir: string): string {
  const m = r.manifest!;
  const n = (x: number) => x.toLocaleString('en-US');
  const rows: Array<[string, string]> = [
    ['servers', n(m.counts.servers ?? 0)],
    [
      'versions',
      `${n(m.counts.versions ?? 0)} (${n(m.counts.active ?? 0)} active, ${n(m.counts.deprecated ?? 0)} deprecated, ${n(m.counts.deleted ?? 0)} deleted)`,
    ],
    ['API files', n(r.apiFiles)],
    ['API bytes', `${n(r.apiBytes)} (${(r.apiBytes / 1048576).toFixed(1)} MiB)`],
    [
      'served',
      `${(r.servedBytes / 1e6).toFixed(1)} MB${r.sizeLimit > 0 ? ` of the ${n(Math.round(r.sizeLimit / 1e6))} MB the host accepts (siteSizeLimit)` : ''}`,
    ],
    [
      'prefixes',
      `${m.prefixes.map((p) => `/${p}`).join(', ')}${r.droppedV0 ? ' (/v0 left out to fit siteSizeLimit, see the warning)' : ''}`,
    ],
    ...(r.sitePages > 0 ? ([['site pages', n(r.sitePages)]] as Array<[string, string]>) : []),
    ...r.stages.map((s) => [`time: ${s.stage}`, `${s.ms.toFixed(0)} ms`] as [string, string]),
    ['time: total', `${r.totalMs.toFixed(0)} ms (files and site run side by side)`],
    ['build id', m.buildId],
    ['source commit', `${m.sourceCommit.slice(0, 12)} (${m.generatedAt})`],
    ['output', outDir],
  ];
  let out = figuresTable('what', rows);
  if (r.raisedTimes > 0) {
    out += `\nNote: ${r.raisedTimes} commit(s) on the branch are dated before a commit beneath them; their changes take that commit's time, so times never go backwards (docs/api.md, "Records").\n`;
  }
  if (r.uncommitted.length > 0) {
    out += `\nNote: ${r.uncommitted.length} version folder(s) are not committed yet; their times are the HEAD commit's (${m.generatedAt}):\n`;
    out +=
      r.uncommitted
        .slice(0, 10)
        .map((f) => `  ${f}\n`)
        .join('') + (r.uncommitted.length > 10 ? '  …\n' : '');
  }
  return out;
}

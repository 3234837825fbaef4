/**
 * `npm run bench -- [--only validate,api,site,gate,main,edge] [--runs N] [--quick] [--bench-dir DIR]`
 * Runs each section of scripts/bench/sections/, prints one Markdown table on stdout (progress on stderr) and writes
 * the rows to <bench-dir>/results.json (results-quick.json under --quick, so a quick run never replaces real figures).
 * Exit 1 when a section failed to run; unmet goals are reported in the table, not in the exit code.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { createContext } from '../bench/context.ts';
import { markdownTable, writeResults, type ResultsFile } from '../bench/table.ts';
import type { BenchRow, BenchSection } from '../bench/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECTIONS_DIR = join(ROOT, 'scripts', 'bench', 'sections');

const HELP = `Usage: npm run bench -- [--only validate,api,site,gate,main,edge] [--runs N] [--quick] [--bench-dir DIR]

  --only LIST      run only these sections (default: every file in scripts/bench/sections/)
  --runs N         runs per measurement, median reported (default 3; 1 with --quick)
  --quick          tiny registries: checks the pipeline in seconds, figures are meaningless
  --bench-dir DIR  cache, scratch and results folder (default .bench/)
`;

export async function listSections(): Promise<string[]> {
  return (await readdir(SECTIONS_DIR))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function main(argv: string[]): Promise<number> {
  const options = {
    only: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'bench-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const quick = values.quick ?? false;
  const runs = values.runs === undefined ? (quick ? 1 : 3) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100)
    throw new UsageError(`--runs must be a whole number from 1 to 100, got "${values.runs}"`);
  const available = await listSections();
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of only ?? []) {
    if (!available.includes(name))
      throw new UsageError(`unknown section "${name}" (available: ${available.join(', ') || 'none'})`);
  }
  const sections = only ?? available;
  const benchDir = resolve(values['bench-dir'] ?? join(ROOT, '.bench'));

  const rows: BenchRow[] = [];
  const errors: ResultsFile['errors'] = [];
  for (const section of sections) {
    process.stderr.write(`[bench] ${section}…\n`);
    try {
      const mod = (await import(pathToFileURL(join(SECTIONS_DIR, `${section}.ts`)).href)) as { run?: BenchSection };
      if (typeof mod.run !== 'function')
        throw new Error(`scripts/bench/sections/${section}.ts does not export run(ctx)`);
      const ctx = await createContext({ root: ROOT, benchDir, section, runs, quick });
      for (const row of await mod.run(ctx)) rows.push({ ...row, section: row.section ?? section });
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      errors.push({ section, message });
      process.stderr.write(`[bench] section ${section} failed: ${message}\n`);
    }
  }
  const table = markdownTable(rows);
  process.stdout.write(table);
  if (quick)
    process.stdout.write('\n(--quick: tiny registries; times, ratios and goal verdicts are not meaningful.)\n');
  if (errors.length)
    process.stdout.write(`\n${errors.length} section(s) failed: ${errors.map((e) => e.section).join(', ')}\n`);
  const file = join(benchDir, quick ? 'results-quick.json' : 'results.json');
  await writeResults(file, {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    quick,
    runs,
    rows,
    errors,
  });
  process.stderr.write(`[bench] results written to ${file}\n`);
  return errors.length ? 1 : 0;
}

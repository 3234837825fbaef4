/** `npm run validate -- [PATH…] [--root DIR] [--base REF] [--format text|json|github]` */
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError } from '../core/errors.ts';
import { runValidation } from '../validate/run.ts';
import { FORMATS, formatProblems, summarize, type Format } from '../validate/format.ts';
import { parseCommandArgs, showUsage } from './args.ts';

const USAGE = 'Usage: npm run validate -- [PATH…] [--root DIR] [--base REF] [--format text|json|github]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      root: { type: 'string' },
      base: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}.\n${USAGE}`);
  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);
  const result = await runValidation({ root, config, paths: positionals, base: values.base });
  const summary = summarize(result.problems, result.files);
  process.stdout.write(
    formatProblems(
      result.problems,
      summary,
      format,
      format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
    ),
  );
  return summary.errors > 0 ? 1 : 0;
}

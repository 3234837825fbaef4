/**
 * `npm run import -- --upstream URL [--allow GLOB]… [--deny GLOB]… [--since RFC3339] [--root DIR] [--dry-run]`:
 * copy the allowed servers' new versions (and their deprecations and deletions) from a registry serving the official
 * read API into servers/. Exit 0 when it wrote or had nothing to write, 1 on an upstream error, 2 on a usage error.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError } from '../core/errors.ts';
import { globError, nameFilter } from '../import/globs.ts';
import { UpstreamError } from '../proofs/upstream-records.ts';
import { runImport } from '../import/run.ts';
import { renderSummary } from '../import/summary.ts';
import { upstreamBase } from '../import/upstream.ts';
import { createFetchContext } from '../net/context.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE =
  'Usage: npm run import -- --upstream URL [--allow GLOB]… [--deny GLOB]… [--since RFC3339] [--root DIR] [--dry-run]\n' +
  '  --upstream  base URL of a registry serving /v0.1 (default: upstream.url in registry.config.json)\n' +
  '  --allow     servers to take, a glob over namespace/name (* within a segment, ** across); replaces upstream.allow\n' +
  '  --deny      servers never to take; adds to upstream.deny\n' +
  '  --since     ask only for changes since this time instead of the one in servers/_upstream.json\n' +
  '  --dry-run   print what would be written, write nothing';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      upstream: { type: 'string' },
      allow: { type: 'string', multiple: true },
      deny: { type: 'string', multiple: true },
      since: { type: 'string' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);

  const url = values.upstream ?? config.upstream.url;
  if (!url) throw new UsageError(`Give --upstream URL (or set upstream.url in registry.config.json).\n${USAGE}`);
  const base = upstreamBase(url);
  if ('error' in base) throw new UsageError(`--upstream: ${base.error}.`);

  const allow = values.allow ?? config.upstream.allow;
  const deny = [...config.upstream.deny, ...(values.deny ?? [])];
  for (const [flag, list] of [
    ['--allow / upstream.allow', allow],
    ['--deny / upstream.deny', deny],
  ] as const)
    for (const glob of list) {
      const error = globError(glob);
      if (error) throw new UsageError(`${flag}: "${glob}" cannot be used: ${error}.`);
    }
  if (allow.length === 0)
    throw new UsageError(
      `Say which servers to import: --allow 'io.github.acme/*' (repeatable), or upstream.allow in registry.config.json; --allow '**' takes everything.\n${USAGE}`,
    );
  if (values.since !== undefined && (!RFC3339.test(values.since) || Number.isNaN(Date.parse(values.since))))
    throw new UsageError(`--since must be an RFC 3339 date-time such as 2025-10-23T00:00:00Z, not "${values.since}".`);

  try {
    const result = await runImport({
      root,
      config,
      upstream: base.base,
      filter: nameFilter(allow, deny),
      ...(values.since ? { since: values.since } : {}),
      dryRun: values['dry-run'] === true,
      fetch: createFetchContext(config),
    });
    process.stdout.write(renderSummary(result));
    return 0;
  } catch (e) {
    if (!(e instanceof UpstreamError)) throw e;
    process.stderr.write(`Upstream error: ${e.message}\n`);
    return 1;
  }
}

/**
 * `npm run preview -- [--dir DIR] [--port N] [--base-path P] [--api static|full] [--root DIR]`: serve dist/ on
 * loopback the way GitHub Pages would; with `--api full`, the official paths are answered by the edge's request
 * handler (search, paging, updated_since…) over the registry at --root, exactly as on Cloudflare Workers.
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { startPreview } from '../preview/server.ts';
import { loadConfig } from '../config/config.ts';
import { planEdge } from '../edge/build.ts';
import { createHandler } from '../edge/handler.ts';
import { memoryStorage } from '../edge/storage.ts';
import { formatProblems, summarize } from '../validate/format.ts';
import { noPositionals, parseCommandArgs, parsePort, showUsage } from './args.ts';

const USAGE =
  'Usage: npm run preview -- [--dir DIR] [--port N] [--base-path P] [--host ADDR] [--api static|full] [--root DIR]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      dir: { type: 'string' },
      port: { type: 'string' },
      'base-path': { type: 'string' },
      host: { type: 'string' },
      api: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const port = parsePort(values.port, 4321, USAGE);
  const mode = values.api ?? 'static';
  if (mode !== 'static' && mode !== 'full') throw new UsageError(`--api must be static or full.\n${USAGE}`);
  const dir = resolve(values.dir ?? 'dist');
  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);
  // The site was built for the base path of registry.config.json's baseUrl; serve it there by default.
  const basePath = values['base-path'] ?? new URL(config.baseUrl).pathname;
  let api: ((request: Request) => Promise<Response>) | undefined;
  if (mode === 'full') {
    const planned = await planEdge({ root, config });
    if (!planned.layout) {
      process.stdout.write(formatProblems(planned.problems, summarize(planned.problems, planned.checkedFiles), 'text'));
      process.stderr.write('Preview stopped: the registry does not validate (see above).\n');
      return 1;
    }
    api = createHandler(memoryStorage(planned.layout.objects), { basePath });
  }
  const preview = await startPreview({
    dir,
    port,
    host: values.host ?? '127.0.0.1',
    basePath,
    ...(api ? { api } : {}),
  });
  process.stdout.write(
    (api
      ? `Serving ${dir} with the full API (the edge's request handler over ${root}) at ${preview.url}\n`
      : `Serving ${dir} like GitHub Pages at ${preview.url}\n`) +
      `  list:     ${preview.url}v0.1/servers\n` +
      `  manifest: ${preview.url}v0.1/_build.json\n` +
      'Press Ctrl+C to stop.\n',
  );
  await new Promise<void>((done) => {
    const stop = () => void preview.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

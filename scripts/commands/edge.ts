/**
 * `npm run edge -- [--root DIR] [--port N] [--host ADDR] [--out DIR]`: build the registry at DIR into the edge
 * layout and serve it in workerd (the Workers runtime, through wrangler's dev server) until stopped.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError, UserError } from '../core/errors.ts';
import { buildEdge } from '../edge/build.ts';
import { startEdgeServer } from '../edge/dev.ts';
import { edgeSummary, problemsText } from '../edge/report.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE = 'Usage: npm run edge -- [--root DIR] [--port N] [--host ADDR] [--out DIR]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      root: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number (0–65535).\n${USAGE}`);
  const root = resolve(values.root ?? process.cwd());
  const outDir = resolve(values.out ?? `${root}/dist-edge`);
  const result = await buildEdge({ root, outDir, config: loadConfig(root) });
  process.stdout.write(problemsText(result));
  if (!result.write) {
    process.stderr.write('Edge build stopped: fix the errors above.\n');
    return 1;
  }
  process.stdout.write(edgeSummary(result, outDir));
  let server: Awaited<ReturnType<typeof startEdgeServer>>;
  try {
    server = await startEdgeServer({ dir: outDir, port, host: values.host ?? '127.0.0.1' });
  } catch (e) {
    throw new UserError(`workerd did not start: ${(e as Error).message}`);
  }
  process.stdout.write(
    `\nServing the edge build in workerd at ${server.url}\n` +
      `  list:    ${server.url}v0.1/servers?limit=50&version=latest\n` +
      `  search:  ${server.url}v0.1/servers?search=weather\n` +
      `  feed:    ${server.url}v0.1/servers/_changes/index.json\n` +
      'Press Ctrl+C to stop.\n',
  );
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

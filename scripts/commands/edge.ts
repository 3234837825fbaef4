import { UserError } from '../core/errors.ts';
import { startEdgeServer } from '../edge/dev.ts';
import { buildAndReport } from '../edge/report.ts';
import { noPositionals, parseCommandArgs, parsePort, showUsage } from './args.ts';

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
  const port = parsePort(values.port, 8787, USAGE);
  const built = await buildAndReport(values, 'Edge build stopped: fix the errors above.');
  if (!built) return 1;
  const { outDir } = built;
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

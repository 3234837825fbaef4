/** `npm run preview -- [--dir DIR] [--port N] [--base-path P]`: serve dist/ on loopback the way GitHub Pages would. */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { startPreview } from '../preview/server.ts';
import { loadConfig } from '../config/config.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE = 'Usage: npm run preview -- [--dir DIR] [--port N] [--base-path P] [--host ADDR]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      dir: { type: 'string' },
      port: { type: 'string' },
      'base-path': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const port = values.port === undefined ? 4321 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--port must be a port number (0–65535), got "${values.port}".\n${USAGE}`);
  const dir = resolve(values.dir ?? 'dist');
  // The site was built for the base path of registry.config.json's baseUrl; serve it there by default.
  const basePath = values['base-path'] ?? new URL(loadConfig(process.cwd()).baseUrl).pathname;
  const preview = await startPreview({ dir, port, host: values.host ?? '127.0.0.1', basePath });
  process.stdout.write(
    `Serving ${dir} like GitHub Pages at ${preview.url}\n` +
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

/**
 * Deploying an edge build with wrangler's own command line (`wrangler deploy`), in a child process so its output
 * and exit code are the user's to see. Before wrangler runs, the layout is checked against the documented limits
 * of Workers static assets, so a too-large registry fails here with a clear message, not half-way through an upload.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { OFFLINE_ENV } from './dev.ts';
import { MAX_OBJECT_BYTES } from './layout.ts';
import { WRANGLER_FILE } from './write.ts';

/** Files per Worker version (Workers Free; 100,000 on a paid plan). */
export const FREE_FILE_LIMIT = 20_000;
export const PAID_FILE_LIMIT = 100_000;

export function checkLimits(objects: ReadonlyMap<string, Uint8Array>, paid: boolean): void {
  const limit = paid ? PAID_FILE_LIMIT : FREE_FILE_LIMIT;
  if (objects.size > limit)
    throw new UserError(
      `the edge layout has ${objects.size.toLocaleString('en-US')} files; a Worker version may hold ${limit.toLocaleString('en-US')}` +
        (paid ? '.' : ' on Workers Free (pass --paid on a paid plan: 100,000).'),
    );
  for (const [key, bytes] of objects)
    if (bytes.byteLength > MAX_OBJECT_BYTES) throw new UserError(`${key} is over the 25 MiB a static asset may hold.`);
}

export function wranglerBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');
}

/** `wrangler deploy` for the project in `dir`; with `dryRun`, bundle into `<dir>/bundle` and upload nothing. */
export function runWranglerDeploy(dir: string, dryRun: boolean, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = [wranglerBin(), 'deploy', '--config', join(dir, WRANGLER_FILE)];
  if (dryRun) args.push('--dry-run', '--outdir', join(dir, 'bundle'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: { ...env, ...OFFLINE_ENV },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

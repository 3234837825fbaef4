/** Run the real command line as a child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './docs.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

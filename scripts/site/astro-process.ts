/**
 * One `astro build` child process (astro-build.ts) with its environment cleaned of a parent's Vite or test settings,
 * its peak memory sampled for the benchmark, its output kept for the error message, and a way to stop it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SITE_PROJECT = fileURLToPath(new URL('../../site/', import.meta.url));
const ASTRO_BUILD = fileURLToPath(new URL('./astro-build.ts', import.meta.url));

export interface AstroProcess {
  /** Resolves with the child's peak RSS once it exits 0; rejects with its last output otherwise. */
  done: Promise<number>;
  /** Stops the child (a build that no longer needs its pages); `done` then rejects. */
  kill(): void;
}

/**
 * The parent's environment minus what a test runner or Vite parent puts there (BASE_URL, MODE, NODE_ENV=test…),
 * which Astro would otherwise pick up as its own settings.
 */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (
      ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'ASSETS_PREFIX', 'SITE'].includes(k) ||
      k.startsWith('VITEST') ||
      k.startsWith('VITE_')
    )
      continue;
    out[k] = v;
  }
  out.NODE_ENV = 'production';
  return out;
}

/** Peak resident memory of a running process so far (Linux: VmHWM), in bytes; 0 where unknown. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts `astro build` of the site in `cwd` (see below) with `env`. */
export function startAstro(env: NodeJS.ProcessEnv, cwd: string): AstroProcess {
  let kill = () => {};
  const done = new Promise<number>((resolve, reject) => {
    // cwd is the build's own temporary folder: Astro puts its intermediate `.prerender/` bundle under the output
    // folder only when that is inside cwd (else in site/.astro/, shared, and parallel builds would collide).
    const child = spawn(process.execPath, [ASTRO_BUILD, SITE_PROJECT], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 100);
    let output = '';
    const keep = (b: Buffer): void => {
      output = (output + b.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    if (env.REGISTRY_SITE_LOG) {
      child.stdout.pipe(process.stderr);
      child.stderr.pipe(process.stderr);
    }
    child.on('error', (e) => {
      clearInterval(sampler);
      reject(e);
    });
    let killed = false;
    kill = () => {
      killed = true;
      child.kill('SIGTERM');
    };
    child.on('exit', () => (peak = Math.max(peak, peakRss(child.pid))));
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code === 0) resolve(peak);
      else if (killed) reject(new Error('The site build was stopped.'));
      else reject(new Error(`The site build (astro build) failed with exit code ${code}:\n${output.trim()}`));
    });
  });
  // Handled here too: a stopped build is awaited by nobody.
  done.catch(() => undefined);
  return { done, kill: () => kill() };
}

/**
 * The one way the gate talks to GitHub: octokit with the retry and throttling plugins, pointed at
 * `config.network.githubApiUrl` (GITHUB_API_URL), so tests reach a fake GitHub on loopback through this same code.
 * The token is only ever sent to that base URL.
 */
import { Octokit } from 'octokit';
import { UserError } from '../core/errors.ts';

export type GitHub = InstanceType<typeof Octokit>;

export interface GitHubTuning {
  /** Retries for 5xx / network errors (octokit retry plugin); default 3. */
  retries?: number;
  /** Base of the retry back-off in ms (retry n waits n² × base); default 1000. */
  retryBaseMs?: number;
  /**
   * Tests only: drop the throttling plugin's 1 s spacing between writes (3 s for comments). Production keeps it:
   * GitHub's secondary rate limits punish bursts of writes.
   */
  noWriteSpacing?: boolean;
}

/** A Bottleneck-group stand-in that runs every job at once (only used with `noWriteSpacing`). */
const immediateGroup = {
  key: () => ({
    schedule: (...args: unknown[]) => {
      const fnIndex = typeof args[0] === 'function' ? 0 : 1;
      const fn = args[fnIndex] as (...a: unknown[]) => unknown;
      return Promise.resolve(fn(...args.slice(fnIndex + 1)));
    },
  }),
};

export function createGitHub(opts: {
  token?: string;
  baseUrl: string;
  tuning?: GitHubTuning;
  log?: (m: string) => void;
}): GitHub {
  const t = opts.tuning ?? {};
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  return new Octokit({
    auth: opts.token || undefined,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: 'mcp-static-registry-gate',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { retries: t.retries ?? 3, retryAfterBaseValue: t.retryBaseMs ?? 1000 },
    throttle: {
      // Primary limit: wait for the reset once; secondary: once. A second hit fails the run (fail closed).
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log(`GitHub rate limit hit on ${options.method} ${options.url}; retry in ${retryAfter}s`);
        return retryCount < 1 && retryAfter <= 120;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        options: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log(`GitHub secondary rate limit on ${options.method} ${options.url}; retry in ${retryAfter}s`);
        return retryCount < 1 && retryAfter <= 120;
      },
      ...(t.retryBaseMs !== undefined ? { retryAfterBaseValue: t.retryBaseMs } : {}),
      ...(t.noWriteSpacing ? { write: immediateGroup, notifications: immediateGroup, search: immediateGroup } : {}),
    },
  });
}

/** The HTTP status of an octokit error, or undefined for a non-HTTP failure. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
}

/** `owner/name` → [owner, name]; anything else (a missing or extra part) is refused. */
export function splitRepo(full: string): [string, string] {
  const [o, r, ...rest] = full.split('/');
  if (!o || !r || rest.length) throw new UserError(`"${full}" is not an owner/name repository.`);
  return [o, r];
}

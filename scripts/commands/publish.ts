/**
 * `node scripts/cli.ts publish --server-json FILE [--version V] [--registry owner/name] [--dry-run]`, run by the
 * publish action (.github/actions/publish) in a server's release workflow: set the released version, validate with
 * this registry's rules, and open (or join) the pull request adding the version folder, with the owner's token.
 * GITHUB_TOKEN: the owner's token. GITHUB_REF_NAME: the tag, when --version is not given. GITHUB_ACTION_PATH: where
 * the action was fetched from, naming the registry when --registry is not given. The pull request's URL goes to
 * $GITHUB_OUTPUT as `pull-request-url`.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.ts';
import { UsageError, UserError } from '../core/errors.ts';
import { parseStrict } from '../core/json/strict-json.ts';
import type { ServerJson } from '../core/types.ts';
import { createGitHub } from '../github/client.ts';
import { githubFailure } from '../github/branch.ts';
import { validateRelease } from '../publish/check.ts';
import { prepareRelease, releaseVersion } from '../publish/prepare.ts';
import { publishRelease } from '../publish/publish.ts';
import { formatProblems, summarize } from '../validate/format.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE = 'Usage: node scripts/cli.ts publish --server-json FILE [--version V] [--registry owner/name] [--dry-run]';
/** This registry's checkout: its rules and its registry.config.json are the ones applied. */
const REGISTRY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `owner/name` from the path a workflow fetched the action to (…/_actions/<owner>/<name>/<ref>/.github/actions/publish). */
export function registryFromActionPath(path: string | undefined): string | undefined {
  const m = path?.match(
    /[\\/]_actions[\\/]([^\\/]+)[\\/]([^\\/]+)[\\/][^\\/]+[\\/]\.github[\\/]actions[\\/]publish[\\/]?$/,
  );
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      'server-json': { type: 'string' },
      version: { type: 'string' },
      registry: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const file = values['server-json'] ?? 'server.json';
  const version = releaseVersion(values.version, process.env.GITHUB_REF_NAME);
  if (!version) throw new UsageError(`Give the released version (input "version"), or run on a tag.\n${USAGE}`);
  const registry = values.registry || registryFromActionPath(process.env.GITHUB_ACTION_PATH);
  if (!registry && !values['dry-run'])
    throw new UsageError(`Name the registry repository (input "registry", owner/name).\n${USAGE}`);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`Cannot read ${file}: ${(e as Error).message}. Point "server-json" at your server.json.`);
  }
  const parsed = parseStrict(text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    throw new UserError(`${file} is not a JSON object${parsed.ok ? '' : ` (${parsed.error.message})`}.`);
  const config = loadConfig(REGISTRY_ROOT);
  const release = prepareRelease(parsed.value as ServerJson, version);
  const problems = await validateRelease(config, release);
  const summary = summarize(problems, 1);
  if (problems.length)
    process.stdout.write(formatProblems(problems, summary, process.env.GITHUB_ACTIONS ? 'github' : 'text'));
  if (summary.errors > 0) {
    process.stderr.write(`${release.path} does not pass ${registry ?? 'the registry'}'s rules; nothing was opened.\n`);
    return 1;
  }
  for (const n of release.notes) process.stdout.write(`Note: ${n}\n`);
  if (values['dry-run']) {
    process.stdout.write(`Dry run: ${release.path} is valid; no pull request opened.\n${release.text}`);
    return 0;
  }

  const github = createGitHub({ token: process.env.GITHUB_TOKEN, baseUrl: config.network.githubApiUrl });
  const source =
    process.env.GITHUB_REPOSITORY && process.env.GITHUB_SHA
      ? `${process.env.GITHUB_REPOSITORY}@${process.env.GITHUB_SHA.slice(0, 12)}`
      : undefined;
  const result = await publishRelease({ github, registry: registry!, release, ...(source ? { source } : {}) }).catch(
    (e: unknown) => {
      throw githubFailure(e, `the pull request to ${registry}`);
    },
  );
  const said: Record<typeof result.action, string> = {
    created: `Opened pull request #${result.number} as ${result.login}`,
    updated: `Added ${release.version} to the open pull request #${result.number}`,
    'already-proposed': `The open pull request #${result.number} already holds this version`,
    'already-published': `${release.name} ${release.version} is already published with these exact bytes; nothing to do`,
  };
  process.stdout.write(`${said[result.action]}${result.url ? `: ${result.url}` : ''}.\n`);
  if (result.url && process.env.GITHUB_OUTPUT)
    await appendFile(process.env.GITHUB_OUTPUT, `pull-request-url=${result.url}\n`);
  return 0;
}

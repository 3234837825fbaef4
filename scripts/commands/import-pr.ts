/**
 * `node scripts/cli.ts import-pr [--root DIR] [--branch NAME] [--max-versions N] [--summary FILE] [--dry-run]`:
 * after `npm run import` in a checkout of the default branch, open or update the ONE import pull request
 * (.github/workflows/import.yml). GitHub: GITHUB_TOKEN (a GitHub App token, so the PR triggers the gate),
 * GITHUB_REPOSITORY (owner/name), GITHUB_API_URL. Exit 0 when the PR is in place or there was nothing to propose.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError, UserError } from '../core/errors.ts';
import { createGitHub } from '../github/client.ts';
import { githubFailure } from '../github/branch.ts';
import { openImportPr, treeChanges } from '../import/open-pr.ts';
import { DEFAULT_MAX_VERSIONS, IMPORT_BRANCH, importPrBody, importPrTitle, planImportPr } from '../import/pr-plan.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE =
  'Usage: node scripts/cli.ts import-pr [--root DIR] [--branch NAME] [--max-versions N] [--summary FILE] [--dry-run]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      root: { type: 'string' },
      branch: { type: 'string' },
      'max-versions': { type: 'string' },
      summary: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);
  const maxVersions = values['max-versions'] === undefined ? DEFAULT_MAX_VERSIONS : Number(values['max-versions']);
  if (!Number.isInteger(maxVersions) || maxVersions < 1 || maxVersions > 149)
    throw new UsageError(`--max-versions must be a whole number from 1 to 149 (the gate reads at most 300 files).`);
  const branch = values.branch ?? IMPORT_BRANCH;
  if (branch === config.defaultBranch) throw new UsageError(`--branch may not be the default branch (${branch}).`);
  let summary: string | undefined;
  if (values.summary !== undefined) {
    try {
      summary = await readFile(values.summary, 'utf8');
    } catch (e) {
      throw new UserError(`Cannot read the import summary ${values.summary}: ${(e as Error).message}`);
    }
  }

  if (values['dry-run']) {
    const plan = planImportPr(await treeChanges(root), maxVersions);
    process.stdout.write(`${importPrTitle(plan)}\n\n${importPrBody(plan, () => undefined, summary)}\n`);
    return 0;
  }
  const repository = process.env.GITHUB_REPOSITORY;
  if (!repository) throw new UserError('GITHUB_REPOSITORY (owner/name of the registry) is required.');
  const github = createGitHub({ token: process.env.GITHUB_TOKEN, baseUrl: config.network.githubApiUrl });
  const result = await openImportPr({
    root,
    repository,
    defaultBranch: config.defaultBranch,
    branch,
    maxVersions,
    ...(summary !== undefined ? { summary } : {}),
    github,
  }).catch((e: unknown) => {
    throw githubFailure(e, 'the import pull request');
  });
  const n = result.plan.folders.length;
  process.stdout.write(
    result.action === 'nothing'
      ? 'Nothing to propose: the import changed no version folder.\n'
      : `${result.action === 'created' ? 'Opened' : result.action === 'updated' ? 'Updated' : 'Left unchanged'} pull request #${result.number} (${n} version folder(s)${result.plan.left ? `, ${result.plan.left} left for the next run` : ''}): ${result.url}\n`,
  );
  return 0;
}

/** `npm run new -- <name> <version> [--from <version>]`: scaffold a version folder for a contributor. */
import { formatJson } from '../core/json/format.ts';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError, UserError } from '../core/errors.ts';
import type { ServerJson } from '../core/types.ts';
import { parseStrict } from '../core/json/strict-json.ts';
import { nameFormatError } from '../rules/names.ts';
import { rangeReason } from '../rules/versions.ts';
import { unsafeVersionFolder, SERVERS_DIR, SERVER_FILE } from '../core/repo-path.ts';
import { firstDocument, newestVersion, nextVersionDocument } from '../scaffold/new-version.ts';
import { runValidation } from '../validate/run.ts';
import { formatProblems, summarize } from '../validate/format.ts';
import { parseCommandArgs } from './args.ts';

const USAGE = 'Usage: npm run new -- <name> <version> [--from <version>] [--root DIR]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { from: { type: 'string' }, root: { type: 'string' } }, USAGE);
  const [name, version] = positionals;
  if (!name || !version || positionals.length > 2) throw new UsageError(`Give a server name and a version.\n${USAGE}`);
  const nameError = nameFormatError(name);
  if (nameError) throw new UsageError(nameError);
  const unsafe = version === 'latest' ? 'it is reserved' : (rangeReason(version) ?? unsafeVersionFolder(version));
  if (unsafe)
    throw new UsageError(`"${version}" cannot be a version: ${unsafe}. Give one exact version such as 1.2.0.`);

  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);
  const serverDir = join(root, SERVERS_DIR, name);
  const target = join(serverDir, version);
  if (existsSync(target))
    throw new UserError(
      `${SERVERS_DIR}/${name}/${version} already exists; published versions never change. Pick a new version.`,
    );

  const existing = existsSync(serverDir)
    ? (await readdir(serverDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)
    : [];
  let document: ServerJson;
  let notes: string[] = [];
  let from: string | undefined;
  if (existing.length > 0) {
    from = values.from ?? newestVersion(existing);
    if (!from || !existing.includes(from))
      throw new UserError(`${name} has no version ${values.from}; it has ${existing.sort().join(', ')}.`);
    const source = join(serverDir, from, SERVER_FILE);
    const parsed = parseStrict(await readFile(source, 'utf8'));
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null)
      throw new UserError(`${source} is not valid JSON; run npm run validate to see why.`);
    ({ document, notes } = nextVersionDocument(parsed.value as ServerJson, version));
  } else if (values.from) {
    throw new UserError(`${name} is not in the registry yet, so there is no version ${values.from} to copy.`);
  } else {
    document = firstDocument(name, version);
    notes = [
      'Fill in "description", and add "packages" (npm, pypi, nuget, cargo, oci, mcpb) and/or "remotes" — see docs/contributing-a-server.md.',
    ];
  }

  await mkdir(target, { recursive: true });
  const file = join(target, SERVER_FILE);
  await writeFile(file, formatJson(document));
  const rel = `${SERVERS_DIR}/${name}/${version}/${SERVER_FILE}`;
  process.stdout.write(`Created ${rel}${from ? ` (copied from ${from})` : ''}.\n`);
  for (const n of notes) process.stdout.write(`  • ${n}\n`);

  const result = await runValidation({ root, config, paths: [target] });
  const summary = summarize(result.problems, result.files);
  process.stdout.write(`\n${formatProblems(result.problems, summary, 'text', process.stdout.isTTY === true)}`);
  process.stdout.write(
    summary.errors > 0
      ? `Fix the problems above in ${rel}, then run: npm run validate -- ${SERVERS_DIR}/${name}/${version}\n`
      : `Next: review ${rel}, commit it on a branch, and open a pull request. The registry bot checks ownership and packages on the PR.\n`,
  );
  return summary.errors > 0 ? 1 : 0;
}

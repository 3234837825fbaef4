/**
 * Validation with the registry's own rules and configuration before anything reaches GitHub: the prepared server.json
 * is placed in an empty tree and validated as `npm run validate` would (bytes, schema, the official rules, path
 * identity). Ownership and package checks are the gate's, on the pull request.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RegistryConfig } from '../config/config.ts';
import { UserError } from '../core/errors.ts';
import type { Problem } from '../core/problem.ts';
import { nameFormatError } from '../rules/names.ts';
import { rangeReason } from '../rules/versions.ts';
import { unsafeVersionFolder } from '../core/repo-path.ts';
import { runValidation } from '../validate/run.ts';
import type { Prepared } from './prepare.ts';

export async function validateRelease(config: RegistryConfig, p: Prepared): Promise<Problem[]> {
  if (typeof p.name !== 'string' || nameFormatError(p.name))
    throw new UserError(
      `server.json "name" cannot be published: ${nameFormatError(String(p.name)) ?? 'it is missing'}`,
    );
  const unsafe = p.version === 'latest' ? 'it is reserved' : (rangeReason(p.version) ?? unsafeVersionFolder(p.version));
  if (unsafe)
    throw new UserError(
      `"${p.version}" cannot be a released version: ${unsafe}. Give the exact version (input "version").`,
    );
  const root = await mkdtemp(join(tmpdir(), 'mcp-publish-'));
  try {
    const file = join(root, ...p.path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, p.text);
    const result = await runValidation({ root, config });
    return result.problems;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

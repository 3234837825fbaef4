/**
 * An output folder is made to match its build (anything else in it removed), so both builds refuse one that could
 * hold the registry itself: the registry's own folder or one inside it, a file, or a folder with a repository's
 * markers in it.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UserError } from '../core/errors.ts';

/** `kind` names the folder in the messages: `a build` (dist/) or `an edge build` (dist-edge/). */
export function assertSafeOutDir(root: string, outDir: string, suggested: string, kind = 'a build'): void {
  const rel = relative(outDir, root);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
    throw new UserError(
      `--out ${outDir} contains the registry (${root}); choose a separate folder such as ${suggested}.`,
    );
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} exists and is not a folder.`);
  for (const danger of ['.git', 'servers', 'package.json'])
    if (existsSync(join(outDir, danger)))
      throw new UserError(
        `--out ${outDir} holds ${danger}; it does not look like ${kind} folder, refusing to replace it.`,
      );
}

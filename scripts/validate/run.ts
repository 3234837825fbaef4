/**
 * The shell around the pure validators: read the tree (or given files), validate, compare with a
 * base commit. Used by `validate` and `build`.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve, relative, sep } from 'node:path';
import type { RegistryConfig } from '../config/config.ts';
import type { Problem } from '../core/problem.ts';
import { sortProblems } from '../core/problem.ts';
import { UserError } from '../core/errors.ts';
import { readTreeFiles, type TreeFile } from '../tree/files.ts';
import { SERVERS_DIR } from '../core/repo-path.ts';
import { validateTree, type TreeResult } from './tree.ts';
import { validateDocument } from './document.ts';
import { changeProblems } from './changes.ts';
import { baseBlobs, gitBlobSha, resolveCommit } from '../git/blobs.ts';

export interface RunOptions {
  root: string;
  config: RegistryConfig;
  /** Paths given on the command line: folders of the tree, or standalone server.json files. */
  paths?: string[];
  base?: string;
}

export interface RunResult {
  problems: Problem[];
  files: number;
  tree?: TreeResult;
}

export async function runValidation(opts: RunOptions): Promise<RunResult> {
  const root = resolve(opts.root);
  const inTree: string[] = [];
  const standalone: string[] = [];
  for (const p of opts.paths ?? []) {
    const abs = resolve(p);
    const rel = relative(root, abs).split(sep).join('/');
    try {
      await stat(abs);
    } catch {
      throw new UserError(`${p} does not exist. Give a folder under ${SERVERS_DIR}/ or a server.json file.`);
    }
    if (rel === SERVERS_DIR || rel.startsWith(`${SERVERS_DIR}/`) || rel === '')
      inTree.push(rel === '' ? SERVERS_DIR : rel);
    else standalone.push(abs);
  }

  const problems: Problem[] = [];
  let files = 0;
  for (const abs of standalone) {
    const bytes = await readFile(abs).catch(() => {
      throw new UserError(`${abs} cannot be read; give a server.json file.`);
    });
    const shown = relative(process.cwd(), abs).split(sep).join('/') || abs;
    problems.push(...validateDocument(bytes, shown, opts.config).problems);
    files++;
  }

  let tree: TreeResult | undefined;
  const wholeTree = (opts.paths ?? []).length === 0;
  if (wholeTree || inTree.length > 0) {
    const treeFiles = await readTreeFiles(root);
    // Tree rules need the whole tree (collisions, remote ownership); a PATH only filters the report.
    tree = validateTree(treeFiles, opts.config);
    const inScope = (file: string): boolean => wholeTree || inTree.some((p) => file === p || file.startsWith(`${p}/`));
    problems.push(...tree.problems.filter((p) => inScope(p.file)));
    files += treeFiles.filter((f) => inScope(f.path)).length;
    if (opts.base) problems.push(...(await baseProblems(root, opts.base, treeFiles)).filter((p) => inScope(p.file)));
  } else if (opts.base) {
    throw new UserError('--base compares the servers/ tree with a commit; it does not apply to standalone files.');
  }
  return { problems: sortProblems(problems), files, tree };
}

async function baseProblems(root: string, ref: string, files: readonly TreeFile[]): Promise<Problem[]> {
  const commit = await resolveCommit(root, ref);
  const base = await baseBlobs(root, commit);
  const head = new Map(files.map((f) => [f.path, gitBlobSha(f.bytes)]));
  return changeProblems(base, head, `${ref} (${commit.slice(0, 12)})`);
}

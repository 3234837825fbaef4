/**
 * The file-system writer: the plan's files under `<root>/servers`, and nothing else. A server.json is created, never
 * replaced (the plan never asks for it; the `wx` flag makes that a property of the writer too); status.json and the
 * sync file are replaced. Every path is checked against the tree layout before anything is written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.ts';
import { classifyPath } from '../core/repo-path.ts';
import type { PlannedWrite } from './plan.ts';

export async function writePlanned(root: string, writes: readonly PlannedWrite[]): Promise<void> {
  const base = resolve(root);
  const checked = writes.map((w) => {
    const kind = classifyPath(w.path).kind;
    const abs = resolve(join(base, ...w.path.split('/')));
    if (!['server', 'status', 'upstream-sync'].includes(kind) || !abs.startsWith(base + sep))
      throw new UserError(`The import refused to write ${w.path}: it is not a registry file of the tree.`);
    return { ...w, abs, kind };
  });
  for (const w of checked) {
    await mkdir(dirname(w.abs), { recursive: true });
    try {
      await writeFile(w.abs, w.text, { flag: w.kind === 'server' ? 'wx' : 'w' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST')
        throw new UserError(`${w.path} appeared while the import ran; a published server.json is never replaced.`);
      throw new UserError(`Cannot write ${w.path}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/**
 * Changing a copy of a generated registry: a few more commits on `main`, as the API sync benchmark needs
 * ("what does a client download after N servers changed?").
 */
import { readdir, readFile, writeFile, access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { createRng } from './random.ts';
import { FastImport, git } from './fast-import.ts';
import { documentBytes } from './documents.ts';
import type { GeneratedRegistry } from './types.ts';
import type { ServerJson } from '../core/types.ts';

const COPY_MARKER = 'bench-copy';
const BOT = { name: 'GitHub', email: 'noreply@github.com' };

/** A private clone of a (cached, read-only) generated registry that may be changed. */
export async function copyRegistry(reg: GeneratedRegistry, dest: string): Promise<GeneratedRegistry> {
  const dir = resolve(dest);
  await git(resolve(reg.dir, '..'), ['clone', '-q', '--local', '--branch', 'main', reg.dir, dir]);
  await git(dir, ['config', 'gc.auto', '0']);
  await writeFile(join(dir, '.git', COPY_MARKER), `copy of ${reg.dir}\n`);
  await writeFile(join(dir, '.git', 'bench-registry.json'), JSON.stringify({ ...reg, dir }, null, 2));
  return { ...reg, dir, generatedInSeconds: 0 };
}

export interface AppendResult {
  /** `main` before and after. */
  base: string;
  head: string;
  commits: number;
  changed: Array<{ name: string; version: string; file: string; deprecated?: string }>;
}

/** The next version after every existing one: semver minor bump of the highest semver, else a fresh 1.0.0-style line. */
function nextVersion(existing: string[]): string {
  const sem = existing.filter((v) => semver.valid(v) !== null).sort(semver.compare);
  let v = sem.length ? semver.inc(sem[sem.length - 1]!, 'minor')! : '1.0.0';
  while (existing.includes(v)) v = semver.inc(v, 'minor')!;
  return v;
}

function withVersion(doc: ServerJson, from: string, to: string, sha: string): ServerJson {
  const tag = (v: string) => v.replace(/\+/g, '-');
  return {
    ...doc,
    version: to,
    ...(doc.packages
      ? {
          packages: doc.packages.map((p) => {
            const q = { ...p };
            if (q.version !== undefined) q.version = to;
            if (q.registryType === 'oci')
              q.identifier = q.identifier.replace(
                new RegExp(`:${tag(from).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
                `:${tag(to)}`,
              );
            if (q.registryType === 'mcpb') {
              q.identifier = q.identifier.split(`/v${from}/`).join(`/v${to}/`);
              q.fileSha256 = sha;
            }
            return q;
          }),
        }
      : {}),
  };
}

/**
 * On a copy (see copyRegistry): `servers` distinct existing servers each publish a new version, spread over `commits`
 * commits on `main` one hour apart after the last one; every fifth also deprecates its previous latest version.
 * The work tree is updated to the new `main`.
 */
export async function appendChanges(
  reg: GeneratedRegistry,
  opts: { commits: number; servers: number; seed?: number },
): Promise<AppendResult> {
  const dir = reg.dir;
  await access(join(dir, '.git', COPY_MARKER)).catch(() => {
    throw new Error(`appendChanges refuses to change ${dir}: it is not a copy (use copyRegistry first)`);
  });
  const rng = createRng(opts.seed ?? 7);
  const names: string[] = [];
  for (const ns of (await readdir(join(dir, 'servers'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    for (const e of await readdir(join(dir, 'servers', ns), { withFileTypes: true }))
      if (e.isDirectory()) names.push(`${ns}/${e.name}`);
  }
  names.sort();
  if (opts.servers > names.length) throw new Error(`only ${names.length} servers to change, asked for ${opts.servers}`);
  const chosen = new Set<string>();
  while (chosen.size < opts.servers) chosen.add(rng.pick(names));

  const base = (await git(dir, ['rev-parse', 'main'])).trim();
  const lastTime = Number((await git(dir, ['log', '-1', '--format=%ct', 'main'])).trim());
  const fi = new FastImport(dir);
  const changed: AppendResult['changed'] = [];
  const list = [...chosen];
  const commits = Math.max(1, Math.min(opts.commits, list.length));
  for (let k = 0; k < commits; k++) {
    const files: Array<[string, number]> = [];
    for (let i = k; i < list.length; i += commits) {
      const name = list[i]!;
      const folder = `servers/${name}`;
      const versions = (await readdir(join(dir, folder), { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
      const sem = versions.filter((v) => semver.valid(v) !== null).sort(semver.compare);
      const previous = sem.length ? sem[sem.length - 1]! : versions.sort()[versions.length - 1]!;
      const doc = JSON.parse(await readFile(join(dir, folder, previous, 'server.json'), 'utf8')) as ServerJson;
      const version = nextVersion(versions);
      const file = `${folder}/${version}/server.json`;
      files.push([file, fi.blob(documentBytes(withVersion(doc, previous, version, rng.hex(64))))]);
      const entry: AppendResult['changed'][number] = { name, version, file };
      if (i % 5 === 4) {
        files.push([
          `${folder}/${previous}/status.json`,
          fi.blob(documentBytes({ status: 'deprecated', message: `Superseded by ${version}` })),
        ]);
        entry.deprecated = previous;
      }
      changed.push(entry);
    }
    fi.commit({
      ref: 'refs/heads/main',
      author: BOT,
      committer: BOT,
      time: lastTime + 3600 * (k + 1),
      message: `Update ${files.length} files (${k + 1}/${commits})\n`,
      ...(k === 0 ? { from: base } : {}),
      files,
    });
  }
  await fi.end();
  await git(dir, ['reset', '-q', '--hard', 'main']);
  const head = (await git(dir, ['rev-parse', 'main'])).trim();
  return { base, head, commits, changed };
}

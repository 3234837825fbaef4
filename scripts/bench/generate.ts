/**
 * Synthetic registries for the benchmarks: a git repository whose `main` holds `servers/` with realistic documents and
 * a realistic history, written by one `git fast-import` stream, then checked out. Deterministic for a spec.
 */
import { mkdir, readFile, rm, rename, writeFile, stat, readdir } from 'node:fs/promises';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRng } from './random.ts';
import { planCatalogue, type PlannedServer } from './catalogue.ts';
import { serverTraits, serverDocument, documentBytes } from './documents.ts';
import { planChanges, planCommits, type Change } from './history.ts';
import { FastImport, git, type Identity } from './fast-import.ts';
import type { GeneratedRegistry, RegistrySpec } from './types.ts';

export type { GeneratedRegistry, RegistrySpec } from './types.ts';
export { appendChanges, copyRegistry } from './append.ts';

/** Bump when the generator's output changes, so cached registries are regenerated. */
export const GENERATOR_VERSION = 1;
const META_FILE = 'bench-registry.json';
const README = '# Synthetic MCP registry\n\nGenerated for benchmarks by scripts/bench/generate.ts.\n';

const MERGER: Identity = { name: 'GitHub', email: 'noreply@github.com' };

function author(login: string): Identity {
  return { name: login, email: `${login}@users.noreply.github.com` };
}

function dirOf(s: PlannedServer): string {
  return `servers/${s.ns.namespace}/${s.server}`;
}

function describe(changes: Change[], servers: PlannedServer[]): string {
  const c = changes[0]!;
  const s = servers[c.server]!;
  const what =
    c.kind === 'version'
      ? `Add ${s.name} ${s.versions[c.version]}`
      : c.kind === 'status'
        ? `Mark ${s.name} ${s.versions[c.version]} ${c.status}`
        : `Update owners of ${s.ns.namespace}`;
  return changes.length > 1 ? `${what} and ${changes.length - 1} more\n` : `${what}\n`;
}

export async function generateRegistry(spec: RegistrySpec & { dir: string }): Promise<GeneratedRegistry> {
  const started = performance.now();
  const lap = phaseTimer();
  const seed = spec.seed ?? 1;
  const days = spec.days ?? 365;
  const dir = resolve(spec.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['config', 'gc.auto', '0']);
  await git(dir, ['config', 'core.autocrlf', 'false']);

  const rng = createRng(seed);
  const catalogue = planCatalogue(rng, spec.servers, spec.versions);
  const changes = planChanges(rng, catalogue, days);
  const commits = planCommits(rng, changes, days);
  const traits = catalogue.map((s) => serverTraits(s, rng));

  lap('plan');
  const fi = new FastImport(dir);
  /** Final content per path: written to the work tree directly (much cheaper than a `git checkout` of 100k files). */
  const finalText = new Map<string, string>();
  const readme = fi.blob(README);
  const startTime = commits[0]!.time - 3600;
  const mainMarks: number[] = [
    fi.commit({
      ref: 'refs/heads/main',
      author: MERGER,
      committer: MERGER,
      time: startTime,
      message: 'Initialize registry\n',
      files: [['README.md', readme]],
    }),
  ];
  let merges = 0;
  let sideCommits = 0;
  for (const c of commits) {
    const files: Array<[string, number | null]> = [];
    for (const ch of c.changes) {
      const s = catalogue[ch.server]!;
      let path: string;
      let text: string;
      if (ch.kind === 'version') {
        const version = s.versions[ch.version]!;
        path = `${dirOf(s)}/${version}/server.json`;
        text = documentBytes(serverDocument(s, traits[ch.server]!, version, new Date(ch.t * 1000), rng));
      } else if (ch.kind === 'status') {
        path = `${dirOf(s)}/${s.versions[ch.version]}/status.json`;
        text = documentBytes(ch.message ? { status: ch.status, message: ch.message } : { status: ch.status });
      } else {
        path = `servers/${s.ns.namespace}/owners.json`;
        text = documentBytes({ owners: ch.owners });
      }
      finalText.set(path, text);
      files.push([path, fi.blob(text)]);
    }
    const login = catalogue[c.changes[0]!.server]!.ns.owner;
    const message = describe(c.changes, catalogue);
    if (c.merge) {
      const base = mainMarks[mainMarks.length - c.merge.baseBack]!;
      const side = fi.commit({
        ref: 'refs/heads/bench-pr',
        author: author(login),
        committer: author(login),
        time: c.merge.sideTime,
        message,
        from: base,
        files,
      });
      sideCommits++;
      merges++;
      mainMarks.push(
        fi.commit({
          ref: 'refs/heads/main',
          author: author(login),
          committer: MERGER,
          time: c.time,
          message: `Merge pull request #${c.merge.pr} from ${login}/update\n\n${message}`,
          from: mainMarks[mainMarks.length - 1]!,
          merge: [side],
          files,
        }),
      );
    } else {
      // A squash-merged or directly pushed change: authored earlier by the contributor, committed by GitHub.
      mainMarks.push(
        fi.commit({
          ref: 'refs/heads/main',
          author: author(login),
          authorTime: c.time - 60,
          committer: MERGER,
          time: c.time,
          message,
          files,
        }),
      );
    }
    await fi.flush();
  }
  await fi.end();
  lap('fast-import');
  if (sideCommits) await git(dir, ['update-ref', '-d', 'refs/heads/bench-pr']);
  await writeWorkTree(dir, finalText, lap);

  let bytes = 0;
  let statusFiles = 0;
  let ownersFiles = 0;
  for (const [p, text] of finalText) {
    bytes += Buffer.byteLength(text);
    if (p.endsWith('/status.json')) statusFiles++;
    else if (p.endsWith('/owners.json')) ownersFiles++;
  }
  const reg: GeneratedRegistry = {
    dir,
    servers: spec.servers,
    versions: spec.versions,
    seed,
    days,
    mainCommits: mainMarks.length,
    commits: mainMarks.length + sideCommits,
    merges,
    files: finalText.size,
    bytes,
    statusFiles,
    ownersFiles,
    firstCommitAt: new Date(startTime * 1000).toISOString(),
    lastCommitAt: new Date(commits[commits.length - 1]!.time * 1000).toISOString(),
    head: (await git(dir, ['rev-parse', 'main'])).trim(),
    generatedInSeconds: Math.round((performance.now() - started) / 10) / 100,
  };
  await writeFile(join(dir, '.git', META_FILE), JSON.stringify(reg, null, 2));
  return reg;
}

/**
 * Check out `main` by writing its files ourselves, then let git index them: on this machine git's own checkout of
 * 100,000 files spends several times longer in the kernel than plain sequential writes. The README is the only file
 * outside servers/; every other path and content is in `files`.
 */
async function writeWorkTree(dir: string, files: Map<string, string>, lap: (phase: string) => void): Promise<void> {
  const made = new Set<string>();
  const paths = [...files.keys()].sort();
  writeFileSync(join(dir, 'README.md'), README);
  for (const p of paths) {
    const folder = p.slice(0, p.lastIndexOf('/'));
    if (!made.has(folder)) {
      mkdirSync(join(dir, folder), { recursive: true });
      made.add(folder);
    }
    writeFileSync(join(dir, p), files.get(p)!);
  }
  lap('write files');
  await git(dir, ['read-tree', 'main']);
  await git(dir, ['update-index', '-q', '--refresh']);
  lap('index');
}

/** BENCH_GEN_TIMING=1 prints where generation time goes, to stderr. */
function phaseTimer(): (phase: string) => void {
  let t = performance.now();
  return (phase) => {
    const now = performance.now();
    if (process.env.BENCH_GEN_TIMING) process.stderr.write(`[generate] ${phase}: ${((now - t) / 1000).toFixed(2)} s\n`);
    t = now;
  };
}

/** Read a generated registry's description back (undefined when `dir` is not a complete generated registry). */
export async function readRegistry(dir: string): Promise<GeneratedRegistry | undefined> {
  try {
    const reg = JSON.parse(await readFile(join(dir, '.git', META_FILE), 'utf8')) as GeneratedRegistry;
    return { ...reg, dir: resolve(dir), generatedInSeconds: 0 };
  } catch {
    return undefined;
  }
}

export function cacheKey(spec: RegistrySpec): string {
  return `s${spec.servers}-v${spec.versions}-seed${spec.seed ?? 1}-d${spec.days ?? 365}-g${GENERATOR_VERSION}`;
}

/**
 * The registry for `spec` under `<cacheRoot>/registries/<key>`, generated on first use. Generation goes to a temporary
 * folder renamed into place, so an interrupted run never leaves a half-made registry that looks complete.
 */
export async function cachedRegistry(cacheRoot: string, spec: RegistrySpec): Promise<GeneratedRegistry> {
  const dir = join(resolve(cacheRoot), 'registries', cacheKey(spec));
  const hit = await readRegistry(dir);
  if (hit) return hit;
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  const reg = await generateRegistry({ ...spec, dir: tmp });
  if (existsSync(dir)) {
    // Someone else finished first (or a broken leftover): keep a complete one.
    const other = await readRegistry(dir);
    if (other) {
      await rm(tmp, { recursive: true, force: true });
      return other;
    }
    await rm(dir, { recursive: true, force: true });
  }
  try {
    await rename(tmp, dir);
  } catch (e) {
    // Another process renamed its copy into place between our check and our rename.
    const other = await readRegistry(dir);
    await rm(tmp, { recursive: true, force: true });
    if (other) return other;
    throw e;
  }
  await writeFile(join(dir, '.git', META_FILE), JSON.stringify({ ...reg, dir }, null, 2));
  return { ...reg, dir };
}

/** Count files and bytes under `<dir>/servers` (used by tests and by sections that change a copy). */
export async function treeStats(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        files++;
        bytes += (await stat(p)).size;
      }
    }
  };
  await walk(join(dir, 'servers'));
  return { files, bytes };
}

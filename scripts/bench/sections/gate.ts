/**
 * The PR gate (issue 4 §7): gather + evaluate of a one-entry PR and of a 50-entry PR against loopback fakes (GitHub
 * REST, the npm registry), on a synthetic base branch; and the offline part alone (evaluate over a recorded snapshot).
 * Goal: a one-entry PR evaluates in ≤ 1 s excluding network latency (the fakes answer in well under a millisecond).
 */
import { readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryConfig } from '../../config/config.ts';
import { createFetchContext, fetchStats } from '../../net/context.ts';
import { evaluate } from '../../gate/evaluate.ts';
import { runGate } from '../../gate/run.ts';
import type { PrSnapshot } from '../../gate/snapshot.ts';
import { fakeConfig, startFakeGitHub, startNpmFake, type FakeGitHub } from '../../testing/fakes/index.ts';
import type { BenchContext, BenchRow, TaskResult } from '../types.ts';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const REPO = 'bench/registry';

interface GateArgs {
  root: string;
  config: RegistryConfig;
  number: number;
  headSha: string;
  snapshotOut?: string;
}

/** Task: one gate run without reporting (what the analyze job does). */
export async function gateRun(a: GateArgs): Promise<TaskResult> {
  const fetch = createFetchContext(a.config);
  const out = await runGate({
    event: { repository: { full_name: REPO }, pull_request: { number: a.number, head: { sha: a.headSha } } },
    config: a.config,
    root: a.root,
    token: 'bench',
    fetch,
    tuning: { retries: 0 },
  });
  if (a.snapshotOut) writeFileSync(a.snapshotOut, JSON.stringify(out.result!.snapshot));
  const stats = fetchStats(fetch);
  return {
    files: out.result!.snapshot.files.length,
    registryRequests: stats.requests,
    registryBytes: stats.bytes,
    outcome: out.result!.verdict.outcome,
  };
}

/** Task: the offline part alone — evaluate a recorded snapshot. */
export async function evaluateOnly(a: { snapshot: string; config: RegistryConfig }): Promise<TaskResult> {
  const snapshot = JSON.parse(readFileSync(a.snapshot, 'utf8')) as PrSnapshot;
  const t0 = performance.now();
  const v = evaluate(snapshot, a.config);
  return { files: snapshot.base.files.length, outcome: v.outcome, evaluateMs: performance.now() - t0 };
}

/** An io.github namespace of the generated registry, its owner login, and one of its server names. */
function pickNamespace(root: string): { namespace: string; login: string } {
  const ns = readdirSync(join(root, 'servers'))
    .filter((n) => n.startsWith('io.github.'))
    .sort()[0];
  if (!ns) throw new Error('the generated registry has no io.github namespace');
  return { namespace: ns, login: ns.slice('io.github.'.length) };
}

function doc(name: string, version: string, pkg: string): Uint8Array {
  const d = {
    $schema: SCHEMA,
    name,
    description: 'A bench server.',
    version,
    packages: [{ registryType: 'npm', identifier: pkg, version, transport: { type: 'stdio' } }],
  };
  return new TextEncoder().encode(`${JSON.stringify(d, null, 2)}\n`);
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const gh: FakeGitHub = await startFakeGitHub();
  const packages: Record<string, Record<string, Record<string, unknown>>> = {};
  const npm = await startNpmFake({ packages });
  try {
    const config = await fakeConfig({ npm: npm.url, allowLoopback: false, allowLoopbackPorts: [npm.port] });
    config.network.githubApiUrl = gh.url;
    const sizes = ctx.quick ? [ctx.sizes.small] : [ctx.sizes.small, ctx.sizes.medium];
    let number = 1;
    for (const size of sizes) {
      const reg = await ctx.registry(size);
      const { namespace, login } = pickNamespace(reg.dir);
      for (const entries of [1, 50]) {
        const files = Array.from({ length: entries }, (_, i) => {
          const name = `${namespace}/bench-gate-${entries}-${i}`;
          const pkg = `bench-gate-${entries}-${i}`;
          packages[pkg] = { '1.0.0': { mcpName: name } };
          return {
            filename: `servers/${name}/1.0.0/server.json`,
            status: 'added' as const,
            bytes: doc(name, '1.0.0', pkg),
          };
        });
        const headSha = `${String(number).padStart(8, '0')}${'a'.repeat(32)}`;
        gh.addPull(REPO, { number, user: { login, id: 424242 }, headSha, headRepo: `${login}/registry`, files });
        const snapshotOut = join(ctx.scratch, `snapshot-${entries}.json`);
        const calls0 = gh.calls.length;
        const bytes0 = gh.bytesSent;
        const npm0 = npm.requests.length;
        const m = await ctx.measure({
          module: import.meta.url,
          export: 'gateRun',
          args: { root: reg.dir, config, number, headSha, snapshotOut } satisfies GateArgs,
        });
        const runs = m.runs.length;
        const ghRequests = (gh.calls.length - calls0) / runs;
        const ghBytes = (gh.bytesSent - bytes0) / runs;
        const registryRequests = (npm.requests.length - npm0) / runs;
        rows.push(
          ctx.row(
            {
              benchmark: `gate: ${entries}-entry PR (gather + evaluate, fakes)`,
              size: ctx.label(size),
              goal: entries === 1 ? { maxMs: 1000 } : undefined,
              extra: {
                'GitHub requests': ghRequests,
                'GitHub bytes': ghBytes,
                'registry requests': registryRequests,
                'registry bytes': Number(m.result.registryBytes ?? 0),
                outcome: String(m.result.outcome),
              },
            },
            m,
          ),
        );
        const e = await ctx.measure({
          module: import.meta.url,
          export: 'evaluateOnly',
          args: { snapshot: snapshotOut, config },
        });
        rows.push(
          ctx.row(
            {
              benchmark: `gate: ${entries}-entry PR, evaluate only (offline)`,
              size: ctx.label(size),
              goal: entries === 1 ? { maxMs: 1000 } : undefined,
              extra: { outcome: String(e.result.outcome) },
            },
            e,
          ),
        );
        number++;
      }
    }
  } finally {
    await Promise.all([gh.stop(), npm.close()]);
  }
  return rows;
}

/**
 * The gate's test world: the fake GitHub plus part A's registry, DNS, well-known and MCPB fakes, a base-branch
 * checkout in a temp directory, and helpers to open a PR and run the gate end to end (gather → evaluate → act)
 * through the production code path (runGate), exactly as the workflow's `--report` does.
 */
import { mkdtemp, mkdir, writeFile, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { RegistryConfig } from '../../scripts/config/config.ts';
import { createFetchContext, type FetchContext } from '../../scripts/net/context.ts';
import { recordFixture } from '../../scripts/gate/record.ts';
import { runGate, type GateRunOutput, type PullRequestEvent } from '../../scripts/gate/run.ts';
import { expectPassedPrBuilds } from './main-builds.ts';
import type { GitHubTuning } from '../../scripts/github/client.ts';
import { GATE_LABEL_STYLE, GATE_LABELS } from '../../scripts/core/rule-ids.ts';
import { formatAuthRecord } from '../../scripts/proofs/record.ts';
import { generateSigningKey, signBytes } from '../../scripts/proofs/signature.ts';
import {
  fakeConfig,
  startCargoFake,
  startDnsFake,
  startFakeGitHub,
  startMcpbFake,
  startNpmFake,
  startNugetFake,
  startOciFake,
  startPypiFake,
  startWellKnownFake,
  type DnsFake,
  type FakeCall,
  type FakeGitHub,
  type FakePrFile,
  type FakeUser,
  type HttpsFake,
} from '../fakes/index.ts';

export const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
export const REPO = 'registry-org/registry';

export const ALICE: FakeUser = { login: 'alice', id: 1001 };
export const MALLORY: FakeUser = { login: 'mallory', id: 6666 };
export const BOB: FakeUser = { login: 'bob', id: 2002 };
/** Renamed from `oldname`; the base owners.json of io.github.oldname lists id 5005. */
export const RENAMED: FakeUser = { login: 'newname', id: 5005 };
export const CAROL: FakeUser = { login: 'carol', id: 3003 };
/** A maintainer (maintain role on the registry repository): the override label counts when they apply it. */
export const MAINT: FakeUser = { login: 'maint', id: 9 };
/** The org behind io.github.acme, recorded in its owners.json by this id. */
export const ACME_ORG = { login: 'acme', id: 9_000_001 };
/** io.github.olduser and io.github.oldorg predate recorded accounts: no owners.json (the migration cases). */
export const OLDUSER: FakeUser = { login: 'olduser', id: 7007 };
export const OLDORG = { login: 'oldorg', id: 9_000_002 };

export const MCPB_BYTES = new TextEncoder().encode('fake mcpb bundle bytes');
export const MCPB_SHA = createHash('sha256').update(MCPB_BYTES).digest('hex');
export const MCPB_PATH = '/alice/weather/releases/download/v1.1.0/weather-mcp.mcpb';

export function serverJson(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { $schema: SCHEMA, name, description: `The ${name.split('/')[1]} server.`, version, ...extra };
}

export function npmPackage(identifier: string, version: string): Record<string, unknown> {
  return { registryType: 'npm', identifier, version, transport: { type: 'stdio' } };
}

export function bytesOf(doc: unknown): Uint8Array {
  return new TextEncoder().encode(typeof doc === 'string' ? doc : `${JSON.stringify(doc, null, 2)}\n`);
}

export function versionPath(name: string, version: string, file = 'server.json'): string {
  return `servers/${name}/${version}/${file}`;
}

export interface World {
  gh: FakeGitHub;
  npm: HttpsFake;
  pypi: HttpsFake;
  nuget: HttpsFake & { indexUrl: string };
  cargo: HttpsFake;
  oci: HttpsFake;
  mcpb: HttpsFake;
  wellKnown: HttpsFake & { files: Record<string, string> };
  dns: DnsFake;
  config: RegistryConfig;
  baseRoot: string;
  /** The domain key of example.com (published in DNS TXT); sign with `sign()`. */
  domainKeyPem: string;
  /** A key only published over HTTPS at api.example.org. */
  httpKeyPem: string;
  nextPr: number;
  close(): Promise<void>;
}

/** Files of the base branch (besides the real seed servers copied from servers/). */
function baseFiles(): Record<string, Uint8Array> {
  return {
    [versionPath('io.github.alice/weather', '1.0.0')]: bytesOf(
      serverJson('io.github.alice/weather', '1.0.0', { packages: [npmPackage('weather-mcp', '1.0.0')] }),
    ),
    [versionPath('io.github.acme/tool', '1.0.0')]: bytesOf(serverJson('io.github.acme/tool', '1.0.0')),
    [versionPath('io.github.oldname/srv', '1.0.0')]: bytesOf(serverJson('io.github.oldname/srv', '1.0.0')),
    'servers/io.github.oldname/owners.json': bytesOf({
      owners: [{ login: 'oldname', id: RENAMED.id, note: 'renamed to newname' }],
    }),
    'servers/io.github.alice/owners.json': bytesOf({
      account: { login: 'alice', id: ALICE.id, type: 'User' },
      owners: [{ login: 'bob', id: BOB.id }],
    }),
    'servers/io.github.acme/owners.json': bytesOf({
      account: { ...ACME_ORG, type: 'Organization' },
      owners: [],
    }),
    [versionPath('io.github.olduser/srv', '1.0.0')]: bytesOf(serverJson('io.github.olduser/srv', '1.0.0')),
    [versionPath('io.github.oldorg/srv', '1.0.0')]: bytesOf(serverJson('io.github.oldorg/srv', '1.0.0')),
    [versionPath('com.example/api', '1.0.0')]: bytesOf(
      serverJson('com.example/api', '1.0.0', {
        remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/taken' }],
      }),
    ),
  };
}

export async function startWorld(): Promise<World> {
  const gh = await startFakeGitHub();
  const npm = await startNpmFake({
    packages: {
      'weather-mcp': {
        '1.0.0': { mcpName: 'io.github.alice/weather' },
        '1.1.0': { mcpName: 'io.github.alice/weather' },
      },
      'evil-mcp': { '1.0.0': { mcpName: 'io.github.mallory/evil' } },
      'mallory-tool': { '1.0.0': { mcpName: 'io.github.mallory/tool' } },
      'acme-tool': { '2.0.0': { mcpName: 'io.github.acme/tool' } },
      'renamed-srv': { '2.0.0': { mcpName: 'io.github.oldname/srv' } },
    },
  });
  const pypi = await startPypiFake({
    projects: {
      'foo-mcp': { '1.0.0': 'A server.\n\nmcp-name: io.github.alice/foo-evil\n' },
      'foo-ok': { '1.0.0': 'A server.\n\nmcp-name: io.github.alice/foo\n' },
    },
  });
  const nuget = await startNugetFake({
    packages: { 'Alice.Foo': { '1.0.0': '# Foo\n\nmcp-name: io.github.alice/nugetfoo\n' } },
  });
  // As crates.io serves them: the comment of the second README was dropped at render time.
  const cargo = await startCargoFake({
    crates: {
      'crab-mcp': {
        '1.0.0':
          '<h1>Crab</h1>\n<ul>\n<li>MCP Registry name: <code>mcp-name: io.github.alice/crab</code></li>\n</ul>\n',
        '1.1.0': '<h1>Crab</h1>\n<!-- mcp-name: io.github.alice/crab -->\n',
      },
    },
  });
  const oci = await startOciFake({
    images: {
      'alice/weather': {
        '1.1.0': {
          labels: { 'io.modelcontextprotocol.server.name': 'io.github.alice/weather' },
          platforms: ['linux/arm64', 'linux/amd64'],
        },
      },
      'alice/other': { '1.0.0': { labels: { 'io.modelcontextprotocol.server.name': 'io.github.mallory/other' } } },
    },
  });
  const mcpb = await startMcpbFake({ hostnames: ['github.com'], files: { [MCPB_PATH]: MCPB_BYTES } });
  const domainKey = generateSigningKey();
  const httpKey = generateSigningKey();
  // The HTTPS record sits at example.org only: it grants org.example, never org.example.api.
  const wellKnown = await startWellKnownFake({
    files: { 'example.org': `${formatAuthRecord(httpKey.publicKey)}\n` },
    hostnames: ['api.example.org', 'example.com', 'nokey.example.net'],
  });
  const dns = await startDnsFake({
    records: { 'example.com': [formatAuthRecord(domainKey.publicKey)], 'example.org': [] },
  });
  const config = await fakeConfig({
    npm: npm.url,
    pypi: pypi.url,
    nuget: nuget.indexUrl,
    cargo: cargo.url,
    oci: { 'docker.io': oci.url },
    dns: dns.address,
    hostMap: {
      'github.com': `127.0.0.1:${mcpb.port}`,
      'api.example.org': `127.0.0.1:${wellKnown.port}`,
      'example.org': `127.0.0.1:${wellKnown.port}`,
      'example.com': `127.0.0.1:${wellKnown.port}`,
      'nokey.example.net': `127.0.0.1:${wellKnown.port}`,
      'mcp.example.com': '93.184.215.14',
      'mcp.alice.dev': '93.184.215.15',
    },
    // Production-like: loopback refused except the fakes' own ports, so a redirect to 127.0.0.1 elsewhere is refused.
    allowLoopback: false,
    allowLoopbackPorts: [npm.port, pypi.port, nuget.port, cargo.port, oci.port, mcpb.port, wellKnown.port],
    network: { timeoutMs: 3000, maxResponseBytes: 1024 * 1024 },
  });
  config.network.githubApiUrl = gh.url;

  const baseRoot = await mkdtemp(join(tmpdir(), 'gate-base-'));
  await cp(join(import.meta.dirname, '../../servers'), join(baseRoot, 'servers'), { recursive: true });
  for (const [path, bytes] of Object.entries(baseFiles())) {
    await mkdir(dirname(join(baseRoot, path)), { recursive: true });
    await writeFile(join(baseRoot, path), bytes);
  }
  gh.setContent(
    'acme/.github',
    'mcp-registry/owners.json',
    JSON.stringify({ owners: [{ login: 'carol', id: CAROL.id }] }),
  );
  gh.addPublicMember('acme', 'bob');
  // A repository the gate has run on before: its labels exist (tests/gate/scenarios-report.test.ts starts without).
  seedGateLabels(gh, REPO);
  gh.addOrg(ACME_ORG.login, ACME_ORG.id);
  gh.addOrg(OLDORG.login, OLDORG.id);
  gh.addPublicMember(OLDORG.login, 'bob');
  gh.addOrg('closedorg', 9_000_003);
  gh.setRole(REPO, MAINT, 'maintain');

  return {
    gh,
    npm,
    pypi,
    nuget,
    cargo,
    oci,
    mcpb,
    wellKnown,
    dns,
    config,
    baseRoot,
    domainKeyPem: domainKey.privateKeyPem,
    httpKeyPem: httpKey.privateKeyPem,
    nextPr: 1,
    async close() {
      await Promise.all([
        gh.stop(),
        npm.close(),
        pypi.close(),
        nuget.close(),
        cargo.close(),
        oci.close(),
        mcpb.close(),
        wellKnown.close(),
        dns.close(),
      ]);
      await rm(baseRoot, { recursive: true, force: true });
    },
  };
}

/** The gate's labels as the gate creates them (scripts/core/rule-ids.ts). */
export function seedGateLabels(gh: FakeGitHub, repo: string): void {
  for (const [key, name] of Object.entries(GATE_LABELS))
    gh.addRepoLabel(repo, { name, ...GATE_LABEL_STYLE[key as keyof typeof GATE_LABELS] });
}

export function sign(bytes: Uint8Array, pem: string): Uint8Array {
  return new TextEncoder().encode(`${signBytes(bytes, pem).signatureHex}\n`);
}

export interface PrSpec {
  author: FakeUser;
  files: FakePrFile[];
  labels?: string[];
  authorAssociation?: string;
  headRepo?: string | null;
  changedFiles?: number;
  title?: string;
  /** The head SHA GitHub reports from the second read of the PR on (a push during the run). */
  movedHeadSha?: string;
  /** The base branch (default main), and the one GitHub reports from the second read on (a retarget during the run). */
  baseRef?: string;
  movedBaseRef?: string;
  /** When the head was pushed, and force pushes (GitHub's clock; see FakePull). */
  pushedAt?: string;
  forcePushes?: string[];
}

export interface GateRun extends GateRunOutput {
  number: number;
  headSha: string;
  /** Calls GitHub received during this run. */
  calls: FakeWorldCalls;
  fetch: FetchContext;
}

export type FakeWorldCalls = FakeCall[];

/** Open a PR on the fake GitHub (the next number; its head SHA follows from the number). */
export function openPr(world: World, spec: PrSpec): { number: number; headSha: string; event: PullRequestEvent } {
  const number = world.nextPr++;
  const headSha = createHash('sha1').update(`head-${number}`).digest('hex');
  world.gh.addPull(REPO, {
    number,
    title: spec.title,
    user: spec.author,
    author_association: spec.authorAssociation ?? 'NONE',
    headSha,
    headRepo: spec.headRepo === undefined ? `${spec.author.login}/registry` : spec.headRepo,
    labels: spec.labels ?? [],
    files: spec.files,
    changedFiles: spec.changedFiles,
    movedHeadSha: spec.movedHeadSha,
    baseRef: spec.baseRef,
    movedBaseRef: spec.movedBaseRef,
    pushedAt: spec.pushedAt,
    forcePushes: spec.forcePushes,
  });
  return {
    number,
    headSha,
    event: { repository: { full_name: REPO }, pull_request: { number, head: { sha: headSha } } },
  };
}

/** Open a PR on the fake GitHub and run the gate on it with --report semantics. */
export async function runScenario(
  world: World,
  spec: PrSpec,
  opts: { maxFiles?: number; config?: RegistryConfig; tuning?: GitHubTuning; checkToken?: string } = {},
): Promise<GateRun> {
  const { number, headSha, event } = openPr(world, spec);
  const before = world.gh.calls.length;
  const config = opts.config ?? world.config;
  const fetch = createFetchContext(config);
  const out = await runGate({
    event,
    config,
    root: world.baseRoot,
    token: 'ghs_test_token',
    checkToken: opts.checkToken,
    report: true,
    tuning: opts.tuning ?? { noWriteSpacing: true, retries: 0, retryBaseMs: 1 },
    fetch,
    maxFiles: opts.maxFiles,
  });
  const calls = world.gh.calls.slice(before);
  // The gate's promise, for every scenario it passes: merged into main, it checks out, validates and builds.
  if (out.result?.verdict.outcome === 'pass') await expectPassedPrBuilds(world.baseRoot, out.result, config);
  return { ...out, number, headSha, calls, fetch };
}

/** Open a PR on the fake GitHub and record it as a fixture folder (scripts/gate/record.ts); GitHub gets no writes. */
export async function recordScenario(world: World, spec: PrSpec, dir: string, now: Date): Promise<string[]> {
  const { event } = openPr(world, spec);
  return recordFixture({
    event,
    config: world.config,
    root: world.baseRoot,
    token: 'ghs_test_token',
    tuning: { noWriteSpacing: true, retries: 0, retryBaseMs: 1 },
    now: () => now,
    dir,
  });
}

export function added(path: string, doc: unknown): FakePrFile {
  return { filename: path, status: 'added', bytes: doc instanceof Uint8Array ? doc : bytesOf(doc) };
}

export function modified(path: string, doc: unknown): FakePrFile {
  return { filename: path, status: 'modified', bytes: doc instanceof Uint8Array ? doc : bytesOf(doc) };
}

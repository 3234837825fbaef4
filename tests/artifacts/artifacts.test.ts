/**
 * Every artifact check against real fakes on loopback, through the production code path
 * (config base URLs, the safe fetch, the test CA): pass, mismatch, and fail-closed.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArtifacts, verifyPackage, verifyRemote } from '../../scripts/artifacts/index.ts';
import { parseImageRef, pickPlatform, parseBearerChallenge } from '../../scripts/artifacts/oci.ts';
import { releaseAssetProblem } from '../../scripts/artifacts/mcpb.ts';
import { readmeUrl } from '../../scripts/artifacts/nuget.ts';
import { createFetchContext, fetchStats } from '../../scripts/net/context.ts';
import type { PackageJson, ServerJson } from '../../scripts/core/types.ts';
import {
  fakeConfig,
  startHttpsFake,
  startMcpbFake,
  startNpmFake,
  startNugetFake,
  startOciFake,
  startPypiFake,
  send,
  type FakeEndpoints,
  type HttpsFake,
} from '../fakes/index.ts';

const NAME = 'io.github.alice/weather';
const LABEL = 'io.modelcontextprotocol.server.name';
const BUNDLE = Buffer.from('PK\x03\x04 a real-looking mcpb bundle');
const BUNDLE_SHA = createHash('sha256').update(BUNDLE).digest('hex');
const BUNDLE_URL = 'https://github.com/alice/weather-mcp/releases/download/v1.0.0/weather.mcpb';

let npm: HttpsFake,
  pypi: HttpsFake,
  nuget: HttpsFake & { indexUrl: string },
  oci: HttpsFake,
  mcpb: HttpsFake,
  victim: HttpsFake;

beforeAll(async () => {
  [npm, pypi, nuget, oci, mcpb, victim] = await Promise.all([
    startNpmFake({
      packages: {
        'weather-mcp': { '1.0.0': { mcpName: NAME }, '0.9.0': {} },
        '@alice/weather': { '2.0.0': { mcpName: NAME } },
        'someone-else': { '1.0.0': { mcpName: 'io.github.mallory/weather' } },
      },
    }),
    startPypiFake({
      projects: {
        'weather-mcp': {
          '1.0.0': `# Weather\n\n<!-- mcp-name: ${NAME} -->\n`,
          '2.0.0': `# Weather\nmcp-name: ${NAME}-evil\n`,
          '3.0.0': '# Weather, no marker',
        },
      },
    }),
    startNugetFake({
      packages: {
        'Alice.Weather': {
          '1.0.0': `# Alice.Weather\n\nmcp-name: ${NAME}\n`,
          '2.0.0-Beta': `mcp-name: ${NAME}`,
          '3.0.0': `mcp-name: ${NAME}-evil`,
        },
      },
    }),
    startOciFake({
      images: {
        'alice/weather': {
          '1.0.0': {
            labels: { [LABEL]: NAME },
            platforms: ['linux/arm64', 'linux/amd64'],
            platformLabels: { 'linux/arm64': { [LABEL]: 'io.github.mallory/x' } },
          },
          single: { labels: { [LABEL]: NAME } },
          list: { labels: { [LABEL]: NAME }, platforms: ['linux/amd64'], dockerList: true },
          arm: { labels: { [LABEL]: NAME }, platforms: ['linux/arm64'], attestationFirst: true },
          wrong: { labels: { [LABEL]: 'io.github.mallory/weather' } },
          unlabelled: { labels: {} },
        },
        'library/weather': { latest: { labels: { [LABEL]: NAME } } },
        'alice/secret': { '1.0.0': { labels: { [LABEL]: NAME } } },
      },
      privateRepositories: ['alice/secret'],
    }),
    startMcpbFake({
      hostnames: ['github.com'],
      files: { '/alice/weather-mcp/releases/download/v1.0.0/weather.mcpb': BUNDLE },
    }),
    startHttpsFake((_q, res) => send(res, 200, 'internal secrets')),
  ]);
});
afterAll(() => Promise.all([npm, pypi, nuget, oci, mcpb, victim].map((f) => f.close())));

function endpoints(extra: FakeEndpoints = {}): FakeEndpoints {
  return {
    npm: npm.url,
    pypi: pypi.url,
    nuget: nuget.indexUrl,
    oci: { 'docker.io': oci.url, 'ghcr.io': oci.url },
    hostMap: { 'github.com': `127.0.0.1:${mcpb.port}` },
    ...extra,
  };
}
async function ctx(extra: FakeEndpoints = {}) {
  return createFetchContext(await fakeConfig(endpoints(extra)));
}

const pkg = {
  npm: (identifier = 'weather-mcp', version = '1.0.0'): PackageJson => ({
    registryType: 'npm',
    identifier,
    version,
    transport: { type: 'stdio' },
  }),
  pypi: (version = '1.0.0'): PackageJson => ({
    registryType: 'pypi',
    identifier: 'weather-mcp',
    version,
    transport: { type: 'stdio' },
  }),
  nuget: (version = '1.0.0', identifier = 'Alice.Weather'): PackageJson => ({
    registryType: 'nuget',
    identifier,
    version,
    transport: { type: 'stdio' },
  }),
  oci: (identifier = 'docker.io/alice/weather:1.0.0'): PackageJson => ({
    registryType: 'oci',
    identifier,
    transport: { type: 'stdio' },
  }),
  mcpb: (identifier = BUNDLE_URL, fileSha256 = BUNDLE_SHA): PackageJson => ({
    registryType: 'mcpb',
    identifier,
    fileSha256,
    transport: { type: 'stdio' },
  }),
};

describe('npm mcpName', () => {
  it('passes when mcpName equals the server name (plain and scoped packages)', async () => {
    expect(await verifyPackage(pkg.npm(), NAME, await ctx())).toMatchObject({
      check: 'npm-mcp-name',
      ok: true,
      rule: 'artifact-npm',
      subject: 'npm:weather-mcp@1.0.0',
    });
    expect(await verifyPackage(pkg.npm('@alice/weather', '2.0.0'), NAME, await ctx())).toMatchObject({ ok: true });
  });
  it('fails on another name, a missing mcpName, or a missing version', async () => {
    const other = await verifyPackage(pkg.npm('someone-else'), NAME, await ctx());
    expect(other).toMatchObject({ ok: false, rule: 'artifact-npm' });
    expect(other.detail).toContain('io.github.mallory/weather');
    expect(await verifyPackage(pkg.npm('weather-mcp', '0.9.0'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-npm',
      detail: expect.stringContaining('no mcpName'),
    });
    expect(await verifyPackage(pkg.npm('weather-mcp', '5.0.0'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-npm',
    });
  });
  it('reads the base URL from config only, never from registryBaseUrl', async () => {
    const p = { ...pkg.npm(), registryBaseUrl: `https://127.0.0.1:${victim.port}` };
    const before = victim.requests.length;
    expect(await verifyPackage(p, NAME, await ctx())).toMatchObject({ ok: true });
    expect(victim.requests.length).toBe(before);
  });
});

describe('PyPI description marker', () => {
  it('passes with the marker (inside an HTML comment)', async () => {
    expect(await verifyPackage(pkg.pypi(), NAME, await ctx())).toMatchObject({
      check: 'pypi-mcp-name',
      ok: true,
      rule: 'artifact-pypi',
    });
  });
  it('…/weather-evil does not prove …/weather (boundary rule)', async () => {
    const r = await verifyPackage(pkg.pypi('2.0.0'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-pypi' });
    expect(r.detail).toContain(`${NAME}-evil`);
  });
  it('…/weather-evil is proven by its own marker', async () => {
    expect(await verifyPackage(pkg.pypi('2.0.0'), `${NAME}-evil`, await ctx())).toMatchObject({ ok: true });
  });
  it('fails without a marker or a release', async () => {
    expect(await verifyPackage(pkg.pypi('3.0.0'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-pypi',
    });
    expect(await verifyPackage(pkg.pypi('9.9.9'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-pypi',
    });
  });
});

describe('NuGet README marker', () => {
  it('passes via the service index and the lower-cased README URL', async () => {
    const before = nuget.requests.length;
    expect(await verifyPackage(pkg.nuget(), NAME, await ctx())).toMatchObject({
      check: 'nuget-mcp-name',
      ok: true,
      rule: 'artifact-nuget',
    });
    expect(nuget.requests.slice(before).map((r) => r.path)).toEqual([
      '/v3/index.json',
      '/v3-flatcontainer/alice.weather/1.0.0/readme',
    ]);
  });
  it('strips build metadata and lower-cases a prerelease version', async () => {
    expect(await verifyPackage(pkg.nuget('1.0.0+sha.abc'), NAME, await ctx())).toMatchObject({ ok: true });
    expect(await verifyPackage(pkg.nuget('2.0.0-Beta'), NAME, await ctx())).toMatchObject({ ok: true });
    expect(readmeUrl('https://x/{lower_id}/{lower_version}/readme', 'A.B', '1.0.0-RC+Build')).toBe(
      'https://x/a.b/1.0.0-rc/readme',
    );
  });
  it('fails on the boundary rule, a missing README and a missing ReadmeUriTemplate', async () => {
    expect(await verifyPackage(pkg.nuget('3.0.0'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-nuget',
    });
    expect(await verifyPackage(pkg.nuget('4.0.0'), NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-nuget',
      detail: expect.stringContaining('no README'),
    });
    const bare = await startNugetFake({ packages: {}, withoutReadmeResource: true });
    try {
      const r = await verifyPackage(pkg.nuget(), NAME, await ctx({ nuget: bare.indexUrl }));
      expect(r).toMatchObject({
        ok: false,
        rule: 'artifact-nuget',
        detail: expect.stringContaining('ReadmeUriTemplate/6.13.0'),
      });
    } finally {
      await bare.close();
    }
  });
});

describe('OCI label', () => {
  it('walks token → index → linux/amd64 manifest → config blob (with a storage redirect)', async () => {
    const before = oci.requests.length;
    expect(await verifyPackage(pkg.oci(), NAME, await ctx())).toMatchObject({
      check: 'oci-label',
      ok: true,
      rule: 'artifact-oci',
    });
    const paths = oci.requests
      .slice(before)
      .map((r) => r.path.replace(/sha256:[a-f0-9]{64}/, 'sha256:…').replace(/\?.*/, '?…'));
    expect(paths).toEqual([
      '/v2/alice/weather/manifests/1.0.0',
      '/token?…',
      '/v2/alice/weather/manifests/1.0.0',
      '/v2/alice/weather/manifests/sha256:…',
      '/v2/alice/weather/blobs/sha256:…',
      '/storage/sha256:…',
    ]);
  });
  it('handles a single manifest, a Docker manifest list, an attestation entry, and Docker Hub library images', async () => {
    for (const id of [
      'docker.io/alice/weather:single',
      'docker.io/alice/weather:list',
      'docker.io/alice/weather:arm',
      'weather',
      'ghcr.io/alice/weather:single',
    ]) {
      expect(await verifyPackage(pkg.oci(id), NAME, await ctx()), id).toMatchObject({ ok: true });
    }
  });
  it('fails on another label, a missing label, a private image, a missing tag, a foreign registry', async () => {
    const c = await ctx();
    expect(await verifyPackage(pkg.oci('docker.io/alice/weather:wrong'), NAME, c)).toMatchObject({
      ok: false,
      rule: 'artifact-oci',
      detail: expect.stringContaining('io.github.mallory/weather'),
    });
    expect(await verifyPackage(pkg.oci('docker.io/alice/weather:unlabelled'), NAME, c)).toMatchObject({
      ok: false,
      rule: 'artifact-oci',
      detail: expect.stringContaining('missing'),
    });
    expect(await verifyPackage(pkg.oci('docker.io/alice/secret:1.0.0'), NAME, c)).toMatchObject({
      ok: false,
      rule: 'artifact-oci',
      detail: expect.stringContaining('anonymous'),
    });
    expect(await verifyPackage(pkg.oci('docker.io/alice/weather:nope'), NAME, c)).toMatchObject({
      ok: false,
      rule: 'artifact-oci',
    });
    expect(await verifyPackage(pkg.oci('evil.example.com/alice/weather:1.0.0'), NAME, c)).toMatchObject({
      ok: false,
      rule: 'artifact-oci',
      detail: expect.stringContaining('not an allowed'),
    });
  });
  it('fails when the config blob does not hash to its digest', async () => {
    const corrupt = await startOciFake({
      images: { 'alice/weather': { single: { labels: { [LABEL]: NAME } } } },
      corruptBlobs: true,
    });
    try {
      const r = await verifyPackage(
        pkg.oci('docker.io/alice/weather:single'),
        NAME,
        await ctx({ oci: { 'docker.io': corrupt.url } }),
      );
      expect(r).toMatchObject({ ok: false, rule: 'artifact-oci', detail: expect.stringContaining('hashes to') });
    } finally {
      await corrupt.close();
    }
  });
  it('parses references, challenges and platforms', () => {
    expect(parseImageRef('docker.io/alice/weather:1.0.0')).toEqual({
      registry: 'docker.io',
      repository: 'alice/weather',
      reference: '1.0.0',
    });
    expect(parseImageRef('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx', reference: 'latest' });
    expect(parseImageRef(`ghcr.io/a/b@sha256:${'a'.repeat(64)}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'a/b',
      reference: `sha256:${'a'.repeat(64)}`,
    });
    expect(parseImageRef('ghcr.io/A/b:1')).toBeUndefined();
    expect(
      parseBearerChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull"',
      ),
    ).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:a/b:pull',
    });
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    expect(
      pickPlatform({
        manifests: [
          { digest: d('a'), platform: { os: 'linux', architecture: 'arm64' } },
          { digest: d('b'), platform: { os: 'linux', architecture: 'amd64' } },
        ],
      }),
    ).toMatchObject({ digest: d('b') });
    expect(
      pickPlatform({
        manifests: [
          { digest: d('c'), platform: { os: 'unknown', architecture: 'unknown' } },
          { digest: d('a'), platform: { os: 'linux', architecture: 'arm64' } },
        ],
      }),
    ).toMatchObject({ digest: d('a') });
  });
});

describe('MCPB bundle', () => {
  it('downloads the release asset (following the storage redirect) and compares sha256', async () => {
    expect(await verifyPackage(pkg.mcpb(), NAME, await ctx())).toMatchObject({
      check: 'mcpb-sha256',
      ok: true,
      rule: 'artifact-mcpb',
    });
  });
  it('fails on a hash mismatch', async () => {
    const r = await verifyPackage(pkg.mcpb(BUNDLE_URL, 'f'.repeat(64)), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-mcpb', detail: expect.stringContaining(BUNDLE_SHA) });
  });
  it('refuses a non-release host, a non-release path, a URL without "mcp", http — without fetching', async () => {
    const before = mcpb.requests.length;
    for (const url of [
      'https://evil.example.com/alice/weather-mcp/releases/download/v1.0.0/weather.mcpb',
      'https://github.com/alice/weather-mcp/raw/main/weather.mcpb',
      'https://github.com/alice/weather/releases/download/v1.0.0/weather.zip',
      'http://github.com/alice/weather-mcp/releases/download/v1.0.0/weather.mcpb',
    ]) {
      expect(await verifyPackage(pkg.mcpb(url), NAME, await ctx()), url).toMatchObject({
        ok: false,
        rule: 'artifact-mcpb',
      });
    }
    expect(mcpb.requests.length).toBe(before);
  });
  it('knows GitHub and GitLab release-asset shapes', () => {
    const hosts = ['github.com', 'gitlab.com'];
    expect(releaseAssetProblem(BUNDLE_URL, hosts)).toBeUndefined();
    expect(releaseAssetProblem('https://gitlab.com/g/sub/mcp-x/-/releases/v1/downloads/x.mcpb', hosts)).toBeUndefined();
    expect(releaseAssetProblem('https://gitlab.com/g/mcp-x/-/package_files/42/download', hosts)).toBeUndefined();
    expect(releaseAssetProblem('https://github.com.evil.com/a/mcp/releases/download/v1/x', hosts)).toContain(
      'allowed release host',
    );
  });
});

describe('remotes', () => {
  it('passes a host resolving to an allowed address and fails private ones', async () => {
    const open = await ctx({ hostMap: { 'mcp.alice.test': '127.0.0.1' } });
    expect(await verifyRemote({ type: 'streamable-http', url: 'https://mcp.alice.test/mcp' }, open)).toMatchObject({
      check: 'remote-address',
      ok: true,
      rule: 'artifact-remote',
    });
    const closed = await ctx({ allowLoopback: false, hostMap: { 'mcp.alice.test': '127.0.0.1' } });
    expect(await verifyRemote({ type: 'streamable-http', url: 'https://mcp.alice.test/mcp' }, closed)).toMatchObject({
      ok: false,
      rule: 'artifact-remote',
    });
    for (const url of [
      'https://10.1.2.3/mcp',
      'https://169.254.169.254/mcp',
      'https://[fd00::1]/mcp',
      'http://mcp.alice.test/mcp',
    ]) {
      expect(await verifyRemote({ type: 'sse', url }, open), url).toMatchObject({ ok: false, rule: 'artifact-remote' });
    }
  });
  it('fills host variables from defaults and fails a host it cannot know', async () => {
    const open = await ctx({ hostMap: { 'eu.alice.test': '127.0.0.1' } });
    expect(
      await verifyRemote(
        { type: 'sse', url: 'https://{region}.alice.test/mcp', variables: { region: { default: 'eu' } } },
        open,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await verifyRemote({ type: 'sse', url: 'https://{region}.alice.test/mcp', variables: { region: {} } }, open),
    ).toMatchObject({ ok: false });
  });
});

describe('fail closed: 429, 5xx, timeout, oversized, redirect to a private address', () => {
  const kinds = [
    { kind: 'npm', fake: () => npm, path: /^\/weather-mcp/, pkg: () => pkg.npm() },
    { kind: 'pypi', fake: () => pypi, path: /^\/pypi\//, pkg: () => pkg.pypi() },
    { kind: 'nuget', fake: () => nuget, path: /\/readme$/, pkg: () => pkg.nuget() },
    { kind: 'oci', fake: () => oci, path: /\/manifests\//, pkg: () => pkg.oci() },
    { kind: 'mcpb', fake: () => mcpb, path: /\/release-assets\//, pkg: () => pkg.mcpb() },
  ];
  const allFakePorts = () => [npm, pypi, nuget, oci, mcpb].map((f) => f.port);

  for (const k of kinds) {
    it(`${k.kind}: a 429 is a failed check with a retry hint`, async () => {
      k.fake().script({ path: k.path, behaviour: { status: 429, headers: { 'retry-after': '60' } }, once: true });
      const r = await verifyPackage(k.pkg(), NAME, await ctx());
      expect(r).toMatchObject({ ok: false, retryable: true, rule: 'network-failure' });
      expect(r.detail).toMatch(/429.*retry after 60 s/);
    });
    it(`${k.kind}: a 5xx is a failed check with a retry hint`, async () => {
      k.fake().script({ path: k.path, behaviour: { status: 502 }, once: true });
      expect(await verifyPackage(k.pkg(), NAME, await ctx())).toMatchObject({
        ok: false,
        retryable: true,
        rule: 'network-failure',
      });
    });
    it(`${k.kind}: a timeout is a failed check with a retry hint`, async () => {
      k.fake().script({ path: k.path, behaviour: { delayMs: 2_000 }, once: true });
      const r = await verifyPackage(k.pkg(), NAME, await ctx({ network: { timeoutMs: 250 } }));
      expect(r).toMatchObject({ ok: false, retryable: true, rule: 'network-failure' });
      expect(r.detail).toContain('within 250 ms');
    });
    it(`${k.kind}: an oversized response is a failed check`, async () => {
      k.fake().script({ path: k.path, behaviour: { oversized: 300_000 }, once: true });
      const r = await verifyPackage(
        k.pkg(),
        NAME,
        await ctx({ network: { maxResponseBytes: 100_000, maxMcpbBytes: 100_000 } }),
      );
      expect(r).toMatchObject({ ok: false, rule: 'network-failure' });
      expect(r.detail).toContain('cap');
    });
    it(`${k.kind}: a redirect to a loopback address not allowed is refused (first hop allowed)`, async () => {
      k.fake().script({ path: k.path, behaviour: { redirect: `https://127.0.0.1:${victim.port}/steal` }, once: true });
      const before = victim.requests.length;
      const r = await verifyPackage(
        k.pkg(),
        NAME,
        await ctx({ allowLoopback: false, allowLoopbackPorts: allFakePorts() }),
      );
      expect(r).toMatchObject({ ok: false, rule: 'network-failure' });
      expect(r.detail).toContain('may not reach');
      expect(victim.requests.length).toBe(before);
    });
  }
});

describe('verifyArtifacts', () => {
  it('checks every package and remote concurrently, one proof each in document order, and counts requests', async () => {
    const server: ServerJson = {
      name: NAME,
      version: '1.0.0',
      description: 'x',
      packages: [pkg.npm(), pkg.pypi('2.0.0'), pkg.nuget(), pkg.oci(), pkg.mcpb()],
      remotes: [{ type: 'streamable-http', url: 'https://10.0.0.8/mcp' }],
    };
    const c = await ctx();
    const proofs = await verifyArtifacts(server, c);
    expect(proofs.map((p) => [p.check, p.ok, p.jsonPath])).toEqual([
      ['npm-mcp-name', true, '$.packages[0]'],
      ['pypi-mcp-name', false, '$.packages[1]'],
      ['nuget-mcp-name', true, '$.packages[2]'],
      ['oci-label', true, '$.packages[3]'],
      ['mcpb-sha256', true, '$.packages[4]'],
      ['remote-address', false, '$.remotes[0]'],
    ]);
    const stats = fetchStats(c);
    expect(stats.requests).toBe(c.log.length);
    expect(stats.bytes).toBeGreaterThan(BUNDLE.byteLength);
  });
});

/**
 * The cargo check against the crates.io fake on loopback, through the production code path (config base URLs, the
 * safe fetch, the test CA): the rendered README's marker, the 403 cases told apart by the crate API, and fail-closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArtifacts, verifyPackage } from '../../scripts/artifacts/index.ts';
import { readmeUrl } from '../../scripts/artifacts/cargo.ts';
import { createFetchContext } from '../../scripts/net/context.ts';
import type { PackageJson, ServerJson } from '../../scripts/core/types.ts';
import {
  fakeConfig,
  send,
  startCargoFake,
  startHttpsFake,
  type CargoCrates,
  type FakeEndpoints,
  type HttpsFake,
} from '../fakes/index.ts';

const NAME = 'io.github.alice/weather';
const CRATES: CargoCrates = {
  'weather-mcp': {
    // As crates.io renders `- MCP Registry name: \`mcp-name: …\``.
    '1.0.0': `<h1>Weather</h1>\n<ul>\n<li>MCP Registry name: <code>mcp-name: ${NAME}</code></li>\n</ul>\n`,
    // The PyPI habit: crates.io drops the comment, so nothing is left.
    '1.1.0': `<h1>Weather</h1>\n<!-- mcp-name: ${NAME} -->\n<p>A server.</p>\n`,
    '1.2.0': `<p>mcp-name: ${NAME}-evil</p>\n`,
    '1.3.0': `<p><img src="x.svg" alt="mcp-name: ${NAME}"></p>\n`,
    '2.0.0-beta.1': `<p>mcp-name: ${NAME}</p>`,
    '3.0.0': null,
  },
  weather_cli: { '0.1.0': `<p>mcp-name: ${NAME}</p>` },
};

let cargo: HttpsFake, raw: HttpsFake, named: HttpsFake, victim: HttpsFake;

beforeAll(async () => {
  [cargo, raw, named, victim] = await Promise.all([
    startCargoFake({ crates: CRATES }),
    startCargoFake({ crates: CRATES, keepComments: true }),
    startCargoFake({ crates: CRATES, hostnames: ['crates.io', 'static.crates.io'] }),
    startHttpsFake((_q, res) => send(res, 200, `<p>mcp-name: ${NAME}</p>`)),
  ]);
});
afterAll(() => Promise.all([cargo, raw, named, victim].map((f) => f.close())));

async function ctx(extra: FakeEndpoints = {}) {
  return createFetchContext(await fakeConfig({ cargo: cargo.url, ...extra }));
}
const crate = (version = '1.0.0', identifier = 'weather-mcp'): PackageJson => ({
  registryType: 'cargo',
  identifier,
  version,
  transport: { type: 'stdio' },
});
const paths = (f: HttpsFake, from: number) => f.requests.slice(from).map((r) => r.path);

describe('cargo: the marker in the rendered crates.io README', () => {
  it('passes with a visible marker (in a list item, as code), fetching only the README', async () => {
    const before = cargo.requests.length;
    expect(await verifyPackage(crate(), NAME, await ctx())).toMatchObject({
      check: 'cargo-mcp-name',
      ok: true,
      rule: 'artifact-cargo',
      subject: 'cargo:weather-mcp@1.0.0',
      detail: `the rendered crates.io README contains "mcp-name: ${NAME}"`,
    });
    expect(paths(cargo, before)).toEqual(['/readmes/weather-mcp/weather-mcp-1.0.0.html']);
  });

  it('uses the production hosts by default: static.crates.io for the README', async () => {
    const before = named.requests.length;
    const c = createFetchContext(
      await fakeConfig({
        hostMap: { 'static.crates.io': `127.0.0.1:${named.port}`, 'crates.io': `127.0.0.1:${named.port}` },
      }),
    );
    expect(c.config.registries.cargo).toEqual({
      baseUrl: 'https://crates.io',
      readmeBaseUrl: 'https://static.crates.io',
    });
    expect(await verifyPackage(crate('2.0.0-beta.1'), NAME, c)).toMatchObject({ ok: true });
    expect(named.requests.slice(before).map((r) => [r.host, r.path])).toEqual([
      ['static.crates.io', '/readmes/weather-mcp/weather-mcp-2.0.0-beta.1.html'],
    ]);
  });

  it('a marker in an HTML comment does not count: crates.io drops it, and a host that keeps it is not read', async () => {
    for (const f of [cargo, raw]) {
      const r = await verifyPackage(crate('1.1.0'), NAME, await ctx({ cargo: f.url }));
      expect(r).toMatchObject({ ok: false, rule: 'artifact-cargo' });
      expect(r.detail).toContain('has no mcp-name marker');
      expect(r.detail).toContain(`write "mcp-name: ${NAME}" as visible text in the README`);
    }
  });

  it('a marker in an attribute does not count', async () => {
    expect(await verifyPackage(crate('1.3.0'), NAME, await ctx())).toMatchObject({ ok: false, rule: 'artifact-cargo' });
  });

  it('…/weather-evil does not prove …/weather (boundary rule), and proves itself', async () => {
    const r = await verifyPackage(crate('1.2.0'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-cargo' });
    expect(r.detail).toContain(`declares "mcp-name: ${NAME}-evil"`);
    expect(await verifyPackage(crate('1.2.0'), `${NAME}-evil`, await ctx())).toMatchObject({ ok: true });
  });

  it('reads the hosts from configuration only, never from registryBaseUrl', async () => {
    const before = victim.requests.length;
    const p = { ...crate(), registryBaseUrl: `https://127.0.0.1:${victim.port}` };
    expect(await verifyPackage(p, NAME, await ctx())).toMatchObject({ ok: true });
    expect(victim.requests.length).toBe(before);
  });
});

describe('cargo: the README host answers 403 — the crate API says why', () => {
  it('a version crates.io does not have', async () => {
    const before = cargo.requests.length;
    const r = await verifyPackage(crate('9.9.9'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-cargo' });
    expect(r.detail).toContain('crate weather-mcp version 9.9.9 is not on crates.io');
    expect(paths(cargo, before)).toEqual([
      '/readmes/weather-mcp/weather-mcp-9.9.9.html',
      '/api/v1/crates/weather-mcp/9.9.9',
    ]);
  });

  it('a version published without a README', async () => {
    const r = await verifyPackage(crate('3.0.0'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-cargo' });
    expect(r.detail).toContain('exists but crates.io has no rendered README');
  });

  it('a crate named in another spelling than the published one', async () => {
    const r = await verifyPackage(crate('0.1.0', 'Weather-CLI'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, rule: 'artifact-cargo' });
    expect(r.detail).toContain('crates.io names this crate "weather_cli"');
  });

  it('the crate API failing is a network failure with a retry hint', async () => {
    cargo.script({ path: '/api/v1/crates/weather-mcp/9.9.9', behaviour: { status: 503 }, once: true });
    const r = await verifyPackage(crate('9.9.9'), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, retryable: true, rule: 'network-failure' });
    expect(r.detail).toContain('the README was not found, and the crate API could not say why');
  });

  it('fails without a version, before any request', async () => {
    const before = cargo.requests.length;
    const { version: _, ...noVersion } = crate();
    expect(await verifyPackage(noVersion as PackageJson, NAME, await ctx())).toMatchObject({
      ok: false,
      rule: 'artifact-cargo',
    });
    expect(cargo.requests.length).toBe(before);
  });
});

describe('cargo: fail closed', () => {
  const README = '/readmes/weather-mcp/weather-mcp-1.0.0.html';
  it('a 429 is a failed check with a retry hint', async () => {
    cargo.script({ path: README, behaviour: { status: 429, headers: { 'retry-after': '60' } }, once: true });
    const r = await verifyPackage(crate(), NAME, await ctx());
    expect(r).toMatchObject({ ok: false, retryable: true, rule: 'network-failure' });
    expect(r.detail).toMatch(/429.*retry after 60 s/);
  });
  it('a 5xx is a failed check with a retry hint', async () => {
    cargo.script({ path: README, behaviour: { status: 500 }, once: true });
    expect(await verifyPackage(crate(), NAME, await ctx())).toMatchObject({
      ok: false,
      retryable: true,
      rule: 'network-failure',
    });
  });
  it('a timeout is a failed check with a retry hint', async () => {
    cargo.script({ path: README, behaviour: { delayMs: 2_000 }, once: true });
    const r = await verifyPackage(crate(), NAME, await ctx({ network: { timeoutMs: 250 } }));
    expect(r).toMatchObject({ ok: false, retryable: true, rule: 'network-failure' });
  });
  it('an oversized README is a failed check', async () => {
    cargo.script({ path: README, behaviour: { oversized: 300_000 }, once: true });
    const r = await verifyPackage(crate(), NAME, await ctx({ network: { maxResponseBytes: 100_000 } }));
    expect(r).toMatchObject({ ok: false, rule: 'network-failure' });
    expect(r.detail).toContain('cap');
  });
  it('a redirect to a loopback address not allowed is refused', async () => {
    cargo.script({ path: README, behaviour: { redirect: `https://127.0.0.1:${victim.port}/steal` }, once: true });
    const before = victim.requests.length;
    const r = await verifyPackage(crate(), NAME, await ctx({ allowLoopback: false, allowLoopbackPorts: [cargo.port] }));
    expect(r).toMatchObject({ ok: false, rule: 'network-failure' });
    expect(victim.requests.length).toBe(before);
  });
});

describe('cargo in verifyArtifacts (what the gate gathers)', () => {
  it('is checked beside the other packages, one proof in document order', async () => {
    const server: ServerJson = {
      name: NAME,
      version: '1.0.0',
      description: 'x',
      packages: [crate(), crate('1.1.0')],
    };
    const proofs = await verifyArtifacts(server, await ctx());
    expect(proofs.map((p) => [p.check, p.ok, p.jsonPath])).toEqual([
      ['cargo-mcp-name', true, '$.packages[0]'],
      ['cargo-mcp-name', false, '$.packages[1]'],
    ]);
  });
});

describe('readmeUrl', () => {
  it("is crates.io's layout, each part URL-encoded, the base without its trailing slash", () => {
    expect(readmeUrl('https://static.crates.io/', 'serde_json', '1.0.0+build.1')).toBe(
      'https://static.crates.io/readmes/serde_json/serde_json-1.0.0%2Bbuild.1.html',
    );
  });
});

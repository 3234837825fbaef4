import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  activeTestHooks,
  ENV_OVERRIDES,
  loadConfig,
  parseConfig,
  testHooksWarning,
} from '../../scripts/config/config.ts';
import { ConfigError } from '../../scripts/core/errors.ts';
import { cli } from '../helpers/cli.ts';

describe('registry.config.json', () => {
  it('every field has a working default', () => {
    const c = parseConfig({});
    expect(c.pageSize).toBe(100);
    expect(c.registries.npm.baseUrl).toMatch(/^https:\/\//);
    expect(c.network.testing.allowLoopback).toBe(false);
    expect(c.metaKey).toMatch(/\//);
  });
  it('names each wrong field', () => {
    let message = '';
    try {
      parseConfig({ pageSize: 0, metaKey: 'nope', registries: { npm: { baseUrl: 'http://x' } } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^ {2}pageSize: .*>=1$/m);
    expect(message).toMatch(/^ {2}metaKey: must be a reverse-DNS key/m);
    expect(message).toMatch(/^ {2}registries\.npm\.baseUrl: must be an absolute https/m);
  });
  it('refuses unknown top-level fields', () => {
    expect(() => parseConfig({ pagesize: 10 })).toThrowError(ConfigError);
  });
  it('environment variables override network endpoints, and are validated', () => {
    const c = parseConfig({}, 'x', { GITHUB_API_URL: 'http://127.0.0.1:9999', REGISTRY_TEST_ALLOW_LOOPBACK: '1' });
    expect(c.network.githubApiUrl).toBe('http://127.0.0.1:9999');
    expect(c.network.testing.allowLoopback).toBe(true);
    expect(() => parseConfig({}, 'x', { REGISTRY_NPM_URL: 'not a url' })).toThrowError(/registries\.npm\.baseUrl/);
  });
  it('loads the file from a root, and reports invalid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'registry.config.json'), '{"siteTitle": "Acme MCP"}');
    expect(loadConfig(dir, {}).siteTitle).toBe('Acme MCP');
    writeFileSync(join(dir, 'registry.config.json'), '{oops');
    expect(() => loadConfig(dir, {})).toThrowError(/not valid JSON/);
  });
});

describe('test hooks (network.testing, REGISTRY_TEST_*)', () => {
  const hooksEnv = {
    REGISTRY_TEST_ALLOW_LOOPBACK: 'true',
    REGISTRY_TEST_ALLOW_LOOPBACK_PORTS: '4431, 4432',
    REGISTRY_TEST_HOST_MAP: 'example.com=127.0.0.1:4431,github.com=127.0.0.1',
    REGISTRY_TEST_EXTRA_CA_FILE: '/tmp/ca.pem',
    REGISTRY_TEST_OCI_ENDPOINTS: 'docker.io=https://127.0.0.1:4432',
  };

  it('every test hook sits in network.testing and has one REGISTRY_TEST_* variable', () => {
    const c = parseConfig({}, 'x', hooksEnv);
    expect(c.network.testing).toEqual({
      allowLoopback: true,
      allowLoopbackPorts: [4431, 4432],
      hostMap: { 'example.com': '127.0.0.1:4431', 'github.com': '127.0.0.1' },
      extraCaFile: '/tmp/ca.pem',
      ociEndpoints: { 'docker.io': 'https://127.0.0.1:4432' },
    });
    expect(Object.keys(ENV_OVERRIDES).filter((v) => v.startsWith('REGISTRY_TEST_'))).toEqual(Object.keys(hooksEnv));
  });

  it('none is set by default; each one set is named', () => {
    expect(activeTestHooks(parseConfig({}))).toEqual([]);
    expect(testHooksWarning(parseConfig({}))).toBeUndefined();
    for (const [name, value] of Object.entries(hooksEnv)) {
      const active = activeTestHooks(parseConfig({}, 'x', { [name]: value }));
      expect(active, name).toHaveLength(1);
      expect(active[0], name).toMatch(/^network\.testing\./);
    }
    expect(activeTestHooks(parseConfig({}, 'x', hooksEnv))).toHaveLength(5);
    expect(activeTestHooks(parseConfig({}, 'x', { REGISTRY_TEST_ALLOW_LOOPBACK: '0' }))).toEqual([]);
  });

  it('the old names are gone: old variables do nothing, old fields are refused', () => {
    const c = parseConfig({}, 'x', { REGISTRY_ALLOW_LOOPBACK: '1', REGISTRY_HOST_MAP: 'a.test=127.0.0.1' });
    expect(activeTestHooks(c)).toEqual([]);
    expect(() => parseConfig({ network: { allowLoopback: true } })).toThrowError(
      /network: Unrecognized key.*allowLoopback/,
    );
    expect(() => parseConfig({ registries: { oci: { endpointOverrides: {} } } })).toThrowError(/registries\.oci: /);
    expect(() => parseConfig({ network: { testing: { hostmap: {} } } })).toThrowError(/network\.testing: /);
  });

  it('loadConfig warns once, naming the hooks set in the file or the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'registry.config.json'), JSON.stringify({ network: { testing: { allowLoopback: true } } }));
    const lines: string[] = [];
    loadConfig(dir, { REGISTRY_TEST_HOST_MAP: 'a.test=127.0.0.1' }, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Warning: test hooks are set \(network\.testing\.allowLoopback, network\.testing\.hostMap\)/,
    );
    lines.length = 0;
    loadConfig(mkdtempSync(join(tmpdir(), 'cfg-')), {}, (l) => lines.push(l));
    expect(lines).toEqual([]);
  });

  it('a command run with a test hook says so on stderr, one line, and still works', () => {
    const quiet = cli(['validate']);
    expect(quiet.stderr).not.toMatch(/test hooks/);
    const r = cli(['validate'], undefined, { REGISTRY_TEST_OCI_ENDPOINTS: 'docker.io=https://127.0.0.1:4432' });
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('test hooks'))).toEqual([
      expect.stringMatching(/^Warning: test hooks are set \(network\.testing\.ociEndpoints\): .*REGISTRY_TEST_\*/),
    ]);
  });
});

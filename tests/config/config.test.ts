import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../scripts/config/config.ts';
import { ConfigError } from '../../scripts/core/errors.ts';

describe('registry.config.json', () => {
  it('every field has a working default', () => {
    const c = parseConfig({});
    expect(c.pageSize).toBe(100);
    expect(c.registries.npm.baseUrl).toMatch(/^https:\/\//);
    expect(c.network.allowLoopback).toBe(false);
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
    const c = parseConfig({}, 'x', { GITHUB_API_URL: 'http://127.0.0.1:9999', REGISTRY_ALLOW_LOOPBACK: '1' });
    expect(c.network.githubApiUrl).toBe('http://127.0.0.1:9999');
    expect(c.network.allowLoopback).toBe(true);
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

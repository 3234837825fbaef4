import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/docs.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'new-cli-'));
  cpSync(join(REPO_ROOT, 'servers'), join(root, 'servers'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const read = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

describe('npm run new', () => {
  it('copies the latest version and moves package versions along', () => {
    const r = cli(['new', 'io.github.domdomegg/airtable-mcp-server', '1.8.0', '--root', root]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('copied from 1.7.3');
    expect(r.stdout).toContain('open a pull request');
    const doc = read('servers/io.github.domdomegg/airtable-mcp-server/1.8.0/server.json');
    expect(doc.version).toBe('1.8.0');
    expect(doc.packages[0].version).toBe('1.8.0');
    expect(doc.packages[1].identifier).toBe('docker.io/domdomegg/airtable-mcp-server:1.8.0');
    expect(r.stdout).toContain('fileSha256');
  });

  it('--from picks the version to copy', () => {
    const r = cli(['new', 'io.github.domdomegg/airtable-mcp-server', '1.7.4', '--from', '1.7.2', '--root', root]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('copied from 1.7.2');
  });

  it('writes a minimal valid document for a new server', () => {
    const r = cli(['new', 'com.example/weather', '0.1.0', '--root', root]);
    expect(r.status).toBe(0);
    const doc = read('servers/com.example/weather/0.1.0/server.json');
    expect(doc).toMatchObject({ name: 'com.example/weather', version: '0.1.0' });
    expect(doc.$schema).toMatch(/2025-12-11/);
    expect(r.stdout).toContain('0 errors');
  });

  it.each([
    [['new', 'io.github.domdomegg/airtable-mcp-server', '1.7.3'], 1, /already exists/],
    [['new', 'bad name', '1.0.0'], 2, /exactly one "\/"/],
    [['new', 'com.example/weather', 'latest'], 2, /reserved/],
    [['new', 'com.example/weather', '^1.0.0'], 2, /starts with "\^"/],
    [['new', 'com.example/weather', '../x'], 2, /cannot be a version/],
    [['new', 'com.example/weather'], 2, /Give a server name and a version/],
  ])('refuses %j', (args, status, message) => {
    const r = cli([...(args as string[]), '--root', root]);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(root, 'servers/com.example'))).toBe(false);
  });
});

/** The documented publisher flow end to end: generate a key, sign, publish the printed record, verify. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../scripts/commands/sign.ts';
import { UsageError, UserError } from '../../scripts/core/errors.ts';
import { createFetchContext } from '../../scripts/net/context.ts';
import { verifyDomainNamespace } from '../../scripts/proofs/domain.ts';
import { fakeConfig, startDnsFake, type DnsFake } from '../fakes/index.ts';

let dns: DnsFake;
beforeAll(async () => {
  dns = await startDnsFake();
});
afterAll(() => dns.close());

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), out };
  } finally {
    spy.mockRestore();
  }
}

function serverJson(dir: string, name: string): string {
  const folder = join(dir, 'servers', name.split('/')[0]!, name.split('/')[1]!, '1.0.0');
  execFileSync('mkdir', ['-p', folder]);
  const file = join(folder, 'server.json');
  writeFileSync(file, `{\n  "name": "${name}",\n  "version": "1.0.0",\n  "description": "Weather"\n}\n`);
  return file;
}

async function verify(namespace: string, file: string) {
  const ctx = createFetchContext(
    await fakeConfig({ dns: dns.address, hostMap: { [namespace.split('.').reverse().join('.')]: '127.0.0.1:1' } }),
  );
  return verifyDomainNamespace(
    namespace,
    [{ file, bytes: readFileSync(file), signature: readFileSync(`${file}.sig`, 'utf8') }],
    ctx,
  );
}

describe('npm run sign', () => {
  it('--generate-key writes a key, signs, and prints the record that then proves the namespace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-'));
    const file = serverJson(dir, 'com.example/weather');
    const key = join(dir, 'key.pem');
    const { code, out } = await run([file, '--generate-key', key]);
    expect(code).toBe(0);
    expect(readFileSync(key, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(`${file}.sig`, 'utf8')).toMatch(/^[0-9a-f]{128}\n$/);
    expect(out).toContain('DNS TXT record at example.com');
    expect(out).toContain('https://example.com/.well-known/mcp-registry-auth');
    const record = out.match(/v=MCPv1; k=ed25519; p=[A-Za-z0-9+/=]+/)![0];

    // Before the record is published: not granted.
    expect((await verify('com.example', file)).granted).toBe(false);
    dns.records['example.com'] = [record];
    expect((await verify('com.example', file)).granted).toBe(true);

    // Editing the file after signing breaks the proof; signing again with --key restores it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('Weather', 'Weather!'));
    expect((await verify('com.example', file)).granted).toBe(false);
    expect((await run([file, '--key', key])).code).toBe(0);
    expect((await verify('com.example', file)).granted).toBe(true);
  });

  it('accepts an Ed25519 key made by openssl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-'));
    const key = join(dir, 'openssl.pem');
    try {
      execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key], { stdio: 'ignore' });
    } catch {
      console.warn('openssl not available: skipping the openssl interop half of this test');
      return;
    }
    const file = serverJson(dir, 'org.openssl-user/tool');
    const { code, out } = await run([file, '--key', key]);
    expect(code).toBe(0);
    dns.records['openssl-user.org'] = [out.match(/v=MCPv1; k=ed25519; p=[A-Za-z0-9+/=]+/)![0]];
    expect((await verify('org.openssl-user', file)).granted).toBe(true);
  });

  it('reports mistakes without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-'));
    const file = serverJson(dir, 'com.example/weather');
    await expect(run([file])).rejects.toThrow(UsageError);
    await expect(run([file, '--key', join(dir, 'missing.pem')])).rejects.toThrow(UserError);
    await expect(run([file, '--key', file])).rejects.toThrow(UserError);
    writeFileSync(join(dir, 'existing.pem'), 'x');
    await expect(run(['--generate-key', join(dir, 'existing.pem')])).rejects.toThrow(/refusing to overwrite/);
    expect(existsSync(`${file}.sig`)).toBe(false);
  });
});

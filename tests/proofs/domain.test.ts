/** Domain proofs against a real DNS responder and an HTTPS well-known host on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchContext } from '../../scripts/net/context.ts';
import { judgeDomainNamespace, lookupDomainKeys, verifyDomainNamespace } from '../../scripts/proofs/domain.ts';
import { formatAuthRecord } from '../../scripts/proofs/record.ts';
import { generateSigningKey, signBytes } from '../../scripts/proofs/signature.ts';
import { fakeConfig, startDnsFake, startWellKnownFake, type DnsFake, type HttpsFake } from '../fakes/index.ts';

const dnsKey = generateSigningKey();
const httpKey = generateSigningKey();
const strangerKey = generateSigningKey();
const doc = (name: string) => new TextEncoder().encode(`{\n  "name": "${name}",\n  "version": "1.0.0"\n}\n`);
const signed = (
  name: string,
  pem: string,
  file = `servers/${name.split('/')[0]}/${name.split('/')[1]}/1.0.0/server.json`,
) => {
  const bytes = doc(name);
  return { file, bytes, signature: signBytes(bytes, pem).signatureHex };
};

let dns: DnsFake;
let web: HttpsFake & { files: Record<string, string> };
const mapped = [
  'example.com',
  'api.example.com',
  'httponly.org',
  'api.httponly.org',
  'redirect.net',
  'big.net',
  'nocontent.net',
  'example.co.uk',
  'broken.io',
  'nothing.com',
];

beforeAll(async () => {
  dns = await startDnsFake({
    records: {
      'example.com': ['v=spf1 -all', formatAuthRecord(dnsKey.publicKey)],
      'example.co.uk': [formatAuthRecord(dnsKey.publicKey)],
    },
    failures: { 'broken.io': 'SERVFAIL' },
  });
  web = await startWellKnownFake({
    files: {
      'httponly.org': formatAuthRecord(httpKey.publicKey),
      'big.net': `${formatAuthRecord(httpKey.publicKey)}\n${'#'.repeat(5000)}`,
    },
    hostnames: mapped,
  });
  web.script({
    path: '/.well-known/mcp-registry-auth',
    host: 'redirect.net',
    behaviour: { redirect: 'https://httponly.org/.well-known/mcp-registry-auth' },
  });
  web.script({
    path: '/.well-known/mcp-registry-auth',
    host: 'nocontent.net',
    behaviour: { status: 203, body: formatAuthRecord(httpKey.publicKey) },
  });
});
afterAll(async () => {
  await dns.close();
  await web.close();
});

async function ctx() {
  return createFetchContext(
    await fakeConfig({
      dns: dns.address,
      hostMap: Object.fromEntries(mapped.map((h) => [h, `127.0.0.1:${web.port}`])),
    }),
  );
}

describe('DNS TXT proof', () => {
  it('grants the namespace with a signature over the exact bytes', async () => {
    const r = await verifyDomainNamespace(
      'com.example',
      [signed('com.example/weather', dnsKey.privateKeyPem)],
      await ctx(),
    );
    expect(r.granted).toBe(true);
    expect(r.proofs.map((p) => [p.check, p.ok])).toEqual([
      ['domain-dns', true],
      ['domain-http', false],
      ['signature', true],
    ]);
    expect(r.proofs[2]!.detail).toContain('DNS TXT at example.com');
  });
  it('grants sub-namespaces (com.example.api) and label-wise reversed domains (uk.co.example)', async () => {
    expect(
      (await verifyDomainNamespace('com.example.api', [signed('com.example.api/x', dnsKey.privateKeyPem)], await ctx()))
        .granted,
    ).toBe(true);
    expect(
      (await verifyDomainNamespace('uk.co.example', [signed('uk.co.example/x', dnsKey.privateKeyPem)], await ctx()))
        .granted,
    ).toBe(true);
    expect(dns.queries).toEqual(
      expect.arrayContaining(['TXT api.example.com', 'TXT example.com', 'TXT example.co.uk']),
    );
  });
  it('refuses a signature over other bytes', async () => {
    const s = signed('com.example/weather', dnsKey.privateKeyPem);
    const tampered = { ...s, bytes: doc('com.example/weather2') };
    const r = await verifyDomainNamespace('com.example', [tampered], await ctx());
    expect(r.granted).toBe(false);
    expect(r.proofs.find((p) => p.check === 'signature')).toMatchObject({
      ok: false,
      rule: 'proof-signature',
      detail: expect.stringContaining('exact bytes'),
    });
  });
  it('refuses a signature by a key the domain does not publish, and a missing signature', async () => {
    expect(
      (
        await verifyDomainNamespace(
          'com.example',
          [signed('com.example/weather', strangerKey.privateKeyPem)],
          await ctx(),
        )
      ).granted,
    ).toBe(false);
    const { file, bytes } = signed('com.example/weather', dnsKey.privateKeyPem);
    const r = await verifyDomainNamespace('com.example', [{ file, bytes }], await ctx());
    expect(r.granted).toBe(false);
    expect(r.proofs.at(-1)).toMatchObject({
      ok: false,
      rule: 'proof-signature',
      detail: expect.stringContaining('npm run sign'),
    });
  });
  it('a domain with no record grants nothing', async () => {
    const r = await verifyDomainNamespace('com.nothing', [signed('com.nothing/x', dnsKey.privateKeyPem)], await ctx());
    expect(r.granted).toBe(false);
    expect(r.proofs[0]).toMatchObject({ check: 'domain-dns', ok: false, rule: 'proof-domain-dns' });
  });
  it('fails closed when the resolver fails (SERVFAIL), with a retry hint', async () => {
    const r = await verifyDomainNamespace('io.broken', [signed('io.broken/x', dnsKey.privateKeyPem)], await ctx());
    expect(r.granted).toBe(false);
    expect(r.proofs[0]).toMatchObject({ check: 'domain-dns', ok: false, rule: 'network-failure', retryable: true });
  });
});

describe('HTTP well-known proof', () => {
  it('grants the exact namespace', async () => {
    const r = await verifyDomainNamespace(
      'org.httponly',
      [signed('org.httponly/tool', httpKey.privateKeyPem)],
      await ctx(),
    );
    expect(r.granted).toBe(true);
    expect(r.proofs.find((p) => p.check === 'domain-http')).toMatchObject({
      ok: true,
      subject: 'https://httponly.org/.well-known/mcp-registry-auth',
    });
  });
  it('does not grant a sub-namespace', async () => {
    const before = web.requests.length;
    const r = await verifyDomainNamespace(
      'org.httponly.api',
      [signed('org.httponly.api/tool', httpKey.privateKeyPem)],
      await ctx(),
    );
    expect(r.granted).toBe(false);
    // It asked api.httponly.org, which has no file; httponly.org's file was not consulted.
    expect(web.requests.slice(before).map((q) => q.host)).toEqual(['api.httponly.org']);
  });
  it('ignores a lookup made for the parent namespace when judging a sub-namespace', async () => {
    const parent = await lookupDomainKeys('org.httponly', await ctx());
    const r = judgeDomainNamespace('org.httponly.api', parent, [
      signed('org.httponly.api/tool', httpKey.privateKeyPem),
    ]);
    expect(r.granted).toBe(false);
    expect(r.proofs.find((p) => p.check === 'domain-scope')).toMatchObject({ ok: false });
  });
  it('refuses a redirect, a non-200 status and a body over 4096 bytes', async () => {
    for (const ns of ['net.redirect', 'net.nocontent', 'net.big']) {
      const r = await verifyDomainNamespace(ns, [signed(`${ns}/tool`, httpKey.privateKeyPem)], await ctx());
      expect(r.granted, ns).toBe(false);
      expect(
        r.proofs.find((p) => p.check === 'domain-http'),
        ns,
      ).toMatchObject({ ok: false });
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  domainNamespace,
  formatAuthRecord,
  keysFromRecords,
  namespaceDomain,
  parseAuthRecord,
} from '../../scripts/proofs/record.ts';
import { decodeSignature, generateSigningKey, signBytes, verifySignature } from '../../scripts/proofs/signature.ts';
import { dnsCandidates, keyGrants } from '../../scripts/proofs/domain.ts';

describe('namespace ↔ domain', () => {
  it('reverses label-wise', () => {
    expect(namespaceDomain('com.example')).toBe('example.com');
    expect(namespaceDomain('uk.co.example')).toBe('example.co.uk');
    expect(namespaceDomain('com.example.api')).toBe('api.example.com');
    expect(domainNamespace('example.co.uk')).toBe('uk.co.example');
  });
  it('has no domain for io.github namespaces or malformed ones', () => {
    expect(namespaceDomain('io.github.alice')).toBeUndefined();
    expect(namespaceDomain('com')).toBeUndefined();
    expect(namespaceDomain('com.-bad')).toBeUndefined();
  });
  it('looks for DNS records at the domain and its parents, never at a bare TLD', () => {
    expect(dnsCandidates('api.example.com')).toEqual(['api.example.com', 'example.com']);
    expect(dnsCandidates('example.co.uk')).toEqual(['example.co.uk', 'co.uk']);
  });
  it('a DNS key grants the subtree, an HTTP key the exact namespace', () => {
    expect(keyGrants({ source: 'dns', domain: 'example.com' }, 'com.example')).toBe(true);
    expect(keyGrants({ source: 'dns', domain: 'example.com' }, 'com.example.api')).toBe(true);
    expect(keyGrants({ source: 'dns', domain: 'example.com' }, 'com.exampleevil')).toBe(false);
    expect(keyGrants({ source: 'http', domain: 'example.com' }, 'com.example')).toBe(true);
    expect(keyGrants({ source: 'http', domain: 'example.com' }, 'com.example.api')).toBe(false);
  });
});

describe('the MCPv1 record', () => {
  const key = generateSigningKey();
  const record = formatAuthRecord(key.publicKey);
  it('round-trips', () => {
    expect(record).toMatch(/^v=MCPv1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    const parsed = parseAuthRecord(record);
    expect(parsed.ok && Buffer.from(parsed.key).equals(Buffer.from(key.publicKey))).toBe(true);
    expect(parseAuthRecord(`p=${record.split('p=')[1]};k=ed25519;  v=MCPv1`).ok).toBe(true);
  });
  it('rejects other versions, key types and key sizes', () => {
    expect(parseAuthRecord('v=MCPv2; k=ed25519; p=AAAA').ok).toBe(false);
    expect(parseAuthRecord(`v=MCPv1; k=ecdsap384; p=${Buffer.alloc(49).toString('base64')}`)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ecdsap384'),
    });
    expect(parseAuthRecord(`v=MCPv1; k=ed25519; p=${Buffer.alloc(31).toString('base64')}`)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('31 bytes'),
    });
  });
  it('picks MCPv1 records out of unrelated TXT records', () => {
    const found = keysFromRecords(['v=spf1 -all', 'google-site-verification=x', record, 'v=MCPv1; k=ed25519; p=!!']);
    expect(found.keys).toHaveLength(1);
    expect(found.rejected).toHaveLength(1);
  });
});

describe('verifySignature (pure)', () => {
  const bytes = new TextEncoder().encode('{"name":"com.example/weather","version":"1.0.0"}\n');
  const a = generateSigningKey();
  const b = generateSigningKey();
  const { signatureHex } = signBytes(bytes, a.privateKeyPem);
  it('verifies the exact bytes with the right key, in hex or base64', () => {
    expect(verifySignature(bytes, signatureHex, [b.publicKey, a.publicKey])).toBe(1);
    expect(verifySignature(bytes, Buffer.from(signatureHex, 'hex').toString('base64'), [a.publicKey])).toBe(0);
    expect(verifySignature(bytes, `${signatureHex}\n`, [a.publicKey])).toBe(0);
  });
  it('fails for other bytes (even one changed byte or added whitespace), another key, or garbage', () => {
    const other = new TextEncoder().encode('{"name":"com.example/weather","version":"1.0.1"}\n');
    expect(verifySignature(other, signatureHex, [a.publicKey])).toBe(-1);
    expect(
      verifySignature(new TextEncoder().encode(`${new TextDecoder().decode(bytes)} `), signatureHex, [a.publicKey]),
    ).toBe(-1);
    expect(verifySignature(bytes, signatureHex, [b.publicKey])).toBe(-1);
    expect(verifySignature(bytes, 'zz', [a.publicKey])).toBe(-1);
    expect(decodeSignature('00'.repeat(63))).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupTxt } from '../../scripts/net/dns.ts';
import { fakeConfig, startDnsFake, type DnsFake } from '../fakes/index.ts';

let dns: DnsFake;
beforeAll(async () => {
  dns = await startDnsFake({
    records: {
      'example.com': ['v=spf1 -all', `v=MCPv1; k=ed25519; p=${'A'.repeat(43)}=`],
      'long.example': ['x'.repeat(600)],
      'empty.example': [],
    },
    failures: { 'broken.example': 'SERVFAIL', 'silent.example': 'drop' },
  });
});
afterAll(() => dns.close());

describe('lookupTxt through the configured resolver', () => {
  it('returns every TXT value, long values joined', async () => {
    const network = (await fakeConfig({ dns: dns.address })).network;
    const r = await lookupTxt('example.com', network);
    expect(r).toEqual({ ok: true, records: ['v=spf1 -all', `v=MCPv1; k=ed25519; p=${'A'.repeat(43)}=`] });
    expect(await lookupTxt('long.example', network)).toEqual({ ok: true, records: ['x'.repeat(600)] });
    expect(dns.queries).toContain('TXT example.com');
  });

  it('treats NXDOMAIN and no data as "no record"', async () => {
    const network = (await fakeConfig({ dns: dns.address })).network;
    expect(await lookupTxt('nothing.example', network)).toEqual({ ok: true, records: [] });
    expect(await lookupTxt('empty.example', network)).toEqual({ ok: true, records: [] });
  });

  it('fails closed on SERVFAIL and on silence, with a retry hint', async () => {
    const network = (await fakeConfig({ dns: dns.address, network: { timeoutMs: 300 } })).network;
    expect(await lookupTxt('broken.example', network)).toMatchObject({ ok: false, retryable: true });
    expect(await lookupTxt('silent.example', network)).toMatchObject({ ok: false, retryable: true });
  });
});

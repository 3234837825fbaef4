import { describe, expect, it } from 'vitest';
import { addressAllowed, classifyAddress } from '../../scripts/net/address.ts';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['140.82.112.3', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:0a00:0001::1', 'private'],
    ['2001:db8::1', 'documentation'],
    ['203.0.113.80', 'documentation'],
    ['198.18.0.5', 'documentation'],
    ['192.0.0.8', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['not-an-ip', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('addressAllowed', () => {
  const closed = { allowLoopback: false, allowLoopbackPorts: [] as number[] };
  it('refuses loopback by default, allows public', () => {
    expect(addressAllowed('127.0.0.1', 443, closed)).toBe(false);
    expect(addressAllowed('::1', 443, closed)).toBe(false);
    expect(addressAllowed('1.1.1.1', 443, closed)).toBe(true);
    // Documentation ranges route nowhere internal (sandbox egress proxies use them for real hosts).
    expect(addressAllowed('203.0.113.80', 443, closed)).toBe(true);
    expect(addressAllowed('240.0.0.1', 443, closed)).toBe(false);
  });
  it('allowLoopback opens loopback only, never private ranges', () => {
    const open = { allowLoopback: true, allowLoopbackPorts: [] };
    expect(addressAllowed('127.0.0.1', 1234, open)).toBe(true);
    expect(addressAllowed('::1', 1234, open)).toBe(true);
    expect(addressAllowed('10.0.0.1', 1234, open)).toBe(false);
    expect(addressAllowed('169.254.169.254', 80, open)).toBe(false);
  });
  it('allowLoopbackPorts opens loopback on the listed ports only', () => {
    const ports = { allowLoopback: false, allowLoopbackPorts: [4431] };
    expect(addressAllowed('127.0.0.1', 4431, ports)).toBe(true);
    expect(addressAllowed('127.0.0.1', 4432, ports)).toBe(false);
  });
});

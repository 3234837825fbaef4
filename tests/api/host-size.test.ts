import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesUnder, decidePrefixes, servedSize } from '../../scripts/api/host-size.ts';
import type { Output } from '../../scripts/api/outputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'registry-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bytesUnder', () => {
  it('adds the files below a folder, skips the named top-level entries and never follows links', () => {
    mkdirSync(join(dir, 'site/deep'), { recursive: true });
    mkdirSync(join(dir, 'v0.1'));
    writeFileSync(join(dir, 'index.html'), 'x'.repeat(10));
    writeFileSync(join(dir, 'site/deep/page.html'), 'y'.repeat(32));
    writeFileSync(join(dir, 'v0.1/big.json'), 'z'.repeat(1000));
    symlinkSync('v0.1', join(dir, 'v0'));
    expect(bytesUnder(dir, new Set(['v0.1']))).toBe(42);
    expect(bytesUnder(dir)).toBe(1042);
  });
});

describe('decidePrefixes', () => {
  const both = ['v0.1', 'v0'];
  it('serves /v0 and says nothing while the site fits, or when the check is off', () => {
    expect(decidePrefixes({ ownBytes: 400, otherBytes: 100, limit: 1000, serveV0: 'auto' })).toEqual({
      prefixes: both,
      servedBytes: 900,
      droppedV0: false,
    });
    expect(decidePrefixes({ ownBytes: 5e9, otherBytes: 0, limit: 0, serveV0: 'auto' })).toEqual({
      prefixes: both,
      servedBytes: 1e10,
      droppedV0: false,
    });
  });

  it('"auto" leaves /v0 out when it would pass the limit, and says so with both figures', () => {
    const d = decidePrefixes({ ownBytes: 0.58e9, otherBytes: 0.13e9, limit: 1e9, serveV0: 'auto' });
    expect(d).toMatchObject({ prefixes: ['v0.1'], servedBytes: 0.71e9, droppedV0: true });
    expect(d.warning).toMatch(
      /^\/v0 is not served: with it dist\/ would serve 1\.29 GB, over the 1\.00 GB .*; without it, 0\.71 GB\./,
    );
    expect(d.warning).toMatch(/"serveV0": false/);
  });

  it('"auto" still over without /v0: the size warning, noting /v0 is already out', () => {
    const d = decidePrefixes({ ownBytes: 1.9e9, otherBytes: 0.1e9, limit: 1e9, serveV0: 'auto' });
    expect(d).toMatchObject({ prefixes: ['v0.1'], droppedV0: true });
    expect(d.warning).toMatch(
      /^dist\/ serves 2\.00 GB, over the 1\.00 GB the host accepts \(siteSizeLimit\): GitHub Pages would refuse/,
    );
    expect(d.warning).toMatch(/already left out/);
  });

  it('true keeps /v0 and names what leaving it out would give, or that it would still be over', () => {
    const d = decidePrefixes({ ownBytes: 0.6e9, otherBytes: 0.1e9, limit: 1e9, serveV0: true });
    expect(d).toMatchObject({ prefixes: both, servedBytes: 1.3e9, droppedV0: false });
    expect(d.warning).toMatch(/serves 1\.30 GB, over the 1\.00 GB[\s\S]*about 0\.70 GB\.\n/);
    expect(decidePrefixes({ ownBytes: 1.9e9, otherBytes: 0.2e9, limit: 1e9, serveV0: true }).warning).toMatch(
      /about 2\.10 GB \(still over\)/,
    );
  });

  it('false never serves /v0 and does not suggest it', () => {
    const d = decidePrefixes({ ownBytes: 1.8e9, otherBytes: 0.2e9, limit: 1e9, serveV0: false });
    expect(d).toMatchObject({ prefixes: ['v0.1'], droppedV0: false });
    expect(d.warning).not.toMatch(/serveV0|\/v0 /);
    expect(decidePrefixes({ ownBytes: 1, otherBytes: 1, limit: 1000, serveV0: false }).warning).toBeUndefined();
  });
});

describe('servedSize', () => {
  const file = (path: string): Output => ({ path, parts: [] });
  const alias = (path: string, sameAs: string): Output => ({ path, sameAs });
  const link = (path: string, symlinkTo: string): Output => ({ path, symlinkTo });
  it.each<{ why: string; outputs: Output[]; sizes: Record<string, number>; files: number; bytes: number }>([
    {
      why: 'no links: each file and alias once',
      outputs: [file('a/x'), alias('a/y', 'a/x')],
      sizes: { 'a/x': 3, 'a/y': 3 },
      files: 2,
      bytes: 6,
    },
    {
      why: 'a folder link serves its target folder again',
      outputs: [file('v0.1/a'), file('v0.1/b/c'), file('top'), link('v0', 'v0.1')],
      sizes: { 'v0.1/a': 10, 'v0.1/b/c': 5, top: 100 },
      files: 5,
      bytes: 130,
    },
    {
      why: 'a link inside a linked folder is reached through both (the %2F spelling under /v0)',
      outputs: [file('v0.1/s/n/x'), link('v0.1/s/n%2Fx', 'n'), link('v0', 'v0.1')],
      sizes: { 'v0.1/s/n/x': 7 },
      // x itself, x through n%2Fx, then /v0 serves both again
      files: 4,
      bytes: 28,
    },
    {
      why: 'a link to a folder with no files adds nothing',
      outputs: [file('a'), link('b', 'empty')],
      sizes: { a: 1 },
      files: 1,
      bytes: 1,
    },
  ])('$why', ({ outputs, sizes, files, bytes }) => {
    expect(servedSize(outputs, new Map(Object.entries(sizes)))).toEqual({ files, bytes });
  });
});

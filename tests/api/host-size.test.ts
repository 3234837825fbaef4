import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesUnder, servedSize, sizeWarning } from '../../scripts/api/host-size.ts';
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

describe('sizeWarning', () => {
  it('is silent under the limit and when the check is off', () => {
    expect(sizeWarning({ servedBytes: 999, apiBytes: 900, limit: 1000, serveV0: true })).toBeUndefined();
    expect(sizeWarning({ servedBytes: 5e9, apiBytes: 5e9, limit: 0, serveV0: true })).toBeUndefined();
  });

  it('names the size, the limit and what turning /v0 off would give, or that it would still be over', () => {
    expect(sizeWarning({ servedBytes: 1.3e9, apiBytes: 1.2e9, limit: 1e9, serveV0: true })).toMatch(
      /serves 1\.30 GB, over the 1\.00 GB[\s\S]*about 0\.70 GB\.\n/,
    );
    expect(sizeWarning({ servedBytes: 4e9, apiBytes: 3.8e9, limit: 1e9, serveV0: true })).toMatch(
      /about 2\.10 GB \(still over\)/,
    );
    expect(sizeWarning({ servedBytes: 2e9, apiBytes: 1.8e9, limit: 1e9, serveV0: false })).not.toMatch(/serveV0/);
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

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesUnder, sizeWarning } from '../../scripts/api/host-size.ts';

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

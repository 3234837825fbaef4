import { describe, expect, it } from 'vitest';
import { codeUnitOrder } from '../../scripts/core/compare.ts';

describe('codeUnitOrder', () => {
  it('is the order of `<`: upper case before `_` before lower case, whatever the locale', () => {
    expect(['b', 'a', '_x', 'B', 'é', 'A1', 'a'].sort(codeUnitOrder)).toEqual(['A1', 'B', '_x', 'a', 'a', 'b', 'é']);
  });

  it('is 0 only for equal strings, and antisymmetric', () => {
    expect(codeUnitOrder('1.0.0', '1.0.0')).toBe(0);
    expect(codeUnitOrder('1.0.0', '1.0.0+b')).toBe(-1);
    expect(codeUnitOrder('1.0.0+b', '1.0.0')).toBe(1);
  });

  it('orders RFC 3339 UTC times by time', () => {
    expect(codeUnitOrder('2026-01-02T00:00:00Z', '2026-01-10T00:00:00Z')).toBe(-1);
  });

  it('compares UTF-16 code units, not UTF-8 bytes (they differ only above the BMP)', () => {
    // U+FFFD is EF BF BD in UTF-8 and sorts before U+1F600 (F0 …) by bytes; as code units \uFFFD > \uD83D.
    expect(codeUnitOrder('\uFFFD', '😀')).toBe(1);
  });
});

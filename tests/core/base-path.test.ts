import { describe, expect, it } from 'vitest';
import { basePrefix, normalizeBasePath } from '../../scripts/core/base-path.ts';

describe('normalizeBasePath and basePrefix', () => {
  it.each([
    ['/', '/', ''],
    ['', '/', ''],
    ['//', '/', ''],
    ['/registry', '/registry/', '/registry'],
    ['/registry/', '/registry/', '/registry'],
    ['registry', '/registry/', '/registry'],
    ['registry//', '/registry/', '/registry'],
    ['/a/b/', '/a/b/', '/a/b'],
  ])('%j → %j and %j', (input, normalized, prefix) => {
    expect(normalizeBasePath(input)).toBe(normalized);
    expect(basePrefix(input)).toBe(prefix);
  });

  it('defaults to the root', () => {
    expect(normalizeBasePath()).toBe('/');
  });
});

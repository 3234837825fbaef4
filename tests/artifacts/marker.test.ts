import { describe, expect, it } from 'vitest';
import { declaredMcpNames, hasMcpNameMarker } from '../../scripts/artifacts/marker.ts';

describe('the mcp-name marker boundary rule', () => {
  const name = 'io.github.alice/foo';
  it.each([
    ['mcp-name: io.github.alice/foo', true],
    ['intro\n<!-- mcp-name: io.github.alice/foo -->\n', true],
    ['mcp-name: io.github.alice/foo\nmore', true],
    ['(mcp-name: io.github.alice/foo)', true],
    ['mcp-name: io.github.alice/foo-evil', false],
    ['mcp-name: io.github.alice/foo.v2', false],
    ['mcp-name: io.github.alice/foo_x', false],
    ['mcp-name: io.github.alice/foo/bar', false],
    ['mcp-name: io.github.alice/foo2', false],
    ['mcp-name:io.github.alice/foo', false],
    ['mcp-name: io.github.alice/fo', false],
    ['mcp-name: IO.GITHUB.ALICE/FOO', false],
    // A later exact occurrence still proves it.
    ['mcp-name: io.github.alice/foo-evil and mcp-name: io.github.alice/foo', true],
  ])('%j proves %s: %s', (text, expected) => {
    expect(hasMcpNameMarker(text, name)).toBe(expected);
  });

  it('names what a text does declare', () => {
    expect(declaredMcpNames('x mcp-name: io.github.alice/foo-evil y')).toEqual(['io.github.alice/foo-evil']);
  });
});

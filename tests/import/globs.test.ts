import { describe, expect, it } from 'vitest';
import { compileGlob, globError, nameFilter } from '../../scripts/import/globs.ts';

describe('globs over namespace/name', () => {
  it.each([
    ['io.github.acme/*', 'io.github.acme/tool', true],
    ['io.github.acme/*', 'io.github.acme-evil/tool', false],
    ['io.github.*/tool', 'io.github.acme/tool', true],
    ['*', 'io.github.acme/tool', false],
    ['**', 'io.github.acme/tool', true],
    ['*/*', 'io.github.acme/tool', true],
    ['com.example/weather-?', 'com.example/weather-2', true],
    ['com.example/weather-?', 'com.example/weather-22', false],
    ['io.github.Acme/*', 'io.github.acme/tool', false],
    ['io.github.acme/tool', 'io.github.acme/tool', true],
    ['io.github.acme/tool', 'io.github.acmextool', false],
  ])('%s matches %s: %s', (glob, name, matches) => expect(compileGlob(glob).test(name)).toBe(matches));

  it('deny wins over allow', () => {
    const f = nameFilter(['io.github.acme/*', 'com.example/*'], ['io.github.acme/internal-*']);
    expect(
      ['io.github.acme/tool', 'io.github.acme/internal-db', 'com.example/x', 'org.other/y'].filter(f.matches),
    ).toEqual(['io.github.acme/tool', 'com.example/x']);
  });

  it.each(['', ' io.github.acme/*', 'io.github.acme/[a-z]', 'a/***', 'a/b{c}'])('refuses %j', (glob) =>
    expect(globError(glob)).toBeTypeOf('string'),
  );
});

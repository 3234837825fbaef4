import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

describe('name rules', () => {
  ruleCases([
    {
      rule: 'name-format',
      why: 'a name without a slash',
      pass: base({ name: 'com.example/weather_v2' }),
      fail: base({ name: 'com.example.weather' }),
      jsonPath: '$.name',
    },
    {
      rule: 'name-length',
      why: 'a 201-character name',
      pass: base({ name: `io.github.rules/${'a'.repeat(184)}` }),
      fail: base({ name: `io.github.rules/${'a'.repeat(185)}` }),
      jsonPath: '$.name',
    },
  ]);

  it('name-format: a namespace may not end with a hyphen, a server part not with an underscore', () => {
    expectProblem(check(base({ name: 'io.github.rules-/fixture' })), 'name-format', '$.name');
    expectProblem(check(base({ name: 'io.github.rules/fixture_' })), 'name-format', '$.name');
  });

  it('name-format: two slashes are refused even though each part is fine', () => {
    expectProblem(check(base({ name: 'io.github.rules/a/b' })), 'name-format', '$.name');
  });

  it('name-length: 200 characters is the limit, 2 is too short', () => {
    expectClean(check(base({ name: `io.github.rules/${'a'.repeat(184)}` })).problems, 'name-length');
    expectProblem(check(base({ name: 'ab' })), 'name-length', '$.name');
  });
});

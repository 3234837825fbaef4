import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

const RANGES = ['^1.2.3', '~1', '>=1', '<2', '=1', '1 - 2', '1 || 2', '1.x', '1.2.*', 'X', '*', '>1.0.0 <2'];
const EXACT = ['1.0.0', '1.0.0-beta.1', '1.0.0+build.5', '2024.01.15', 'v1.2.3', '1.0.0-rc.1+exp.sha.5114f85'];

describe('version rules', () => {
  ruleCases([
    {
      rule: 'version-length',
      why: 'a 256-character version',
      pass: base({ version: `1.0.0-${'a'.repeat(249)}` }),
      fail: base({ version: `1.0.0-${'a'.repeat(250)}` }),
      jsonPath: '$.version',
    },
    {
      rule: 'version-latest',
      why: 'the version "latest"',
      pass: base({ version: '1.0.0' }),
      fail: base({ version: 'latest' }),
      jsonPath: '$.version',
    },
    {
      rule: 'version-range',
      why: 'the range ^1.2.3',
      pass: base({ version: '1.2.3' }),
      fail: base({ version: '^1.2.3' }),
      jsonPath: '$.version',
    },
  ]);

  it('version-length: an empty version fails', () => {
    expectProblem(check(base({ version: '' })), 'version-length', '$.version');
  });

  it.each(RANGES)('version-range: %s is a range', (v) => {
    expectProblem(check(base({ version: v })), 'version-range', '$.version');
  });

  it.each(EXACT)('version-range: %s is one exact version', (v) => {
    expectClean(check(base({ version: v })).problems, 'version-range');
  });
});

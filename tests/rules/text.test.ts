import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

describe('description and title rules', () => {
  ruleCases([
    {
      rule: 'description-length',
      why: 'a 101-character description',
      pass: base({ description: 'd'.repeat(100) }),
      fail: base({ description: 'd'.repeat(101) }),
      jsonPath: '$.description',
    },
    {
      rule: 'title-length',
      why: 'a 101-character title',
      pass: base({ title: 't'.repeat(100) }),
      fail: base({ title: 't'.repeat(101) }),
      jsonPath: '$.title',
    },
  ]);

  it('description-length: an empty description fails', () => {
    expectProblem(check(base({ description: '' })), 'description-length', '$.description');
  });

  it('description-length and title-length count characters, not UTF-16 units', () => {
    expectClean(check(base({ description: '😀'.repeat(100), title: '🦀'.repeat(100) })).problems, 'description-length');
    expectProblem(check(base({ title: '🦀'.repeat(101) })), 'title-length', '$.title');
  });

  it('title-length: a whitespace-only title fails', () => {
    expectProblem(check(base({ title: ' \t ' })), 'title-length', '$.title');
  });
});

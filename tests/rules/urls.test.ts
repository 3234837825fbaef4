import { describe, it } from 'vitest';
import { base, check, expectProblem, ruleCases } from './helpers.ts';

describe('websiteUrl', () => {
  ruleCases([
    {
      rule: 'website-url',
      why: 'an http website',
      pass: base({ websiteUrl: 'https://example.com/docs' }),
      fail: base({ websiteUrl: 'http://example.com/docs' }),
      jsonPath: '$.websiteUrl',
    },
  ]);

  it.each(['/docs', 'javascript:alert(1)', 'ftp://example.com/', 'example.com'])(
    'website-url: %s is not an absolute https URL',
    (url) => {
      expectProblem(check(base({ websiteUrl: url })), 'website-url', '$.websiteUrl');
    },
  );
});

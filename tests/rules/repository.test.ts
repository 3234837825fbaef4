import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

const repo = (over: Record<string, unknown>) =>
  base({ repository: { url: 'https://github.com/rules/fixture', source: 'github', ...over } });

describe('repository rules', () => {
  ruleCases([
    {
      rule: 'repository-source',
      why: 'source bitbucket',
      pass: repo({ url: 'https://gitlab.com/rules/fixture', source: 'gitlab' }),
      fail: repo({ url: 'https://bitbucket.org/rules/fixture', source: 'bitbucket' }),
      jsonPath: '$.repository.source',
    },
    {
      rule: 'repository-url',
      why: 'a look-alike host',
      pass: repo({ url: 'https://www.github.com/rules/fixture' }),
      fail: repo({ url: 'https://github.com.evil.example.com/rules/fixture' }),
      jsonPath: '$.repository.url',
    },
    {
      rule: 'repository-subfolder',
      why: 'a subfolder escaping the repository',
      pass: repo({ subfolder: 'src/server' }),
      fail: repo({ subfolder: '../outside' }),
      jsonPath: '$.repository.subfolder',
    },
  ]);

  it.each([
    'http://github.com/rules/fixture',
    'https://github.com/rules',
    'https://gitlab.com/rules/fixture',
    'https://evil.example.com/rules/fixture',
  ])('repository-url: %s is refused for source github', (url) => {
    expectProblem(check(repo({ url })), 'repository-url', '$.repository.url');
  });

  it.each(['/abs', 'a/../../b', 'a//b', './a', 'a\\b'])(
    'repository-subfolder: %s is not a clean relative path',
    (subfolder) => {
      expectProblem(check(repo({ subfolder })), 'repository-subfolder', '$.repository.subfolder');
    },
  );

  it('repository-url: a GitLab URL with source gitlab passes', () => {
    expectClean(check(repo({ url: 'https://gitlab.com/rules/fixture', source: 'gitlab' })).problems, 'repository-url');
  });
});

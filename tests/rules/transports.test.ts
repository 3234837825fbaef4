import { describe, it } from 'vitest';
import { check, expectClean, expectProblem, npm, ruleCases, withPkg } from './helpers.ts';

const http = (url: string, over: Record<string, unknown> = {}) =>
  withPkg(npm({ transport: { type: 'streamable-http', url }, ...over }));

describe('package transport rules', () => {
  ruleCases([
    {
      rule: 'transport-url-forbidden',
      why: 'a stdio transport with a url',
      pass: withPkg(npm()),
      fail: withPkg(npm({ transport: { type: 'stdio', url: 'https://mcp.example.com/mcp' } })),
      jsonPath: '$.packages[0].transport.url',
    },
    {
      rule: 'transport-url-required',
      why: 'streamable-http without url',
      pass: http('http://localhost:3000/mcp'),
      fail: withPkg(npm({ transport: { type: 'streamable-http' } })),
      jsonPath: '$.packages[0].transport.url',
    },
    {
      rule: 'transport-url-variable',
      why: 'an undeclared {port}',
      pass: http('http://localhost:{PORT}/mcp', { environmentVariables: [{ name: 'PORT' }] }),
      fail: http('http://localhost:{port}/mcp'),
      jsonPath: '$.packages[0].transport.url',
    },
  ]);

  it('transport-url-required: sse needs a url too', () => {
    expectProblem(
      check(withPkg(npm({ transport: { type: 'sse' } }))),
      'transport-url-required',
      '$.packages[0].transport.url',
    );
  });

  it('transport-url-variable: named arguments (with dashes) and positional valueHints declare variables', () => {
    expectClean(
      check(
        http('http://localhost:{--port}/mcp', {
          packageArguments: [{ type: 'named', name: '--port', default: '3000' }],
        }),
      ).problems,
      'transport-url-variable',
    );
    expectClean(
      check(http('http://localhost:{port}/mcp', { runtimeArguments: [{ type: 'positional', valueHint: 'port' }] }))
        .problems,
      'transport-url-variable',
    );
  });

  it('transport-url-variable: a header named like the variable does not declare it', () => {
    expectProblem(
      check(
        withPkg(npm({ transport: { type: 'sse', url: 'http://localhost:{port}/sse', headers: [{ name: 'port' }] } })),
      ),
      'transport-url-variable',
      '$.packages[0].transport.url',
    );
  });
});

import { describe, it, expect } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

const schemaOf = (date: string) => `https://static.modelcontextprotocol.io/schemas/${date}/server.schema.json`;
const { $schema: _dropped, ...noSchema } = base();

describe('schema rules', () => {
  ruleCases([
    { rule: 'schema-missing', why: 'a document without $schema', pass: base(), fail: noSchema, jsonPath: '$' },
    {
      rule: 'schema-unknown',
      why: 'an unpublished schema date',
      pass: base(),
      fail: base({ $schema: schemaOf('2099-01-01') }),
      jsonPath: '$.$schema',
    },
    {
      rule: 'schema-outdated',
      why: 'an older published schema (warning)',
      pass: base(),
      fail: base({ $schema: schemaOf('2025-10-17') }),
      jsonPath: '$.$schema',
      severity: 'warning',
    },
    {
      rule: 'schema-violation',
      why: 'a name that is a number',
      pass: base(),
      fail: base({ name: 42 }),
      jsonPath: '$.name',
    },
  ]);

  it('schema-outdated is only a warning: the document has no error', () => {
    const { problems } = check(base({ $schema: schemaOf('2025-10-17') }));
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['schema-outdated', 'warning']]);
  });

  it('schema-unknown: the draft schema and look-alike URLs are not published schemas', () => {
    for (const url of [
      schemaOf('draft'),
      schemaOf('2025-12-11').replace('https', 'http'),
      'https://evil.example.com/schemas/2025-12-11/server.schema.json',
    ]) {
      expectProblem(check(base({ $schema: url })), 'schema-unknown', '$.$schema');
    }
  });

  it('schema-violation: a missing required property is reported on its object', () => {
    const { description: _d, ...rest } = base();
    expectProblem(check(rest), 'schema-violation', '$');
  });

  it('schema-violation: a wrong nested type is reported at the value', () => {
    expectProblem(
      check(
        base({
          packages: [
            {
              registryType: 'npm',
              identifier: 'x',
              version: '1.0.0',
              transport: { type: 'stdio' },
              environmentVariables: [{ name: 'A', isSecret: 'yes' }],
            },
          ],
        }),
      ),
      'schema-violation',
      '$.packages[0].environmentVariables[0].isSecret',
    );
  });

  it('schema-violation: unknown properties are allowed by the official schema', () => {
    expectClean(check(base({ somethingElse: { a: 1 } })).problems, 'schema-violation');
  });
});

import { describe, expect, it } from 'vitest';
import { imageNameProblem, imageReference, isPlaceholder } from '../../scripts/rules/launch.ts';
import { gateMeta, ruleSeverity } from '../../scripts/core/rule-ids.ts';
import { base, check, expectClean, expectProblem, npm, oci, ruleCases, withPkg } from './helpers.ts';

const pypi = (over: Record<string, unknown> = {}) => ({
  registryType: 'pypi',
  identifier: 'rules-fixture',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...over,
});
const remote = (headers: unknown[]) =>
  base({ remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp', headers }] });

describe('launch warnings', () => {
  ruleCases([
    {
      rule: 'container-flag-after-image',
      why: '"-e" among the package arguments of an image',
      pass: withPkg(oci({ runtimeArguments: [{ type: 'named', name: '-e', value: 'LOG=debug' }] })),
      fail: withPkg(oci({ packageArguments: [{ type: 'named', name: '-e', value: 'LOG=debug' }] })),
      jsonPath: '$.packages[0].packageArguments[0]',
      severity: 'warning',
    },
    {
      rule: 'uvx-from-after-package',
      why: '"--from" after the package',
      pass: withPkg(pypi({ runtimeArguments: [{ type: 'named', name: '--from', value: 'rules-fixture[all]' }] })),
      fail: withPkg(pypi({ packageArguments: [{ type: 'named', name: '--from', value: 'rules-fixture[all]' }] })),
      jsonPath: '$.packages[0].packageArguments[0]',
      severity: 'warning',
    },
    {
      rule: 'input-undeclared',
      why: 'a {token} the header does not declare',
      pass: remote([
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true, isRequired: true } } },
      ]),
      fail: remote([{ name: 'Authorization', value: 'Bearer {token}' }]),
      jsonPath: '$.remotes[0].headers[0].value',
      severity: 'warning',
    },
    {
      rule: 'placeholder-value',
      why: 'an API key left as YOUR_API_KEY',
      pass: withPkg(npm({ environmentVariables: [{ name: 'API_KEY', isRequired: true, isSecret: true }] })),
      fail: withPkg(npm({ environmentVariables: [{ name: 'API_KEY', value: 'YOUR_API_KEY' }] })),
      jsonPath: '$.packages[0].environmentVariables[0].value',
      severity: 'warning',
    },
    {
      rule: 'container-image-name',
      why: 'an image with capitals in its path',
      pass: withPkg(oci({ identifier: 'ghcr.io/rules/fixture:1.0.0' })),
      fail: withPkg(oci({ identifier: 'ghcr.io/Rules/Fixture:1.0.0' })),
      jsonPath: '$.packages[0].identifier',
      severity: 'warning',
    },
  ]);

  it('container-flag-after-image: fails on the engine options the issue found (positional "--rm", "-v host:ctr")', () => {
    const c = check(
      withPkg(
        oci({
          packageArguments: [
            { type: 'positional', value: '--rm' },
            { type: 'named', name: '-v', value: '/data:/data' },
            { type: 'named', name: '-v' },
          ],
        }),
      ),
    );
    expectProblem(c, 'container-flag-after-image', '$.packages[0].packageArguments[0]', 'warning');
    expectProblem(c, 'container-flag-after-image', '$.packages[0].packageArguments[1]', 'warning');
    // "-v" alone may be the server's own verbose flag.
    expect(c.problems.filter((p) => p.jsonPath === '$.packages[0].packageArguments[2]')).toEqual([]);
  });

  it("container-flag-after-image: passes the same flags on an npm package (they are the server's)", () => {
    expectClean(
      check(withPkg(npm({ packageArguments: [{ type: 'named', name: '-e', value: 'x' }] }))).problems,
      'container-flag-after-image',
    );
  });

  it('input-undeclared: fails on "${input:x}", VS Code\'s own syntax (also refused as a client substitution)', () => {
    const c = check(withPkg(npm({ environmentVariables: [{ name: 'API_KEY', value: '${input:api_key}' }] })));
    const found = expectProblem(c, 'input-undeclared', '$.packages[0].environmentVariables[0].value', 'warning');
    expect(found.message).toContain('{api_key}');
  });

  it('placeholder-value: fails on {{PATH_TO_SRC}} and <your-token>, at the value and the default', () => {
    const c = check(
      withPkg(
        npm({
          packageArguments: [{ type: 'positional', valueHint: 'src', value: '{{PATH_TO_SRC}}' }],
          environmentVariables: [{ name: 'TOKEN', default: 'Bearer <your-token>' }],
        }),
      ),
    );
    expectProblem(c, 'placeholder-value', '$.packages[0].packageArguments[0].value', 'warning');
    expectProblem(c, 'placeholder-value', '$.packages[0].environmentVariables[0].default', 'warning');
  });

  // Schema 2025-12-11 forbids an oci version (package-version-forbidden); older documents carry one.
  it('container-image-name: fails on a version that is no tag, when the identifier has none', () => {
    expectProblem(
      check(withPkg(oci({ identifier: 'ghcr.io/rules/fixture', version: '1.0.0+build' }))),
      'container-image-name',
      '$.packages[0].version',
      'warning',
    );
  });

  it('the engine reference grammar', () => {
    for (const ok of [
      'ghcr.io/a/b',
      'docker.io/library/postgres:16',
      'localhost:5000/a_b/c-d:1.0',
      `quay.io/a/b@sha256:${'a'.repeat(64)}`,
      'mcp/fetch',
    ])
      expect(imageNameProblem(ok), ok).toBeUndefined();
    for (const bad of ['ghcr.io/a/B', 'Org/image', 'ghcr.io/a/b:', 'ghcr.io/a/b:-x', 'ghcr.io/a b', 'ghcr.io//a'])
      expect(imageNameProblem(bad), bad).toBeDefined();
    expect(imageReference('ghcr.io/a/b', '1.2.0')).toBe('ghcr.io/a/b:1.2.0');
    expect(imageReference('ghcr.io/a/b:2', '1.2.0')).toBe('ghcr.io/a/b:2');
  });

  it('placeholders, and values that are not', () => {
    for (const p of [
      'YOUR_API_KEY',
      'your-api-key',
      '{{PATH_TO_SRC}}',
      '<your-token>',
      '<token>',
      'API_KEY_HERE',
      'changeme',
    ])
      expect(isPlaceholder(p), p).toBe(true);
    for (const v of ['info', 'https://api.example.com', 'Bearer {token}', '8080', 'yourself', '--verbose'])
      expect(isPlaceholder(v), v).toBe(false);
  });

  it('the rules are warnings: their findings never fail the gate', () => {
    for (const id of [
      'container-flag-after-image',
      'uvx-from-after-package',
      'input-undeclared',
      'placeholder-value',
      'container-image-name',
    ] as const) {
      expect(ruleSeverity(id)).toBe('warning');
      expect(gateMeta(id).waivable ?? false).toBe(false);
    }
    expect(ruleSeverity('argument-name')).toBe('error');
  });
});

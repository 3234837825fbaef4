import { describe, expect, it } from 'vitest';
import { SHA, check, expectClean, expectProblem, npm, oci, parseConfigWith, ruleCases, withPkg } from './helpers.ts';

const mcpb = (over: Record<string, unknown> = {}) => ({
  registryType: 'mcpb',
  identifier: 'https://github.com/rules/fixture/releases/download/v1.0.0/fixture-mcp.mcpb',
  fileSha256: SHA,
  transport: { type: 'stdio' },
  ...over,
});
const cargo = (over: Record<string, unknown> = {}) => ({
  registryType: 'cargo',
  identifier: 'rules-fixture',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...over,
});
const without = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('package rules', () => {
  ruleCases([
    {
      rule: 'package-version-required',
      why: 'an npm package without version',
      pass: withPkg(npm()),
      fail: withPkg(without(npm(), 'version')),
      jsonPath: '$.packages[0].version',
    },
    {
      rule: 'package-version-forbidden',
      why: 'an oci package with version',
      pass: withPkg(oci()),
      fail: withPkg(oci({ version: '1.0.0' })),
      jsonPath: '$.packages[0].version',
    },
    {
      rule: 'package-version-latest',
      why: 'a package version "latest"',
      pass: withPkg(npm({ version: '2.0.0' })),
      fail: withPkg(npm({ version: 'latest' })),
      jsonPath: '$.packages[0].version',
    },
    {
      rule: 'package-version-range',
      why: 'a package version range',
      pass: withPkg(npm({ version: '1.2.3' })),
      fail: withPkg(npm({ version: '~1.2' })),
      jsonPath: '$.packages[0].version',
    },
    {
      rule: 'package-sha256-required',
      why: 'an mcpb package without fileSha256',
      pass: withPkg(mcpb()),
      fail: withPkg(without(mcpb(), 'fileSha256')),
      jsonPath: '$.packages[0].fileSha256',
    },
    {
      rule: 'package-sha256-forbidden',
      why: 'an npm package with fileSha256',
      pass: withPkg(npm()),
      fail: withPkg(npm({ fileSha256: SHA })),
      jsonPath: '$.packages[0].fileSha256',
    },
    {
      rule: 'package-registry-type',
      why: 'a registryType the official registry does not know',
      pass: withPkg(cargo()),
      fail: withPkg(npm({ registryType: 'gem' })),
      jsonPath: '$.packages[0].registryType',
    },
    {
      rule: 'package-registry-base-url',
      why: 'npm from another registry',
      pass: withPkg(npm({ registryBaseUrl: 'https://registry.npmjs.org' })),
      fail: withPkg(npm({ registryBaseUrl: 'https://npm.evil.example.com' })),
      jsonPath: '$.packages[0].registryBaseUrl',
    },
    {
      rule: 'package-oci-registry',
      why: 'an image on an unknown registry',
      pass: withPkg(oci({ identifier: 'docker.io/rules/fixture:1.0.0' })),
      fail: withPkg(oci({ identifier: 'registry.evil.example.com/rules/fixture:1.0.0' })),
      jsonPath: '$.packages[0].identifier',
    },
    {
      rule: 'package-cargo-identifier',
      why: 'a crate name that crates.io cannot have',
      pass: withPkg(cargo({ identifier: 'Rules_fixture-2' })),
      fail: withPkg(cargo({ identifier: '2-rules/fixture' })),
      jsonPath: '$.packages[0].identifier',
    },
    {
      rule: 'package-cargo-version',
      why: 'a crate version that is not SemVer',
      pass: withPkg(cargo({ version: '0.3.1-beta.2+build.5' })),
      fail: withPkg(cargo({ version: '1.0' })),
      jsonPath: '$.packages[0].version',
    },
    {
      rule: 'package-mcpb-url',
      why: 'a bundle outside a release',
      pass: withPkg(mcpb()),
      fail: withPkg(mcpb({ identifier: 'https://downloads.evil.example.com/fixture-mcp.mcpb' })),
      jsonPath: '$.packages[0].identifier',
    },
  ]);

  it('package-version-required: pypi, nuget and cargo need a version too', () => {
    for (const registryType of ['pypi', 'nuget', 'cargo']) {
      expectProblem(
        check(withPkg(without(npm({ registryType, identifier: 'Rules.Fixture' }), 'version'))),
        'package-version-required',
        '$.packages[0].version',
      );
    }
  });

  it('package-version-forbidden: mcpb carries its version in the URL', () => {
    expectProblem(check(withPkg(mcpb({ version: '1.0.0' }))), 'package-version-forbidden', '$.packages[0].version');
  });

  it('package-sha256-required: an upper-case hash is refused at the hash', () => {
    expectProblem(
      check(withPkg(mcpb({ fileSha256: SHA.toUpperCase() }))),
      'package-sha256-required',
      '$.packages[0].fileSha256',
    );
  });

  it('package-registry-base-url: oci and mcpb take none', () => {
    expectProblem(
      check(withPkg(oci({ registryBaseUrl: 'https://docker.io' }))),
      'package-registry-base-url',
      '$.packages[0].registryBaseUrl',
    );
    expectProblem(
      check(withPkg(mcpb({ registryBaseUrl: 'https://github.com' }))),
      'package-registry-base-url',
      '$.packages[0].registryBaseUrl',
    );
  });

  it('package-oci-registry: *.pkg.dev needs a real subdomain', () => {
    expectClean(
      check(withPkg(oci({ identifier: 'us-docker.pkg.dev/p/r/fixture:1.0.0' }))).problems,
      'package-oci-registry',
    );
    expectProblem(
      check(withPkg(oci({ identifier: 'evilpkg.dev/p/fixture:1.0.0' }))),
      'package-oci-registry',
      '$.packages[0].identifier',
    );
  });

  it('package-registry-base-url: cargo takes crates.io only', () => {
    expectClean(check(withPkg(cargo({ registryBaseUrl: 'https://crates.io/' }))).problems, 'package-registry-base-url');
    const p = expectProblem(
      check(withPkg(cargo({ registryBaseUrl: 'https://static.crates.io' }))),
      'package-registry-base-url',
      '$.packages[0].registryBaseUrl',
    );
    expect(p.message).toContain('"https://crates.io"');
  });

  it('package-cargo-identifier: crates.io names, not paths or URLs (the README URL is built from them)', () => {
    for (const identifier of ['a'.repeat(65), '../weather', 'weather mcp', 'wéather', '_weather', 'weather.mcp']) {
      expectProblem(check(withPkg(cargo({ identifier }))), 'package-cargo-identifier', '$.packages[0].identifier');
    }
    expectClean(check(withPkg(cargo({ identifier: `w${'a'.repeat(63)}` }))).problems, 'package-cargo-identifier');
  });

  it('package-cargo-version: a range is reported as a range, not twice', () => {
    const { problems } = check(withPkg(cargo({ version: '^1.2.3' })));
    expect(problems.map((p) => p.rule).filter((r) => r.startsWith('package-'))).toEqual(['package-version-range']);
  });

  it('package-sha256-forbidden: cargo carries no fileSha256', () => {
    expectProblem(check(withPkg(cargo({ fileSha256: SHA }))), 'package-sha256-forbidden', '$.packages[0].fileSha256');
  });

  it('package-registry-type: the configured list decides', () => {
    const cfg = parseConfigWith({ registries: { allowedTypes: ['pypi'] } });
    expectProblem(check(withPkg(npm()), cfg), 'package-registry-type', '$.packages[0].registryType');
  });

  it('the failure of a second package is reported at that package', () => {
    expectProblem(
      check({ ...withPkg(npm()), packages: [npm(), npm({ identifier: 'two', version: 'latest' })] }),
      'package-version-latest',
      '$.packages[1].version',
    );
  });
});

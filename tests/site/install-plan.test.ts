import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { launches, RUNNERS } from '../../scripts/site/install-plan.ts';

describe('install plan runners', () => {
  it('every package type the registry accepts has a runner', () => {
    const types = parseConfig({}).registries.allowedTypes;
    expect(types.filter((t) => !Object.hasOwn(RUNNERS, t))).toEqual([]);
  });

  it('an unknown package type (even one named like an Object property) gets a note, not a command', () => {
    for (const registryType of ['gem', 'constructor']) {
      const [l] = launches({
        name: 'io.example/x',
        description: 'x',
        version: '1.0.0',
        packages: [{ registryType, identifier: 'x', version: '1.0.0', transport: { type: 'stdio' } }],
      });
      expect(l!.command).toBeUndefined();
      expect(l!.label).toBe(`${registryType} · x@1.0.0`);
      expect(l!.notes).toEqual([`No launcher is known for package type "${registryType}".`]);
    }
  });

  it('cargo: install once with cargo install, then the client runs the binary by name', () => {
    const [l] = launches({
      name: 'io.example/weather',
      description: 'x',
      version: '1.0.0',
      packages: [
        {
          registryType: 'cargo',
          identifier: 'weather-mcp',
          version: '0.3.1',
          transport: { type: 'stdio' },
          packageArguments: [{ type: 'positional', value: 'mcp' }],
          environmentVariables: [{ name: 'WEATHER_KEY', isSecret: true, isRequired: true }],
        },
      ],
    });
    expect(l).toMatchObject({
      id: 'cargo',
      label: 'cargo · weather-mcp@0.3.1',
      kind: 'package',
      transport: 'stdio',
      command: 'weather-mcp',
      args: [['mcp']],
      env: [{ name: 'WEATHER_KEY', value: [{ input: 'weather-key' }] }],
    });
    expect(l!.notes).toEqual([
      'Install it first (needs the Rust toolchain): cargo install weather-mcp --version 0.3.1',
      'The configuration runs the binary "weather-mcp"; if the crate installs a binary by another name, use that name.',
    ]);
  });
});

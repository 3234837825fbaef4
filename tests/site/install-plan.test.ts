import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { launches, RUNNERS } from '../../scripts/site/install-plan.ts';

describe('install plan runners', () => {
  it('every package type the registry accepts has a runner', () => {
    const types = parseConfig({}).registries.allowedTypes;
    expect(types.filter((t) => !Object.hasOwn(RUNNERS, t))).toEqual([]);
  });

  it('an unknown package type (even one named like an Object property) gets a note, not a command', () => {
    for (const registryType of ['cargo', 'constructor']) {
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
});

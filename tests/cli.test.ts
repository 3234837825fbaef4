import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';

describe('the command line (a real process)', () => {
  it('--help lists every command: exit 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['validate', 'new', 'build', 'preview', 'gate', 'sign', 'bench', 'docs'])
      expect(r.stderr).toMatch(new RegExp(`^ {2}${c} +\\S`, 'm'));
  });

  it.each([['frobnicate'], ['constructor'], ['__proto__'], ['toString']])(
    'an unknown command (%s) is a usage error: exit 2',
    (command) => {
      const r = cli([command]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`Unknown command "${command}".`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    },
  );

  it('no command: the list, exit 2', () => {
    const r = cli([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: npm run <command>/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';
import { validDoc } from '../helpers/docs.ts';

let root: string;
const good = 'servers/io.github.alice/weather/1.0.0/server.json';
const bad = 'servers/io.github.alice/broken/1.0.0/server.json';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'validate-cli-'));
  const write = (p: string, s: string) => {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), s);
  };
  write(good, JSON.stringify(validDoc(), null, 2));
  write(bad, JSON.stringify(validDoc({ name: 'io.github.alice/broken', version: '1.0.0', description: '' }), null, 2));
  write('standalone/server.json', JSON.stringify(validDoc({ version: 'latest' }), null, 2));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run validate (a real process)', () => {
  it('the repository’s own tree is valid: exit 0 and a summary', () => {
    const r = cli(['validate']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/✔ \d+ files checked: 0 errors, 0 warnings/);
  });

  it('text: grouped by file, line:column, rule, exit 1', () => {
    const r = cli(['validate', '--root', root]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${bad}\n`);
    expect(r.stdout).toMatch(/4:\d+\s+error\s+description is 0 characters.*\[description-length\] \$\.description/);
    expect(r.stdout).toContain('✖ 2 files checked: 1 error, 0 warnings');
  });

  it('json: problems and summary', () => {
    const r = cli(['validate', '--root', root, '--format', 'json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ files: 2, errors: 1, warnings: 0 });
    expect(out.problems[0]).toMatchObject({
      rule: 'description-length',
      severity: 'error',
      file: bad,
      jsonPath: '$.description',
      line: 4,
    });
  });

  it('github: workflow commands that annotate the diff', () => {
    const r = cli(['validate', '--root', root, '--format', 'github']);
    expect(r.stdout).toMatch(
      new RegExp(
        `^::error file=${bad.replace(/\./g, '\\.')},line=4,col=\\d+,title=description-length::description is 0 characters`,
        'm',
      ),
    );
  });

  it('a PATH limits the report to a folder of the tree', () => {
    const r = cli(['validate', '--root', root, '--format', 'json', join(root, 'servers/io.github.alice/weather')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 0 });
  });

  it('a standalone server.json anywhere on disk gets layers 1–3', () => {
    const r = cli(['validate', '--format', 'json', join(root, 'standalone/server.json')], root);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).problems.map((p: { rule: string }) => p.rule)).toEqual(['version-latest']);
  });

  it.each([
    [['validate', '--format', 'xml'], /--format must be one of/],
    [['validate', '--bogus'], /Unknown option/],
    [['frobnicate'], /Unknown command/],
  ])('usage errors exit 2 without a stack trace: %j', (args, message) => {
    const r = cli(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing PATH is a user error (exit 1), not a crash', () => {
    const r = cli(['validate', join(root, 'nope')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/does not exist/);
  });

  it('a wrong registry.config.json names the field (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'registry.config.json'), JSON.stringify({ pageSize: 'ten' }));
    const r = cli(['validate', '--root', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pageSize: .*number/);
    rmSync(dir, { recursive: true });
  });
});

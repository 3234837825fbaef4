import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench (as a process)', () => {
  it('--quick runs the validate section end to end and prints the table', () => {
    const r = cli(['bench', '--quick', '--only', 'validate', '--bench-dir', dir]);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\| section \| benchmark \| size \| median time \| peak RSS \|/);
    const rows = lines.filter((l) => l.startsWith('| validate |'));
    expect(rows.length).toBe(3);
    expect(rows[0]).toContain('validate whole tree');
    expect(rows[0]).toMatch(/\d+\.\d\d× \|/);
    const results = JSON.parse(readFileSync(join(dir, 'results-quick.json'), 'utf8')) as {
      quick: boolean;
      rows: Array<{ medianMs: number; files: number; ratio?: number; extra?: { errors?: number } }>;
      errors: unknown[];
    };
    expect(results.quick).toBe(true);
    expect(results.errors).toEqual([]);
    expect(results.rows).toHaveLength(3);
    for (const row of results.rows) {
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.files).toBeGreaterThan(0);
      expect(row.extra?.errors).toBe(0);
    }
    expect(results.rows[0]!.ratio).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  it('refuses an unknown section and a bad --runs with a usage error (exit 2, no stack)', () => {
    const a = cli(['bench', '--only', 'nope', '--bench-dir', dir]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/unknown section "nope"/);
    expect(a.stderr).not.toMatch(/\n\s+at /);
    const b = cli(['bench', '--runs', '0', '--bench-dir', dir]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--runs/);
  });
});

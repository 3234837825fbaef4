/** `npm run bench -- --quick --only edge`: the edge section runs end to end (build, churn, workerd latency). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-edge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --only edge', () => {
  it('--quick measures the layout, the churn of a one-server change and every endpoint in workerd', () => {
    const r = cli(['bench', '--quick', '--only', 'edge', '--bench-dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results-quick.json'), 'utf8')) as {
      rows: Array<{ benchmark: string; files?: number; medianMs?: number; extra?: Record<string, string | number> }>;
      errors: unknown[];
    };
    expect(results.errors).toEqual([]);
    const names = results.rows.map((x) => x.benchmark);
    expect(names.filter((n) => n.startsWith('edge layout'))).toHaveLength(2);
    expect(names).toContain('edge: objects changed by a one-server change');
    expect(names.filter((n) => n.startsWith('edge GET'))).toHaveLength(8);
    for (const row of results.rows.filter((x) => x.benchmark.startsWith('edge GET'))) {
      expect(row.medianMs).toBeGreaterThan(0);
      expect(String(row.extra?.p95)).toMatch(/ms$/);
    }
    const churn = results.rows.find((x) => x.benchmark.startsWith('edge: objects changed'))!;
    expect(churn.files).toBeGreaterThan(0);
  });
});

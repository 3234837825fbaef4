/** The scheduled import workflow: what it may do (read), what opens the PR (an App token), and what it never does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string>; id?: string };
const text = readFileSync(join(import.meta.dirname, '../../.github/workflows/import.yml'), 'utf8');
const doc = parse(text) as {
  on: Record<string, unknown>;
  jobs: Record<string, { permissions: Record<string, string>; steps: Step[]; if?: string }>;
};

test('runs on a schedule and on demand, with a read-only job token', () => {
  expect(Object.keys(doc.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  expect(Object.keys(doc.jobs)).toEqual(['import']);
  expect(doc.jobs.import!.permissions).toEqual({ contents: 'read' });
  expect(doc.jobs.import!.if).toContain('vars.REGISTRY_IMPORT_APP_CLIENT_ID');
});

test('imports before any write token exists, then opens the PR with a GitHub App token, never GITHUB_TOKEN', () => {
  const steps = doc.jobs.import!.steps;
  const importAt = steps.findIndex(
    (s) => s.run?.includes('scripts/cli.ts import ') || s.run?.includes('scripts/cli.ts import "'),
  );
  const tokenAt = steps.findIndex((s) => s.uses?.startsWith('actions/create-github-app-token@'));
  const prAt = steps.findIndex((s) => s.run?.includes('scripts/cli.ts import-pr'));
  expect(importAt).toBeGreaterThan(-1);
  expect(tokenAt).toBeGreaterThan(importAt);
  expect(prAt).toBeGreaterThan(tokenAt);
  expect(steps[tokenAt]!.with).toMatchObject({ 'permission-contents': 'write', 'permission-pull-requests': 'write' });
  expect(steps[prAt]!.env).toEqual({ GITHUB_TOKEN: `\${{ steps.${steps[tokenAt]!.id}.outputs.token }}` });
  expect(steps[importAt]!.env ?? {}).not.toHaveProperty('GITHUB_TOKEN');
  expect(text).not.toMatch(/github\.token|secrets\.GITHUB_TOKEN|git push/);
});

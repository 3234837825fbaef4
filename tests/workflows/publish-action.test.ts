/**
 * The publish action's metadata (.github/actions/publish/action.yml): hardened like the workflows (pinned actions, no
 * expression inside a script, install scripts off, the token only where it is used), and its script run for real
 * with bash, as the runner would, in dry-run mode.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import { REPO_ROOT } from '../helpers/docs.ts';

type Step = {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
};
const text = readFileSync(join(REPO_ROOT, '.github/actions/publish/action.yml'), 'utf8');
const action = parse(text) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;

test('a composite action taking the owner token, server.json, version and registry', () => {
  expect(action.runs.using).toBe('composite');
  expect(Object.keys(action.inputs).sort()).toEqual(['dry-run', 'registry', 'server-json', 'token', 'version']);
  expect(action.inputs.token!.required).toBe(true);
  expect(action.outputs['pull-request-url']!.value).toBe('${{ steps.publish.outputs.pull-request-url }}');
});

test('hardened: pinned actions, inputs reach scripts only through env, no install scripts, the token in one step', () => {
  for (const s of steps) {
    if (s.uses) expect(text).toMatch(new RegExp(`uses: ${s.uses.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d`));
    if (s.uses) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    if (s.run) expect(s.run).not.toContain('${{');
    if (s.run?.includes('npm ci')) expect(s.run).toContain('--ignore-scripts');
  }
  const withToken = steps.filter((s) => JSON.stringify(s).includes('inputs.token'));
  expect(withToken.map((s) => s.id)).toEqual(['publish']);
  expect(withToken[0]!.env!.GITHUB_TOKEN).toBe('${{ inputs.token }}');
});

test("the step's script runs the publish command (dry run: validated, nothing opened)", () => {
  const work = mkdtempSync(join(tmpdir(), 'publish-action-'));
  const file = join(work, 'server.json');
  writeFileSync(
    file,
    JSON.stringify({
      $schema: CURRENT_SCHEMA_URL,
      name: 'io.github.alice/weather',
      description: 'Weather',
      version: '0.0.0',
    }),
  );
  const script = steps.find((s) => s.id === 'publish')!.run!;
  const r = spawnSync('bash', ['-e', '-c', script], {
    cwd: work,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      INPUT_SERVER_JSON: 'server.json',
      INPUT_VERSION: '',
      INPUT_REGISTRY: '',
      INPUT_DRY_RUN: 'true',
      GITHUB_REF_NAME: 'v1.2.3',
      ACTION_ROOT: REPO_ROOT,
      GITHUB_TOKEN: '',
    },
  });
  rmSync(work, { recursive: true, force: true });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Dry run: servers/io.github.alice/weather/1.2.3/server.json is valid');
  expect(r.stdout).toContain('"version": "1.2.3"');
});

/** The path rules (pure): outside servers/ needs a maintainer; anything under .github/ is refused with its own rule. */
import { expect, test } from 'vitest';
import { isRepositoryControl, pathPolicyProblems, workflowChangeProblems } from '../../scripts/gate/paths.ts';
import type { ChangedFile } from '../../scripts/gate/snapshot.ts';

const changed = (path: string, status: ChangedFile['status'] = 'added'): ChangedFile => ({ path, status });

test.each([
  ['.github/workflows/ci.yml', true],
  ['.github/workflows/nested/x.yaml', true],
  ['.github/actions/setup/action.yml', true],
  ['.github/CODEOWNERS', true],
  ['.GITHUB/workflows/x.yml', true],
  ['.GitHub/dependabot.yml', true],
  ['.github', true],
  ['docs/.github/workflows/x.yml', false],
  ['.githubx/workflows/x.yml', false],
  ['github/workflows/x.yml', false],
  ['servers/io.github.alice/weather/1.0.0/server.json', false],
  ['README.md', false],
])('%s under .github/: %s', (path, expected) => {
  expect(isRepositoryControl(path)).toBe(expected);
});

test('pr-workflow-change: passes for data and other code paths, fails for every .github/ change whatever its status', () => {
  expect(
    workflowChangeProblems([changed('servers/io.github.alice/weather/1.1.0/server.json'), changed('scripts/x.ts')]),
  ).toEqual([]);
  const problems = workflowChangeProblems([
    changed('.github/workflows/a.yml', 'added'),
    changed('.github/workflows/ci.yml', 'modified'),
    changed('.github/workflows/registry-gate.yml', 'removed'),
  ]);
  expect(problems.map((p) => [p.rule, p.severity, p.file])).toEqual([
    ['pr-workflow-change', 'error', '.github/workflows/a.yml'],
    ['pr-workflow-change', 'error', '.github/workflows/ci.yml'],
    ['pr-workflow-change', 'error', '.github/workflows/registry-gate.yml'],
  ]);
  expect(problems[2]!.message).toContain('is removed under .github/');
  expect(problems[0]!.message).toContain('maintainer override given for this exact head commit');
});

test('path-policy leaves .github/ to its own rule: one rule per file', () => {
  const files = [
    changed('.github/workflows/a.yml'),
    changed('docs/x.md'),
    changed('servers/io.github.a/b/1/server.json'),
  ];
  expect(pathPolicyProblems(files).map((p) => p.file)).toEqual(['docs/x.md']);
  expect(workflowChangeProblems(files).map((p) => p.file)).toEqual(['.github/workflows/a.yml']);
});

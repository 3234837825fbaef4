/**
 * The registry gate runs on every event that can change what it judges (issue 9 §3, §7): a push (`synchronize`, which
 * drops an override given for the previous head), a retarget (`edited`) and the override label itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

test('the gate runs on pull_request_target opened, synchronize, reopened, edited, labeled and unlabeled', () => {
  const doc = parse(readFileSync(join(import.meta.dirname, '../../.github/workflows/registry-gate.yml'), 'utf8')) as {
    on: { pull_request_target?: { types?: string[] } };
  };
  expect(doc.on.pull_request_target?.types).toEqual(
    expect.arrayContaining(['opened', 'synchronize', 'reopened', 'edited', 'labeled', 'unlabeled']),
  );
});

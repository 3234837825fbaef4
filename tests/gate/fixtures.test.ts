/**
 * Recorded gate fixtures (tests/fixtures/gate/<case>/, written by `npm run gate -- --record` or by
 * tests/gate/record.test.ts): from each folder's snapshot.json and state.json, the verdict, the sticky comment and the
 * planned GitHub writes must equal the golden files beside them. Pure: no server, no network.
 *
 * After an intended change of the verdict, the report or the plan, refresh the goldens and review the diff:
 *   npx vitest run tests/gate/fixtures.test.ts -u
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import type { GitHubState } from '../../scripts/gate/plan.ts';
import { fixtureOutputs } from '../../scripts/gate/record.ts';
import { type PrSnapshot, SNAPSHOT_FORMAT } from '../../scripts/gate/snapshot.ts';

const DIR = join(import.meta.dirname, '../fixtures/gate');
const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const read = <T>(name: string, file: string): T => JSON.parse(readFileSync(join(DIR, name, file), 'utf8')) as T;

test('there are recorded fixtures', () => {
  expect(cases.length).toBeGreaterThanOrEqual(4);
});

test.each(cases)('%s: verdict, comment and writes match the goldens', async (name) => {
  const snapshot = read<PrSnapshot>(name, 'snapshot.json');
  expect(snapshot.format, 'snapshot format: re-record the fixtures (tests/gate/record.test.ts)').toBe(SNAPSHOT_FORMAT);
  const outputs = fixtureOutputs(snapshot, read<GitHubState>(name, 'state.json'), parseConfig({}));
  for (const [file, text] of Object.entries(outputs)) await expect(text).toMatchFileSnapshot(join(DIR, name, file));
});

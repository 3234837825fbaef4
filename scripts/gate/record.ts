/**
 * Record a PR as a gate fixture (as dt-mergebot's create-fixture does): gather the snapshot through whatever GitHub
 * API is configured (a test's fake, or GitHub), read what the PR shows now, and write one folder:
 *
 *   snapshot.json  the inputs of the verdict (the snapshot part of what `--out` writes)
 *   state.json     the PR's comments and labels the writes are planned against
 *   verdict.json   evaluate(snapshot)
 *   comment.md     the sticky comment
 *   writes.json    planActions(snapshot, verdict, state): what --report would send
 *
 * Nothing is written to GitHub. The last three are a pure function of the first two (`fixtureOutputs`), which is
 * what tests/gate/fixtures.test.ts compares with the goldens.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistryConfig } from '../config/config.ts';
import { evaluate } from './evaluate.ts';
import { type GitHubState, planActions } from './plan.ts';
import { commentBody } from './report.ts';
import { type GateRunOptions, runGate } from './run.ts';
import type { PrSnapshot } from './snapshot.ts';

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;

/** The recorded inputs of a fixture. */
export interface FixtureInputs {
  'snapshot.json': string;
  'state.json': string;
}

/** The golden outputs of a fixture, from its inputs alone. */
export interface FixtureOutputs {
  'verdict.json': string;
  'comment.md': string;
  'writes.json': string;
}

export function fixtureOutputs(snapshot: PrSnapshot, state: GitHubState, config: RegistryConfig): FixtureOutputs {
  const verdict = evaluate(snapshot, config);
  return {
    'verdict.json': json(verdict),
    'comment.md': `${commentBody(snapshot, verdict)}\n`,
    'writes.json': json(planActions(snapshot, verdict, state)),
  };
}

export type RecordOptions = Omit<GateRunOptions, 'report' | 'dryRun' | 'result' | 'summaryFile' | 'detailsUrl'> & {
  /** The fixture folder (created; files in it are replaced). */
  dir: string;
};

/** Gather, plan without writing, and write the fixture folder. Returns the files written. */
export async function recordFixture(o: RecordOptions): Promise<string[]> {
  const { dir, ...run } = o;
  const out = await runGate({ ...run, report: true, dryRun: true });
  const snapshot = out.result!.snapshot;
  const state = out.acted!.state!;
  const files: FixtureInputs & FixtureOutputs = {
    'snapshot.json': json(snapshot),
    'state.json': json(state),
    ...fixtureOutputs(snapshot, state, o.config),
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return Object.keys(files).map((name) => join(dir, name));
}

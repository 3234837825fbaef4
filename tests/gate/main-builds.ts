/**
 * The gate's promise as a test step: what the gate passes, merged into main, checks out, validates and builds.
 * runScenario (harness.ts) calls it for every hijack scenario whose verdict is a pass, so no scenario — in any
 * scenarios file — can pass the gate with a PR that would stop `main`; main-builds.test.ts runs it over the
 * hostile corpus.
 */
import { expect } from 'vitest';
import type { RegistryConfig } from '../../scripts/config/config.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import type { GateResult } from '../../scripts/gate/run.ts';
import { decodeBytes } from '../../scripts/gate/snapshot.ts';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { buildMerged, type MergedBuild } from '../helpers/merged-build.ts';
import type { SyntheticChange } from '../helpers/snapshot.ts';

const errors = (ps: readonly Problem[]) =>
  ps.filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.file} ${p.jsonPath}: ${p.message}`);

/** Merge, check out, validate and build; fail the test with what went wrong. */
export async function expectMainBuilds(opts: {
  config: RegistryConfig;
  base: ReadonlyMap<string, Uint8Array>;
  changes: readonly SyntheticChange[];
  what: string;
}): Promise<MergedBuild> {
  let merged: MergedBuild;
  try {
    merged = await buildMerged(opts);
  } catch (e) {
    throw new Error(`${opts.what}: the gate passed it, but main cannot be checked out or built: ${String(e)}`);
  }
  expect(errors(merged.validation), `${opts.what}: validate on main after the merge`).toEqual([]);
  expect(errors(merged.build.problems), `${opts.what}: build on main after the merge`).toEqual([]);
  expect(merged.build.ok, `${opts.what}: build on main after the merge`).toBe(true);
  expect(merged.build.apiFiles, `${opts.what}: the API stage ran`).toBeGreaterThan(0);
  return merged;
}

/** A passing gate run: its PR (as the gate read it, byte for byte) merged into the base checkout it judged against. */
export async function expectPassedPrBuilds(
  baseRoot: string,
  result: GateResult,
  config: RegistryConfig,
): Promise<void> {
  const base = new Map((await readTreeFiles(baseRoot)).map((f) => [f.path, f.bytes]));
  const changes: SyntheticChange[] = [];
  for (const f of result.snapshot.files) {
    if (f.status === 'removed') changes.push({ path: f.path });
    else if (f.content) changes.push({ path: f.path, bytes: decodeBytes(f.content) });
    // The gate does not read files outside servers/ (the path policy judges them by name) and the build ignores
    // them; an empty file under the same name still proves the checkout can write it.
    else if (!f.path.startsWith('servers/')) changes.push({ path: f.path, bytes: new Uint8Array(0) });
  }
  await expectMainBuilds({ config, base, changes, what: `PR #${result.snapshot.pr.number}` });
}

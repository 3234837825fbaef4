/**
 * One gate run, as the workflow does it: gather → evaluate (→ act with `report`), or act on a result document produced
 * by the read-only `analyze` job. The command (scripts/commands/gate.ts) and the tests both come through here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { RegistryConfig } from '../config/config.ts';
import { UserError } from '../core/errors.ts';
import { createFetchContext, type FetchContext } from '../net/context.ts';
import { type ActResult, act, executeWrites } from './act.ts';
import { evaluate, type Verdict } from './evaluate.ts';
import { gather } from './gather.ts';
import { createGitHub, type GitHubTuning } from '../github/client.ts';
import { planMissingResult } from './plan.ts';
import { SNAPSHOT_FORMAT, type PrSnapshot } from './snapshot.ts';

export const RESULT_FORMAT = 'mcp-registry-gate-result/1';

/** What `analyze` uploads and `report` downloads: the snapshot (so the verdict is reproducible) and the verdict. */
export interface GateResult {
  format: typeof RESULT_FORMAT;
  snapshot: PrSnapshot;
  verdict: Verdict;
}

/** The parts of a pull_request_target webhook payload the gate reads (GitHub writes it; the PR cannot). */
export interface PullRequestEvent {
  repository: { full_name: string };
  pull_request: { number: number; head: { sha: string } };
}

export function parseEvent(value: unknown): PullRequestEvent {
  const e = value as Partial<PullRequestEvent> | null;
  const n = e?.pull_request?.number;
  if (
    typeof e?.repository?.full_name !== 'string' ||
    typeof n !== 'number' ||
    typeof e.pull_request?.head?.sha !== 'string'
  )
    throw new UserError(
      'The event is not a pull_request / pull_request_target payload (repository.full_name, pull_request.number and pull_request.head.sha are required).',
    );
  return e as PullRequestEvent;
}

export interface GateRunOptions {
  event: PullRequestEvent;
  config: RegistryConfig;
  /** The trusted checkout of the base branch. */
  root: string;
  token?: string;
  /** Act on GitHub (check run, comment, labels, summary). */
  report?: boolean;
  /** With `report`: read GitHub and plan the writes, but write nothing (the plan is in `acted.writes`). */
  dryRun?: boolean;
  /** Act on this earlier result instead of gathering (the `report` job). */
  result?: GateResult | 'missing';
  summaryFile?: string;
  detailsUrl?: string;
  tuning?: GitHubTuning;
  /** Network context for artifacts and domain proofs (tests pass one to read its request log). */
  fetch?: FetchContext;
  maxFiles?: number;
  /** Clock for the snapshot's `gatheredAt` (recorded fixtures fix it). */
  now?: () => Date;
}

export interface GateRunOutput {
  result?: GateResult;
  acted?: ActResult;
}

export async function runGate(o: GateRunOptions): Promise<GateRunOutput> {
  const github = createGitHub({ token: o.token, baseUrl: o.config.network.githubApiUrl, tuning: o.tuning });
  if (o.result === 'missing') {
    // The analyze job crashed or was cancelled: never leave the PR without a (failing) required check.
    if (!o.report) throw new UserError('No result to report.');
    const writes = planMissingResult(o.event.pull_request.head.sha);
    if (o.dryRun) return { acted: { writes, executed: false } };
    const done = await executeWrites(github, o.event.repository.full_name, writes);
    return { acted: { ...done, writes, executed: true } };
  }
  let result: GateResult;
  if (o.result) {
    const s = o.result.snapshot;
    if (
      s.repository !== o.event.repository.full_name ||
      s.pr.number !== o.event.pull_request.number ||
      s.pr.headSha !== o.event.pull_request.head.sha
    )
      throw new UserError(
        `The result is for ${s.repository}#${s.pr.number} at ${s.pr.headSha}, not for this event's PR and head.`,
      );
    // The verdict is a pure function of the snapshot: recompute it rather than trust the stored one.
    result = { format: RESULT_FORMAT, snapshot: s, verdict: evaluate(s, o.config) };
  } else {
    const snapshot = await gather({
      repository: o.event.repository.full_name,
      pullNumber: o.event.pull_request.number,
      baseRoot: o.root,
      config: o.config,
      github,
      fetch: o.fetch ?? createFetchContext(o.config),
      maxFiles: o.maxFiles,
      now: o.now,
    });
    result = { format: RESULT_FORMAT, snapshot, verdict: evaluate(snapshot, o.config) };
  }
  const acted = o.report
    ? await act(github, result.snapshot, result.verdict, {
        summaryFile: o.summaryFile,
        detailsUrl: o.detailsUrl,
        dryRun: o.dryRun,
      })
    : undefined;
  return { result, acted };
}

export async function readResult(file: string): Promise<GateResult | 'missing'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return 'missing';
  }
  const value = JSON.parse(text) as GateResult;
  if (value?.format !== RESULT_FORMAT || value.snapshot?.format !== SNAPSHOT_FORMAT)
    throw new UserError(`${file} is not a gate result (${RESULT_FORMAT}).`);
  return value;
}

export async function writeResult(file: string, result: GateResult): Promise<void> {
  await writeFile(file, `${JSON.stringify(result, null, 1)}\n`);
}

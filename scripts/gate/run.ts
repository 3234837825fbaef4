/**
 * One gate run, as the workflow does it: gather → evaluate (→ act with `report`), or act on a result document produced
 * by the read-only `analyze` job. When there is no usable result for the event's head (none, empty, truncated, not a
 * gate result, another head), the report posts a failing check that says why: a PR never goes without a verdict.
 * The command (scripts/commands/gate.ts) and the tests both come through here.
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

/** Why no verdict can be judged for this run's head: the report posts it as the reason of a failing check. */
export interface NoResult {
  missing: string;
}

export interface GateRunOptions {
  event: PullRequestEvent;
  config: RegistryConfig;
  /** The trusted checkout of the base branch. */
  root: string;
  token?: string;
  /**
   * The token for check-run writes: the gate's GitHub App installation token, an identity no workflow job can have
   * (docs/maintainers.md). Without it check runs are written with `token`, as everything else is.
   */
  checkToken?: string;
  /** Act on GitHub (check run, comment, labels, summary). */
  report?: boolean;
  /** With `report`: read GitHub and plan the writes, but write nothing (the plan is in `acted.writes`). */
  dryRun?: boolean;
  /** Act on this earlier result instead of gathering (the `report` job), or say why there is none. */
  result?: GateResult | NoResult;
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
  /** Set when there was no verdict to post: the reason the failing check run gives. */
  noVerdict?: string;
}

export async function runGate(o: GateRunOptions): Promise<GateRunOutput> {
  const baseUrl = o.config.network.githubApiUrl;
  const github = createGitHub({ token: o.token, baseUrl, tuning: o.tuning });
  const checks = o.checkToken ? createGitHub({ token: o.checkToken, baseUrl, tuning: o.tuning }) : github;
  const event = o.event;

  // Never leave the PR without a (failing) required check: whatever stands in for a verdict says why.
  const noVerdict = async (reason: string): Promise<GateRunOutput> => {
    if (!o.report) throw new UserError(reason);
    const writes = planMissingResult(event.pull_request.head.sha, reason, { detailsUrl: o.detailsUrl });
    if (o.dryRun) return { acted: { writes, executed: false }, noVerdict: reason };
    const done = await executeWrites(github, event.repository.full_name, writes, checks);
    return { acted: { ...done, writes, executed: true }, noVerdict: reason };
  };

  let result: GateResult;
  if (o.result && 'missing' in o.result) return noVerdict(o.result.missing);
  if (o.result) {
    const s = o.result.snapshot;
    const mine = `${event.repository.full_name}#${event.pull_request.number} at ${event.pull_request.head.sha}`;
    const theirs = `${s.repository}#${s.pr.number} at ${s.pr.headSha}`;
    if (theirs !== mine)
      return noVerdict(
        s.repository === event.repository.full_name && s.pr.number === event.pull_request.number
          ? `The result document judged ${s.pr.headSha}, but this run is for the head ${event.pull_request.head.sha}. Each push is judged by its own run; this one has no verdict for its head.`
          : `The result document is for ${theirs}, not for this run's ${mine}.`,
      );
    // The verdict is a pure function of the snapshot: recompute it rather than trust the stored one.
    let verdict: Verdict;
    try {
      verdict = evaluate(s, o.config);
    } catch (e) {
      return noVerdict(
        `The result document could not be judged (${(e as Error).message}): it is not a whole gate result.`,
      );
    }
    result = { format: RESULT_FORMAT, snapshot: s, verdict };
  } else {
    const snapshot = await gather({
      repository: event.repository.full_name,
      pullNumber: event.pull_request.number,
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
        checks,
      })
    : undefined;
  return { result, acted };
}

/** What the analyze job's outcome (`needs.analyze.result`) says when it left no usable result. */
export function analyzeOutcomeReason(outcome: string | undefined): string | undefined {
  switch (outcome) {
    case undefined:
    case '':
    case 'success':
      return undefined;
    case 'cancelled':
      return 'The analyze job was cancelled (a newer push superseded this run, someone cancelled it, or it ran out of time).';
    case 'failure':
      return 'The analyze job failed; its log says why.';
    case 'skipped':
      return 'The analyze job did not run.';
    default:
      return `The analyze job ended as "${outcome}".`;
  }
}

/**
 * Read the analyze job's result document. Anything that is not a whole gate result — no file, an empty or truncated
 * one, another document — is a reason for a failing check, never a crash.
 */
export async function readResult(file: string): Promise<GateResult | NoResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      missing: `There is no result document (${file}: ${code === 'ENOENT' ? 'not found' : (code ?? 'unreadable')}).`,
    };
  }
  if (!text.trim()) return { missing: `The result document ${file} is empty.` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { missing: `The result document ${file} is not JSON: truncated or corrupt (${(e as Error).message}).` };
  }
  const problem = resultShapeProblem(value);
  return problem ? { missing: `${file} is not a gate result (${RESULT_FORMAT}): ${problem}.` } : (value as GateResult);
}

/** The first thing that keeps `value` from being a gate result the report can judge, or undefined. */
export function resultShapeProblem(value: unknown): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) return 'the document is not an object';
  if (value.format !== RESULT_FORMAT) return `format is ${JSON.stringify(value.format) ?? 'missing'}`;
  const s = value.snapshot;
  if (!isObject(s)) return 'snapshot is missing';
  if (s.format !== SNAPSHOT_FORMAT)
    return `snapshot.format is ${JSON.stringify(s.format) ?? 'missing'}, not ${SNAPSHOT_FORMAT}`;
  if (typeof s.repository !== 'string') return 'snapshot.repository is not a string';
  const pr = s.pr;
  if (!isObject(pr)) return 'snapshot.pr is missing';
  if (typeof pr.number !== 'number' || typeof pr.headSha !== 'string') return 'snapshot.pr lacks its number or head';
  if (!isObject(pr.author) || typeof pr.author.login !== 'string' || typeof pr.author.id !== 'number')
    return 'snapshot.pr.author is incomplete';
  if (!Array.isArray(s.files)) return 'snapshot.files is not a list';
  if (!isObject(s.base) || typeof s.base.sha !== 'string' || !Array.isArray(s.base.files))
    return 'snapshot.base is incomplete';
  if (!isObject(s.orgs) || !Array.isArray(s.proofs) || !isObject(s.domains))
    return 'snapshot.orgs, proofs or domains is missing';
  return undefined;
}

export async function writeResult(file: string, result: GateResult): Promise<void> {
  await writeFile(file, `${JSON.stringify(result, null, 1)}\n`);
}

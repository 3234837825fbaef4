/**
 * `npm run gate -- --event <payload.json> [--out <result.json>] [--report [--dry-run]] [--result <result.json> [--analyze-result <r>]] [--root DIR]`
 * `npm run gate -- --event <payload.json> --record <dir> [--root DIR]`
 * `npm run gate -- --reverify [--report] [--out <report.md>] [--root DIR]`
 *
 * Gathers a PR snapshot (GitHub through GITHUB_TOKEN / GITHUB_API_URL, the base branch from --root, default the
 * current directory), evaluates it, writes the result with --out and, with --report, publishes the check run,
 * the sticky comment, the labels and the job summary ($GITHUB_STEP_SUMMARY). Check runs are written with
 * GATE_CHECK_TOKEN when it is set (the gate's GitHub App token), else with GITHUB_TOKEN. With --result it acts on a
 * result written earlier by the read-only job instead of gathering (the verdict is recomputed from its snapshot);
 * when that result is missing, empty, truncated, not a gate result or for another head, it posts a failing check
 * that says why (--analyze-result passes the analyze job's outcome for that reason). --dry-run prints the planned
 * writes as JSON on stdout and writes nothing; --record writes a fixture folder (scripts/gate/record.ts) and nothing
 * to GitHub.
 *
 * Exit code: with --report, 0 once a check run is posted (the verdict, or a failing "no verdict" check); with --out,
 * 0 once the verdict is written; otherwise 0 pass, 1 fail, 3 needs a maintainer. --reverify: 0 when every check
 * still passes, 1 when something broke (even when the issue was posted). Errors exit 1, usage errors 2.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UsageError, UserError } from '../core/errors.ts';
import { countBySeverity } from '../core/problem.ts';
import { analyzeOutcomeReason, type NoResult, parseEvent, readResult, runGate, writeResult } from '../gate/run.ts';
import { parseCommandArgs, showUsage } from './args.ts';
import { writeFile } from 'node:fs/promises';
import { createFetchContext } from '../net/context.ts';
import { createGitHub } from '../github/client.ts';
import { issueBody, reportReverify, reverify } from '../gate/reverify.ts';
import { recordFixture } from '../gate/record.ts';

/**
 * `--reverify`: exit 0 when everything verifies, 1 when something broke (the issue lists it). `root` is the checkout
 * to re-verify; `--report` names the repository from GITHUB_REPOSITORY, which Actions sets and a local run must.
 */
async function reverifyMain(root: string, report: boolean, out: string | undefined): Promise<number> {
  const config = loadConfig(root);
  const result = await reverify(root, config, createFetchContext(config));
  const body = issueBody(result, new Date().toISOString().slice(0, 10));
  if (out) await writeFile(out, `${body}\n`);
  process.stdout.write(`Re-verified ${result.checked} latest version(s): ${result.broken.length} broken check(s).\n`);
  if (report) {
    const repository = process.env.GITHUB_REPOSITORY;
    if (!repository)
      throw new UserError(
        'GITHUB_REPOSITORY (owner/name) is required with --reverify --report: Actions sets it; outside Actions set it to the repository the issue belongs to.',
      );
    const github = createGitHub({ token: process.env.GITHUB_TOKEN, baseUrl: config.network.githubApiUrl });
    const r = await reportReverify(github, repository, body, result.broken.length);
    if (r.issue) process.stdout.write(`${r.created ? 'Opened' : 'Updated'} issue #${r.issue}.\n`);
  }
  return result.broken.length ? 1 : 0;
}

// PR-supplied text reaches the Actions log: no control characters, so no line can start a workflow command (::…).
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');

const USAGE = `Usage: npm run gate -- --event <webhook payload file> [--out <result.json>] [--report [--dry-run]] [--root DIR]
       npm run gate -- --event <payload> --result <result.json> [--analyze-result <outcome>] --report [--dry-run] [--root DIR]
       npm run gate -- --event <payload> --record <fixture dir> [--root DIR]
       npm run gate -- --reverify [--report] [--out <report.md>] [--root DIR]

  --event FILE         the pull_request / pull_request_target webhook payload ($GITHUB_EVENT_PATH in Actions)
  --root DIR           the trusted checkout of the base branch (--reverify: the checkout to re-verify); default: .
  --out FILE           write the result document (--reverify: the issue body)
  --report             post the check run, the sticky comment and the labels (--reverify: open or update the issue)
  --dry-run            with --report: print the planned writes as JSON, post nothing
  --result FILE        with --report: act on the analyze job's result instead of gathering; a missing, empty,
                       truncated or foreign result posts a failing check that says why
  --analyze-result R   with --result: the analyze job's outcome (success, failure, cancelled, skipped) for that reason
  --record DIR         write a test fixture folder (snapshot, state, verdict, comment, writes); posts nothing

Environment: GITHUB_TOKEN (reads and writes), GATE_CHECK_TOKEN (check runs, when the gate's GitHub App is set up),
GITHUB_API_URL, GITHUB_STEP_SUMMARY, and GITHUB_REPOSITORY (owner/name; required by --reverify --report, which
Actions sets and a local run must set itself).
Exit code: --report 0 once a check run is posted (a verdict or a failing "no verdict" check); --out 0 once written;
otherwise 0 pass, 1 fail, 3 needs a maintainer. --reverify: 0 all checks pass, 1 something broke. Usage errors 2.`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      event: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'boolean' },
      result: { type: 'string' },
      root: { type: 'string' },
      reverify: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'analyze-result': { type: 'string' },
      record: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  if (values.reverify) return reverifyMain(resolve(values.root ?? process.cwd()), values.report === true, values.out);
  if (!values.event) throw new UsageError(`--event is required.\n${USAGE}`);
  if (values.result && !values.report) throw new UsageError(`--result only makes sense with --report.\n${USAGE}`);
  if (values['dry-run'] && !values.report) throw new UsageError(`--dry-run only makes sense with --report.\n${USAGE}`);
  if (values['analyze-result'] !== undefined && !values.result)
    throw new UsageError(`--analyze-result only makes sense with --result.\n${USAGE}`);
  if (values.record && (values.report || values.result || values.out))
    throw new UsageError(`--record goes alone with --event (and --root).\n${USAGE}`);
  let eventText: string;
  try {
    eventText = await readFile(values.event, 'utf8');
  } catch (e) {
    throw new UserError(`Cannot read the event file ${values.event}: ${(e as Error).message}`, { cause: e });
  }
  let eventJson: unknown;
  try {
    eventJson = JSON.parse(eventText);
  } catch (e) {
    throw new UserError(`${values.event} is not JSON.`, { cause: e });
  }
  const event = parseEvent(eventJson);
  const root = resolve(values.root ?? process.cwd());
  const config = loadConfig(root);
  const token = process.env.GITHUB_TOKEN;
  if (!token && (values.report || !values.result))
    process.stderr.write('GITHUB_TOKEN is not set: GitHub calls are anonymous.\n');
  const checkToken = process.env.GATE_CHECK_TOKEN || undefined;
  if (values.record) {
    const files = await recordFixture({ event, config, root, token, dir: resolve(values.record) });
    process.stdout.write(
      `Recorded #${event.pull_request.number} as a fixture:\n${files.map((f) => `  ${f}\n`).join('')}`,
    );
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  let result = values.result ? await readResult(values.result) : undefined;
  const analyzed = analyzeOutcomeReason(values['analyze-result']);
  if (result && 'missing' in result && analyzed)
    result = { missing: `${analyzed} ${result.missing}` } satisfies NoResult;
  if (values.report && !dryRun)
    process.stderr.write(
      checkToken
        ? 'Check runs are posted with GATE_CHECK_TOKEN (the gate App).\n'
        : 'GATE_CHECK_TOKEN is not set: check runs are posted with GITHUB_TOKEN, an identity any workflow job shares (docs/maintainers.md, "The gate App").\n',
    );

  const out = await runGate({
    event,
    config,
    root,
    token,
    checkToken,
    report: values.report,
    dryRun,
    result,
    summaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
    detailsUrl:
      process.env.GITHUB_SERVER_URL && process.env.GITHUB_RUN_ID
        ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
        : undefined,
  });
  // A dry run's stdout is the plan alone (JSON, for jq); the human lines go to stderr.
  const log = dryRun ? process.stderr : process.stdout;
  if (dryRun && out.acted)
    process.stdout.write(
      `${JSON.stringify({ repository: event.repository.full_name, pullRequest: event.pull_request.number, writes: out.acted.writes }, null, 2)}\n`,
    );
  if (!out.result) {
    // The check run is the output: the job succeeded at reporting, and the run's analyze job shows what failed.
    log.write(
      `No verdict for ${event.pull_request.head.sha}: ${dryRun ? 'would post' : 'posted'} a failing check run.\n  ${oneLine(out.noVerdict ?? '')}\n`,
    );
    return 0;
  }
  if (values.out) await writeResult(values.out, out.result);
  const { verdict } = out.result;
  const { errors, warnings } = countBySeverity(verdict.problems);
  log.write(
    `Gate verdict for #${event.pull_request.number}: ${verdict.outcome} (${errors} error(s), ${warnings} warning(s)); labels: ${verdict.labels.join(', ') || 'none'}\n`,
  );
  for (const p of verdict.problems)
    log.write(`  ${p.severity} ${p.rule} ${oneLine(p.file)}${p.line ? `:${p.line}` : ''} ${oneLine(p.message)}\n`);
  if (values.out || values.report) return 0;
  return verdict.outcome === 'pass' ? 0 : verdict.outcome === 'fail' ? 1 : 3;
}

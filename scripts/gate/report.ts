/**
 * Renderings of a verdict (pure): the sticky comment, the check run's output and annotations, the job summary.
 * Every PR-supplied string goes through escape.ts; every list and the whole body are capped.
 */
import type { Problem } from '../core/problem.ts';
import { countBySeverity } from '../core/problem.ts';
import type { Proof } from '../core/proof.ts';
import { type ChecklistRow, gateMeta, type RuleId } from '../core/rule-ids.ts';
import type { Outcome, Verdict } from './evaluate.ts';
import type { PrSnapshot } from './snapshot.ts';
import { decodeBytes } from './snapshot.ts';
import { codeBlock, md, plain } from '../core/markdown.ts';
import { lineDiff, prettyJson } from './diff.ts';
import { namespaceOf } from '../core/repo-path.ts';

/** The hidden marker that identifies the gate's one sticky comment. */
export const COMMENT_MARKER = '<!-- mcp-registry-gate:sticky -->';
/** The check run name: the required status in the repository ruleset. */
export const CHECK_NAME = 'registry-gate';

const MAX_BODY = 60_000; // GitHub's limit is 65,536 characters for comments and check summaries.
const MAX_ROWS = 50;
const MAX_ANNOTATIONS = 500;
const MAX_DIFFS = 5;

const HEADLINE: Record<Outcome, string> = {
  pass: '✅ Ready for review',
  fail: '❌ Changes needed',
  'needs-maintainer': '🟡 Needs a maintainer',
};

export function conclusionOf(outcome: Outcome): 'success' | 'failure' | 'action_required' {
  return outcome === 'pass' ? 'success' : outcome === 'fail' ? 'failure' : 'action_required';
}

export function checkTitle(verdict: Verdict): string {
  const { errors, warnings } = countBySeverity(verdict.problems);
  return `${HEADLINE[verdict.outcome]}: ${errors} error(s), ${warnings} warning(s)`;
}

function mark(ok: boolean | undefined): string {
  return ok === undefined ? '➖' : ok ? '✅' : '❌';
}

/** The rule-driven rows of the checklist; a rule names its row in scripts/core/rule-ids.ts (`gate.checklist`). */
const ROW_TITLES: Record<ChecklistRow, string> = {
  paths: 'Only registry data changed',
  documents: 'Documents valid (all layers, change rules)',
  artifacts: 'Packages and remotes verified',
};

/** The checklist: one line per class of check. */
function checklist(verdict: Verdict): string[] {
  const rowOf = (rule: RuleId) => gateMeta(rule).checklist;
  const errs = (row: ChecklistRow) =>
    verdict.problems.filter((p) => p.severity === 'error' && rowOf(p.rule) === row).length;
  // A package type with no ownership check fails under its validation rule, yet it is a package left unverified.
  const artifactProofs = verdict.proofs.filter((p) => rowOf(p.rule) === 'artifacts' || p.check.includes('unsupported'));
  const rows: Array<[string, boolean | undefined, string]> = [
    [ROW_TITLES.paths, errs('paths') === 0, 'version folders, status.json and owners.json under servers/'],
    [ROW_TITLES.documents, errs('documents') === 0, `${errs('documents')} error(s)`],
    ...verdict.namespaces.map((n): [string, boolean | undefined, string] => [
      `Author may publish in ${md(n.namespace, 120)}${n.isNew ? ' (new namespace)' : ''}`,
      n.ok,
      md(n.detail, 400),
    ]),
    [
      ROW_TITLES.artifacts,
      artifactProofs.length ? artifactProofs.every((p) => p.ok) : undefined,
      artifactProofs.length
        ? `${artifactProofs.filter((p) => p.ok).length}/${artifactProofs.length} passed`
        : 'nothing to verify',
    ],
  ];
  if (verdict.override)
    rows.push([
      'Maintainer override',
      true,
      md(
        `${verdict.override.label} by ${verdict.override.appliedBy} (${verdict.override.role}) for commit ${verdict.override.covers.slice(0, 12)}: ${verdict.override.waived} check(s) waived`,
      ),
    ]);
  if (verdict.overrideRefused)
    rows.push([
      'Maintainer override',
      false,
      md(`${verdict.overrideRefused.label}: ${verdict.overrideRefused.detail}`),
    ]);
  return [
    '| | Check | Details |',
    '| --- | --- | --- |',
    ...rows.map(([name, ok, detail]) => `| ${mark(ok)} | ${name} | ${detail} |`),
  ];
}

function problemTable(problems: Problem[]): string[] {
  if (!problems.length) return [];
  const shown = problems.slice(0, MAX_ROWS);
  const out = ['### Problems', '', '| | Rule | File | Line | Message |', '| --- | --- | --- | --- | --- |'];
  for (const p of shown)
    out.push(
      `| ${p.severity === 'error' ? '❌' : '⚠️'} | \`${p.rule}\` | ${md(p.file || '(PR)', 160)} ${p.jsonPath ? `<br>${md(p.jsonPath, 120)}` : ''} | ${p.line ?? ''} | ${md(p.message, 600)} |`,
    );
  if (problems.length > shown.length) out.push('', `…and ${problems.length - shown.length} more (see the check run).`);
  return [...out, ''];
}

function proofTable(proofs: Proof[]): string[] {
  if (!proofs.length) return [];
  const shown = proofs.slice(0, MAX_ROWS);
  const out = [
    `<details><summary>Proofs (${proofs.filter((p) => p.ok).length}/${proofs.length} passed)</summary>`,
    '',
    '| | Check | Against | Result |',
    '| --- | --- | --- | --- |',
  ];
  for (const p of shown)
    out.push(
      `| ${mark(p.ok)} | ${md(p.check, 60)} | ${md(p.subject, 200)} | ${md(p.detail, 500)}${p.retryable ? ' (retry later)' : ''} |`,
    );
  if (proofs.length > shown.length) out.push('', `…and ${proofs.length - shown.length} more.`);
  return [...out, '', '</details>', ''];
}

/** The owners.json each namespace must commit to record its account (scripts/gate/identity.ts), ready to copy. */
function accountRecords(verdict: Verdict): string[] {
  const records = verdict.namespaces.filter((n) => n.record);
  if (!records.length) return [];
  const out = ['### Record the namespace account', ''];
  for (const n of records)
    out.push(
      `Commit this as **${md(n.record!.file, 200)}** (the numeric id is what counts; co-owners go in "owners"):`,
      '',
      codeBlock(n.record!.json, 'json', 8000),
      '',
    );
  return out;
}

function fileText(snapshot: PrSnapshot, path: string, side: 'base' | 'head'): string | undefined {
  const f =
    side === 'base'
      ? snapshot.base.files.find((x) => x.path === path)
      : snapshot.files.find((x) => x.path === path && x.status !== 'removed');
  return f?.content ? new TextDecoder().decode(decodeBytes(f.content)) : undefined;
}

function diffs(snapshot: PrSnapshot, verdict: Verdict): string[] {
  const out: string[] = [];
  for (const v of verdict.newVersions.slice(0, MAX_DIFFS)) {
    const head = fileText(snapshot, v.file, 'head');
    if (head === undefined) continue;
    const prev = v.previousFile ? fileText(snapshot, v.previousFile, 'base') : undefined;
    const title = `${md(v.name, 200)} ${md(v.version, 80)}`;
    if (prev === undefined) {
      out.push(
        `<details><summary>New server ${title}</summary>`,
        '',
        codeBlock(prettyJson(head), 'json', 8000),
        '',
        '</details>',
        '',
      );
    } else {
      const d = lineDiff(prettyJson(prev), prettyJson(head));
      const prevVersion = v.previousFile!.split('/').at(-2) ?? '';
      out.push(
        `<details><summary>${title}: changes since ${md(prevVersion, 80)}</summary>`,
        '',
        d ? codeBlock(d, 'diff', 8000) : '_No changes besides the version._',
        '',
        '</details>',
        '',
      );
    }
  }
  if (verdict.newVersions.length > MAX_DIFFS)
    out.push(`…and ${verdict.newVersions.length - MAX_DIFFS} more new version(s).`, '');
  return out;
}

/** The report body (comment without the marker = check summary = job summary). */
export function reportBody(snapshot: PrSnapshot, verdict: Verdict): string {
  const pr = snapshot.pr;
  const lines = [
    `## Registry gate: ${HEADLINE[verdict.outcome]}`,
    '',
    `Judged for the PR author **${md(pr.author.login, 60)}** (id ${pr.author.id}, ${md(pr.authorAssociation, 40)}) at ${pr.headSha.slice(0, 12)}.`,
    '',
    ...checklist(verdict),
    '',
  ];
  if (verdict.override)
    lines.push(
      `> **Maintainer override:** the label \`${md(verdict.override.label, 80)}\` was applied by ${md(verdict.override.appliedBy, 60)} (${md(verdict.override.role, 40)} role) and covers commit ${verdict.override.covers.slice(0, 12)} only: a new push removes it. The maintainer takes responsibility for ${verdict.override.waived} waived check(s) (ownership, paths, artifacts); validation is never waived.`,
      '',
    );
  if (verdict.overrideRefused)
    lines.push(
      `> **Maintainer override not applied:** the label \`${md(verdict.overrideRefused.label, 80)}\` waives nothing: ${md(verdict.overrideRefused.detail, 400)}.`,
      '',
    );
  lines.push(...problemTable(verdict.problems), ...accountRecords(verdict));
  lines.push(...proofTable(verdict.proofs), ...diffs(snapshot, verdict));
  lines.push(nextSteps(verdict));
  let body = lines.join('\n');
  if (body.length > MAX_BODY)
    body = `${body.slice(0, MAX_BODY)}\n\n…(report cut at ${MAX_BODY} characters; the check run lists every problem)`;
  return body;
}

function nextSteps(verdict: Verdict): string {
  switch (verdict.outcome) {
    case 'pass':
      return '_Every automatic check passed. A maintainer reviews and merges. Pushing a new commit runs the gate again._';
    case 'needs-maintainer':
      return "_This PR changes files outside servers/ or a namespace's recorded account. A maintainer reviews it; the override label lets them take responsibility for this commit._";
    default:
      return `_Fix the problems above and push: the gate runs again and updates this comment.${verdict.labels.some((l) => l.includes('retry')) ? ' Some lookups failed temporarily: a maintainer can re-run the workflow.' : ''}_`;
  }
}

export function commentBody(snapshot: PrSnapshot, verdict: Verdict): string {
  return `${COMMENT_MARKER}\n${reportBody(snapshot, verdict)}`;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** Annotations on the changed files' lines (problems without a line in a changed file go on line 1). */
export function annotations(snapshot: PrSnapshot, verdict: Verdict): Annotation[] {
  const present = new Set(snapshot.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  const out: Annotation[] = [];
  for (const p of verdict.problems) {
    // Only files present at the head can carry an annotation; outside servers/ only the path rules' ones.
    if (!present.has(p.file) || (!namespaceOf(p.file) && gateMeta(p.rule).checklist !== 'paths')) continue;
    const line = p.line ?? 1;
    out.push({
      path: p.file,
      start_line: line,
      end_line: line,
      annotation_level: p.severity === 'error' ? 'failure' : 'warning',
      title: p.rule,
      message: plain(p.message, 2000),
    });
    if (out.length >= MAX_ANNOTATIONS) break;
  }
  return out;
}

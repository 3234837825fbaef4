/**
 * A problem is the one currency of every check: the CLI, the PR comment, GitHub annotations
 * and JSON output are all renderings of the same list.
 */
import type { RuleId } from './rule-ids.ts';
import { codeUnitOrder } from './compare.ts';

export type Severity = 'error' | 'warning';

export interface Problem {
  rule: RuleId;
  severity: Severity;
  /** Repository-relative path (or the path the user gave), always with forward slashes. */
  file: string;
  /** JSONPath of the offending value, `$` for the document itself, `''` for non-JSON problems. */
  jsonPath: string;
  /** 1-based; undefined when the problem has no place in the text (a missing file, say). */
  line?: number;
  column?: number;
  message: string;
}

/** A problem before it is tied to a file; rules produce these, the caller places them. */
export interface Finding {
  rule: RuleId;
  severity?: Severity;
  jsonPath: string;
  message: string;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) p.severity === 'error' ? errors++ : warnings++;
  return { errors, warnings };
}

/** Stable order for output and tests: file, then position, then rule. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      codeUnitOrder(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      codeUnitOrder(a.rule, b.rule) ||
      codeUnitOrder(a.jsonPath, b.jsonPath),
  );
}

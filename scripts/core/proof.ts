/**
 * A proof is the data every network check returns: what was checked, against what, with what
 * result. The gate renders them in its report; a failed lookup is a failed proof (fail closed).
 */
import type { RuleId } from './rule-ids.ts';

export interface Proof {
  /** What kind of check, e.g. 'npm-mcp-name', 'oci-label', 'domain-dns'. */
  check: string;
  /** What it was checked against, e.g. 'npm:airtable-mcp-server@1.7.3'. */
  subject: string;
  ok: boolean;
  /** One readable sentence: what was found. */
  detail: string;
  /** Set on failures that may pass later (429, 5xx, timeouts): the report says "retry". */
  retryable?: boolean;
  rule: RuleId;
  /** Where in server.json the checked value sits, e.g. `$.packages[0]` (for annotations). */
  jsonPath?: string;
}

export function passed(check: string, subject: string, rule: RuleId, detail: string, jsonPath?: string): Proof {
  return withPath({ check, subject, ok: true, detail, rule }, jsonPath);
}

export function failed(check: string, subject: string, rule: RuleId, detail: string, jsonPath?: string): Proof {
  return withPath({ check, subject, ok: false, detail, rule }, jsonPath);
}

/** What a proof needs of a failed fetch: the fields of net/safe-fetch.ts's `FetchFailure` (core imports no adapter). */
export interface LookupFailure {
  kind: string;
  retryable: boolean;
  message: string;
  retryAfterSeconds?: number;
}

/** A lookup that did not complete: rule network-failure, with the retry hint of the fetch. */
export function lookupFailed(check: string, subject: string, rule: RuleId, f: LookupFailure, jsonPath?: string): Proof {
  // A 404 is an answer (no such package or version), judged by the check's own rule.
  const answered = f.kind === 'http-status' && !f.retryable;
  const retry = f.retryAfterSeconds !== undefined ? ` (retry after ${f.retryAfterSeconds} s)` : '';
  const proof: Proof = {
    check,
    subject,
    ok: false,
    detail: `${f.message}${retry}`,
    rule: answered ? rule : 'network-failure',
  };
  if (f.retryable) proof.retryable = true;
  return withPath(proof, jsonPath);
}

function withPath(p: Proof, jsonPath: string | undefined): Proof {
  if (jsonPath !== undefined) p.jsonPath = jsonPath;
  return p;
}

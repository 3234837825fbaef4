/**
 * Table-driven rule tests: each case names a rule, a document that passes it and one that fails
 * it, and the JSONPath of the failure. The expected line and column come from an independent
 * printer (tests/fixtures/hostile/render.ts), not from the validator under test.
 */
import { it, expect } from 'vitest';
import { validateDocument } from '../../scripts/validate/document.ts';
import { parseConfig, type RegistryConfig } from '../../scripts/config/config.ts';
import type { Problem } from '../../scripts/core/problem.ts';
import type { RuleId } from '../../scripts/core/rule-ids.ts';
import { render, positionOf, type Rendered } from '../fixtures/hostile/render.ts';

export const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
export const config: RegistryConfig = parseConfig({});
export const FILE = 'servers/io.github.rules/fixture/1.0.0/server.json';

export type Json = Record<string, any>;

export const base = (over: Json = {}): Json => ({
  $schema: SCHEMA,
  name: 'io.github.rules/fixture',
  description: 'A rule-test fixture.',
  version: '1.0.0',
  ...over,
});
export const npm = (over: Json = {}): Json => ({
  registryType: 'npm',
  identifier: '@rules/fixture',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...over,
});
export const oci = (over: Json = {}): Json => ({
  registryType: 'oci',
  identifier: 'ghcr.io/rules/fixture:1.0.0',
  transport: { type: 'stdio' },
  ...over,
});
export const withPkg = (pkg: Json, over: Json = {}): Json => base({ ...over, packages: [pkg] });
export const SHA = 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce';

export interface Checked {
  problems: Problem[];
  rendered: Rendered;
}

export function check(value: unknown, cfg: RegistryConfig = config): Checked {
  const rendered = render(value);
  const { problems } = validateDocument(new TextEncoder().encode(`${rendered.text}\n`), FILE, cfg);
  return { problems, rendered };
}

export function checkBytes(bytes: Uint8Array | string, cfg: RegistryConfig = config): Problem[] {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return validateDocument(b, FILE, cfg).problems;
}

const show = (ps: Problem[]): string =>
  ps.map((p) => `${p.rule} ${p.jsonPath} ${p.line ?? '-'}:${p.column ?? '-'}`).join('; ') || '(none)';

/** The problem for `rule` at `jsonPath`, at the printed position of that path (or of its nearest ancestor). */
export function expectProblem(
  c: Checked,
  rule: RuleId,
  jsonPath: string,
  severity: 'error' | 'warning' = 'error',
): Problem {
  const at = positionOf(c.rendered, jsonPath);
  const found = c.problems.find((p) => p.rule === rule && p.jsonPath === jsonPath);
  expect(found, `no ${rule} at ${jsonPath}; got ${show(c.problems)}`).toBeDefined();
  expect({ line: found!.line, column: found!.column, severity: found!.severity, file: found!.file }).toEqual({
    ...at,
    severity,
    file: FILE,
  });
  expect(found!.message.length).toBeGreaterThan(10);
  return found!;
}

/** Raw-text variant: rule, JSONPath (when given) and position. */
export function expectRaw(
  problems: Problem[],
  rule: RuleId,
  where: { line?: number; column?: number; jsonPath?: string },
): void {
  const found = problems.find((p) => p.rule === rule);
  expect(found, `no ${rule}; got ${show(problems)}`).toBeDefined();
  const got: Record<string, unknown> = {};
  for (const k of Object.keys(where) as Array<keyof typeof where>) got[k] = found![k];
  expect(got).toEqual(where);
  expect(found!.severity).toBe('error');
}

/** The rule is silent, and the document has no error at all. */
export function expectClean(problems: Problem[], rule: RuleId): void {
  expect(
    problems.filter((p) => p.rule === rule),
    `${rule} must not fire`,
  ).toEqual([]);
  expect(
    problems.filter((p) => p.severity === 'error'),
    `no errors expected; got ${show(problems)}`,
  ).toEqual([]);
}

export interface RuleCase {
  rule: RuleId;
  /** What the failing case shows. */
  why: string;
  pass: unknown;
  fail: unknown;
  jsonPath: string;
  severity?: 'error' | 'warning';
}

/** One passing and one failing test per case. */
export function ruleCases(cases: RuleCase[]): void {
  for (const c of cases) {
    it(`${c.rule}: passes a valid document`, () => {
      expectClean(check(c.pass).problems, c.rule);
    });
    it(`${c.rule}: fails ${c.why}`, () => {
      expectProblem(check(c.fail), c.rule, c.jsonPath, c.severity ?? 'error');
    });
  }
}

/** The default configuration with some fields overridden. */
export function parseConfigWith(value: Record<string, unknown>): RegistryConfig {
  return parseConfig(value);
}

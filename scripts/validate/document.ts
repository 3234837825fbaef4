/**
 * Layers 1–3 for one server.json: bytes, the official JSON Schema named by `$schema`, and the
 * official semantic rules. Pure: bytes in, problems out.
 */
import type { RegistryConfig } from '../config/config.ts';
import type { Finding, Problem } from '../core/problem.ts';
import type { ServerJson } from '../core/types.ts';
import { valuePositions, lineColumn } from '../core/json/strict-json.ts';
import { pointerToPath } from '../core/json/json-path.ts';
import {
  chooseSchema,
  serverValidator,
  CURRENT_SCHEMA_URL,
  PUBLISHED_SCHEMA_DATES,
  schemaUrl,
} from '../schema/registry.ts';
import { semanticFindings } from '../rules/index.ts';
import { ruleSeverity } from '../core/rule-ids.ts';
import { decodeJson, MAX_SERVER_JSON_BYTES } from './bytes.ts';
import type { ErrorObject } from 'ajv';

export interface DocumentResult {
  problems: Problem[];
  /** Present when the bytes parsed into an object (even if later layers found problems). */
  document?: ServerJson;
  text?: string;
}

/** More schema errors than this in one file are summarised: the first ones say what is wrong. */
const MAX_SCHEMA_PROBLEMS = 20;

export function validateDocument(bytes: Uint8Array, file: string, config: RegistryConfig): DocumentResult {
  const decoded = decodeJson(bytes, file, MAX_SERVER_JSON_BYTES);
  if (decoded.value === undefined) return { problems: decoded.problems, text: decoded.text };
  const doc = decoded.value as Record<string, unknown>;
  const findings = [...schemaFindings(doc), ...semanticFindings(doc, { config })];
  return { problems: placeFindings(findings, file, decoded.text), document: doc as ServerJson, text: decoded.text };
}

function schemaFindings(doc: Record<string, unknown>): Finding[] {
  const choice = chooseSchema(doc.$schema);
  if (choice.kind === 'missing') {
    return [
      {
        rule: 'schema-missing',
        jsonPath: '$',
        message: `Add "$schema": "${CURRENT_SCHEMA_URL}" so the document is checked against the schema it was written for.`,
      },
    ];
  }
  if (choice.kind === 'unknown') {
    return [
      {
        rule: 'schema-unknown',
        jsonPath: '$.$schema',
        message: `"${choice.url}" is not a published server.json schema. Use "${CURRENT_SCHEMA_URL}" (known: ${PUBLISHED_SCHEMA_DATES.join(', ')}).`,
      },
    ];
  }
  const out: Finding[] = [];
  if (!choice.current) {
    out.push({
      rule: 'schema-outdated',
      severity: 'warning',
      jsonPath: '$.$schema',
      message: `Schema ${choice.date} is not the current one; consider moving to "${schemaUrl(PUBLISHED_SCHEMA_DATES.at(-1)!)}".`,
    });
  }
  const validate = serverValidator(choice.date);
  if (!validate(doc)) out.push(...ajvFindings(validate.errors ?? []));
  return out;
}

function ajvFindings(errors: ErrorObject[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of errors) {
    // A property-level error is reported at the property, which is where the fix goes.
    const base = pointerToPath(e.instancePath);
    const path = e.keyword === 'required' ? base : e.keyword === 'additionalProperties' ? `${base}` : base;
    const message = ajvMessage(e);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: 'schema-violation', jsonPath: path, message });
  }
  return out;
}

function ajvMessage(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'The document' : pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${where} is missing the required property "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return `${where} has the property "${String(p.additionalProperty)}", which the schema does not allow; remove it or check its spelling.`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'type':
      return `${where} must be of type ${String(p.type)}.`;
    case 'format':
      return `${where} must be a valid ${String(p.format)}.`;
    case 'pattern':
      return `${where} must match ${String(p.pattern)}.`;
    default:
      return `${where} ${e.message ?? 'does not match the schema'}.`;
  }
}

/**
 * Turn findings into problems with line and column. A schema error at a path that a semantic rule
 * also reports is dropped: the semantic rule says the same thing with a better message.
 */
export function placeFindings(findings: Finding[], file: string, text: string | undefined): Problem[] {
  const semanticPaths = new Set(findings.filter((f) => f.rule !== 'schema-violation').map((f) => f.jsonPath));
  let kept = findings.filter((f) => f.rule !== 'schema-violation' || !coveredBy(f.jsonPath, semanticPaths));
  const schemaErrors = kept.filter((f) => f.rule === 'schema-violation');
  if (schemaErrors.length > MAX_SCHEMA_PROBLEMS) {
    const extra = schemaErrors.slice(MAX_SCHEMA_PROBLEMS);
    kept = kept.filter((f) => !extra.includes(f));
    kept.push({
      rule: 'schema-violation',
      jsonPath: '$',
      message: `…and ${extra.length} more schema errors; fix the ones above first.`,
    });
  }
  if (kept.length === 0) return [];
  const positions = text === undefined ? undefined : valuePositions(text);
  return kept.map((f) => {
    const problem: Problem = {
      rule: f.rule,
      severity: f.severity ?? ruleSeverity(f.rule),
      file,
      jsonPath: f.jsonPath,
      message: f.message,
    };
    const at = positions && text !== undefined ? findPosition(positions, text, f.jsonPath) : undefined;
    if (at) {
      problem.line = at.line;
      problem.column = at.column;
    }
    return problem;
  });
}

function coveredBy(path: string, semanticPaths: Set<string>): boolean {
  for (const p of semanticPaths) if (path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) return true;
  return false;
}

function findPosition(
  positions: Map<string, number>,
  text: string,
  jsonPath: string,
): { line: number; column: number } | undefined {
  let path = jsonPath;
  while (path) {
    const at = positions.get(path);
    if (at !== undefined) return lineColumn(text, at);
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) break;
    path = path.slice(0, cut);
  }
  const root = positions.get('$');
  return root === undefined ? undefined : lineColumn(text, root);
}

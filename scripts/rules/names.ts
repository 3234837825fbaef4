import type { Finding } from '../core/problem.ts';
import { str } from '../core/guards.ts';
import type { Rule } from './rule.ts';

export const NAMESPACE_RE = /^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]$/;
export const SERVER_PART_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$/;

/** Why a server name is not valid, or undefined when it is. */
export function nameFormatError(name: string): string | undefined {
  const parts = name.split('/');
  if (parts.length !== 2)
    return `"${name}" must contain exactly one "/" (namespace/server), e.g. "io.github.octocat/weather".`;
  const [ns, server] = parts as [string, string];
  if (!NAMESPACE_RE.test(ns))
    return `The namespace "${ns}" may use letters, digits, "." and "-", and must start and end with a letter or digit.`;
  if (!SERVER_PART_RE.test(server))
    return `The server part "${server}" may use letters, digits, ".", "_" and "-", and must start and end with a letter or digit.`;
  return undefined;
}

export const nameRules: Rule = (doc) => {
  const name = str(doc.name);
  if (name === undefined) return [];
  const out: Finding[] = [];
  if (name.length < 3 || name.length > 200) {
    out.push({
      rule: 'name-length',
      jsonPath: '$.name',
      message: `name is ${name.length} characters; it must be 3 to 200.`,
    });
  }
  const err = nameFormatError(name);
  if (err) out.push({ rule: 'name-format', jsonPath: '$.name', message: err });
  return out;
};

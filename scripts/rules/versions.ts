/** Version rules, shared by the server's own version and its packages' versions. */
import type { Finding } from '../core/problem.ts';
import type { Rule } from './rule.ts';

/** Why a version string is a range (the official registry's list of forms), or undefined. */
export function rangeReason(v: string): string | undefined {
  const t = v.trim();
  if (/^[\^~]/.test(t)) return `it starts with "${t[0]}"`;
  if (/^(>=|<=|>|<|=)/.test(t)) return 'it starts with a comparison operator';
  if (t.includes('||')) return 'it contains "||"';
  if (/\s-\s/.test(t)) return 'it is a hyphen range ("a - b")';
  if (/(^|\.)[xX*](\.|$)/.test(t.split(/[-+]/)[0]!)) return 'it contains a wildcard (x, X or *)';
  if (/\s/.test(t)) return 'it contains whitespace';
  return undefined;
}

export const versionRules: Rule = (doc) => {
  const v = doc.version;
  if (typeof v !== 'string') return [];
  const out: Finding[] = [];
  if (v.length < 1 || v.length > 255)
    out.push({
      rule: 'version-length',
      jsonPath: '$.version',
      message: `version is ${v.length} characters; it must be 1 to 255.`,
    });
  if (v === 'latest') {
    out.push({
      rule: 'version-latest',
      jsonPath: '$.version',
      message: '"latest" is reserved by the API; publish the exact version, e.g. "1.2.0".',
    });
  } else {
    const why = rangeReason(v);
    if (why)
      out.push({
        rule: 'version-range',
        jsonPath: '$.version',
        message: `"${v}" is a version range (${why}); publish one exact version such as "1.2.3".`,
      });
  }
  return out;
};

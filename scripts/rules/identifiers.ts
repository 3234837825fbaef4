/**
 * Names that end up as identifiers in what the site tells a user to run: environment variable names (the left side
 * of `NAME=value` in a shell line, `-e NAME` for docker, keys of a client's `env`) and header names (keys of a
 * client's `headers`, `--header Name:…` for mcp-remote). The site's generator checks the same predicates before it
 * shows a snippet, so data that predates these rules is never rendered either.
 */
import type { Finding } from '../core/problem.ts';
import { isObject, objectsOf, str } from '../core/guards.ts';
import type { Rule } from './rule.ts';

/** A name every POSIX shell, `env`, docker and Windows accept as a variable (POSIX.1-2017 §8.1, portable set). */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** RFC 9110 §5.6.2 token: the only characters a field name may have. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const isEnvVarName = (name: string): boolean => ENV_VAR_NAME.test(name);
export const isHeaderName = (name: string): boolean => HEADER_NAME.test(name);

/**
 * Characters that make a name or value look like something it is not: controls (C0, DEL, C1), line and paragraph
 * separators, and invisible format characters (zero-width, bidirectional overrides: "Trojan Source").
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** JSON-escaped, so a hostile name shows its hidden characters in the message. */
const shown = (s: string): string => JSON.stringify(s);

export const identifierRules: Rule = (doc) => {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    for (const [k, env] of objectsOf(pkg.environmentVariables)) {
      const name = str(env.name);
      if (name !== undefined && !isEnvVarName(name)) {
        out.push({
          rule: 'env-var-name',
          jsonPath: `$.packages[${i}].environmentVariables[${k}].name`,
          message: `Environment variable name ${shown(name)} is not a variable name: use letters, digits and "_", not starting with a digit (e.g. "API_KEY"). Put what the user supplies in "value", "default" or "description".`,
        });
      }
    }
    if (isObject(pkg.transport)) out.push(...headerFindings(pkg.transport.headers, `$.packages[${i}].transport`));
  }
  for (const [i, remote] of objectsOf(doc.remotes)) out.push(...headerFindings(remote.headers, `$.remotes[${i}]`));
  return out;
};

function headerFindings(headers: unknown, at: string): Finding[] {
  const out: Finding[] = [];
  for (const [k, header] of objectsOf(headers)) {
    const name = str(header.name);
    if (name !== undefined && !isHeaderName(name)) {
      out.push({
        rule: 'header-name',
        jsonPath: `${at}.headers[${k}].name`,
        message: `Header name ${shown(name)} is not an HTTP field name: use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only, no spaces, ":" or braces (e.g. "X-API-Key").`,
      });
    }
  }
  return out;
}

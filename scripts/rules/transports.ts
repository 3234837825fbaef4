/** Package transports and their URL templates. */
import type { Finding } from '../core/problem.ts';
import { isObject, objectsOf, str, templateVariables } from '../core/guards.ts';
import type { Rule } from './rule.ts';

const URL_TRANSPORTS = new Set(['streamable-http', 'sse']);

/** Names a package declares that a transport URL may use as `{name}`. */
export function declaredPackageVariables(pkg: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const [, env] of objectsOf(pkg.environmentVariables)) {
    const n = str(env.name);
    if (n) names.add(n);
  }
  for (const list of [pkg.runtimeArguments, pkg.packageArguments]) {
    for (const [, arg] of objectsOf(list)) {
      const n = str(arg.name);
      if (n) {
        // Official examples use the name as written ({--port}); the bare form ({port}) reads better.
        names.add(n);
        names.add(n.replace(/^-+/, ''));
      }
      const hint = str(arg.valueHint);
      if (hint) names.add(hint);
    }
  }
  return names;
}

export const transportRules: Rule = (doc) => {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    const t = pkg.transport;
    if (!isObject(t)) continue;
    const at = `$.packages[${i}].transport`;
    const type = str(t.type);
    const url = t.url;
    if (type === 'stdio' && url !== undefined) {
      out.push({
        rule: 'transport-url-forbidden',
        jsonPath: `${at}.url`,
        message: 'A stdio transport talks over standard input/output; remove "url".',
      });
    }
    if (type !== undefined && URL_TRANSPORTS.has(type)) {
      if (typeof url !== 'string' || url === '') {
        out.push({
          rule: 'transport-url-required',
          jsonPath: `${at}.url`,
          message: `A ${type} transport needs "url", the local endpoint the started package serves (e.g. "http://localhost:{port}/mcp").`,
        });
      } else {
        const declared = declaredPackageVariables(pkg);
        for (const v of templateVariables(url)) {
          if (!declared.has(v)) {
            out.push({
              rule: 'transport-url-variable',
              jsonPath: `${at}.url`,
              message: `The url uses {${v}}, which no argument or environment variable of this package declares; declare it (e.g. an environment variable named "${v}") or remove it.`,
            });
          }
        }
      }
    }
  }
  return out;
};

/** runtimeArguments and packageArguments of every package. */
import type { Finding } from '../core/problem.ts';
import { objectsOf, str } from '../core/guards.ts';
import { INVISIBLE } from './identifiers.ts';
import type { Rule } from './rule.ts';

export const argumentRules: Rule = (doc) => {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    for (const list of ['runtimeArguments', 'packageArguments'] as const) {
      for (const [k, arg] of objectsOf(pkg[list])) {
        const at = `$.packages[${i}].${list}[${k}]`;
        const type = str(arg.type);
        if (type === 'named') {
          const name = str(arg.name);
          if (name === undefined) continue;
          // The official rule (no "<", ">", whitespace or "$"), plus what makes a flag look like another one.
          if (/[<>\s$]/.test(name) || INVISIBLE.test(name) || name === '') {
            out.push({
              rule: 'argument-name',
              jsonPath: `${at}.name`,
              message: `Argument name ${JSON.stringify(name)} may not be empty or contain "<", ">", spaces, "$", control or invisible characters; give the flag only (e.g. "--port") and put placeholders in "value" or "valueHint".`,
            });
            continue;
          }
          for (const field of ['value', 'default'] as const) {
            const v = str(arg[field]);
            if (v?.startsWith(name)) {
              out.push({
                rule: 'argument-value-prefix',
                jsonPath: `${at}.${field}`,
                message: `The ${field} "${v}" repeats the argument name "${name}"; the name is added by the client, so give only the value.`,
              });
            }
          }
        } else if (type === 'positional') {
          if (str(arg.valueHint) === undefined && str(arg.value) === undefined) {
            out.push({
              rule: 'argument-positional-hint',
              jsonPath: at,
              message: 'A positional argument needs "valueHint" (what the user supplies) or a fixed "value".',
            });
          }
        }
      }
    }
  }
  return out;
};

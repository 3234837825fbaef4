/** Layer 3: every official semantic rule, in one list. */
import type { Finding } from '../core/problem.ts';
import type { Rule, RuleContext } from './rule.ts';
import { nameRules } from './names.ts';
import { textRules } from './text.ts';
import { versionRules } from './versions.ts';
import { urlRules } from './urls.ts';
import { repositoryRules } from './repository.ts';
import { packageRules } from './packages.ts';
import { transportRules } from './transports.ts';
import { argumentRules } from './arguments.ts';
import { identifierRules } from './identifiers.ts';
import { substitutionRules } from './substitution.ts';
import { remoteRules } from './remotes.ts';
import { metaRules } from './meta.ts';
import { launchRules } from './launch.ts';

export const SEMANTIC_RULES: readonly Rule[] = [
  nameRules,
  textRules,
  versionRules,
  urlRules,
  repositoryRules,
  packageRules,
  transportRules,
  argumentRules,
  identifierRules,
  substitutionRules,
  remoteRules,
  metaRules,
  launchRules,
];

export function semanticFindings(doc: Record<string, unknown>, ctx: RuleContext): Finding[] {
  return SEMANTIC_RULES.flatMap((rule) => rule(doc, ctx));
}

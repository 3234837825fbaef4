/** What every semantic rule is and receives. */
import type { RegistryConfig } from '../config/config.ts';
import type { Finding } from '../core/problem.ts';

export interface RuleContext {
  config: RegistryConfig;
}

/** A semantic rule: reads a parsed document (which may violate the schema) and never throws. */
export type Rule = (doc: Record<string, unknown>, ctx: RuleContext) => Finding[];

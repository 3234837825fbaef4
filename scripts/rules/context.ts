/** What every semantic rule receives, and small type guards for documents that may be malformed. */
import type { RegistryConfig } from '../config/config.ts';
import type { Finding } from '../core/problem.ts';

export interface RuleContext {
  config: RegistryConfig;
}

/** A semantic rule: reads a parsed document (which may violate the schema) and never throws. */
export type Rule = (doc: Record<string, unknown>, ctx: RuleContext) => Finding[];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object items of an array (schema violations are reported elsewhere), with their index. */
export function objectsOf(v: unknown): Array<[number, Record<string, unknown>]> {
  if (!Array.isArray(v)) return [];
  const out: Array<[number, Record<string, unknown>]> = [];
  v.forEach((item, i) => {
    if (isObject(item)) out.push([i, item]);
  });
  return out;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Parse an absolute URL, or undefined. */
export function parseUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/** `{name}` placeholders of a URL template. */
export function templateVariables(url: string): string[] {
  return [...url.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

/** A URL with its `{vars}` replaced by a harmless value, so it can be parsed. */
export function fillTemplate(url: string): string {
  return url.replace(/\{[^{}]+\}/g, 'x');
}

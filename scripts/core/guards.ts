/** Small type guards for parsed documents that may be malformed (a rule reads them before the schema has judged). */

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

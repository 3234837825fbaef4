/** _meta: only the publisher-provided key is kept, and it is small. */
import type { Finding } from '../core/problem.ts';
import { PUBLISHER_META_KEY } from '../core/types.ts';
import { childPath } from '../core/json/json-path.ts';
import { isObject } from '../core/guards.ts';
import type { Rule } from './rule.ts';

export const MAX_PUBLISHER_META_BYTES = 4096;

export const metaRules: Rule = (doc) => {
  const meta = doc._meta;
  if (!isObject(meta)) return [];
  const out: Finding[] = [];
  for (const key of Object.keys(meta)) {
    if (key !== PUBLISHER_META_KEY) {
      out.push({
        rule: 'meta-key',
        severity: 'warning',
        jsonPath: childPath('$._meta', key),
        message: `_meta key "${key}" is dropped by registries; only "${PUBLISHER_META_KEY}" is kept. Move the data there or remove it.`,
      });
    }
  }
  const provided = meta[PUBLISHER_META_KEY];
  if (provided !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(provided), 'utf8');
    if (bytes > MAX_PUBLISHER_META_BYTES) {
      out.push({
        rule: 'meta-size',
        jsonPath: childPath('$._meta', PUBLISHER_META_KEY),
        message: `Publisher-provided _meta is ${bytes} bytes of JSON; the limit is ${MAX_PUBLISHER_META_BYTES}. Link to details instead of embedding them.`,
      });
    }
  }
  return out;
};

/** Every rule of layers 1–3 has a passing and a failing case somewhere in tests/rules/. */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../scripts/core/rule-ids.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(DIR)
  .filter((f) => f.endsWith('.test.ts') && f !== 'coverage.test.ts')
  .map((f) => readFileSync(join(DIR, f), 'utf8'))
  .join('\n');

/** Rules a document in memory cannot trigger: nothing reads a file in validateDocument. */
const NOT_FROM_BYTES = new Set(['file-unreadable']);

describe('rule coverage', () => {
  const rules = Object.entries(RULES).filter(
    ([id, r]) => ['bytes', 'schema', 'semantic'].includes(r.layer) && !NOT_FROM_BYTES.has(id),
  );
  it.each(rules.map(([id]) => id))('%s has a passing and a failing test', (id) => {
    const inTable = sources.includes(`rule: '${id}'`);
    const passing = inTable || new RegExp(`it\\('${id}: [^']*pass`).test(sources);
    const failing = inTable || new RegExp(`it\\('${id}: [^']*fail`).test(sources);
    expect({ id, passing, failing }).toEqual({ id, passing: true, failing: true });
  });
});

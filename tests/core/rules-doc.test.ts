import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesDoc } from '../../scripts/core/rules-doc.ts';
import { RULES } from '../../scripts/core/rule-ids.ts';
import { REPO_ROOT } from '../helpers/docs.ts';

describe('docs/rules.md', () => {
  it('is generated from the rule catalog and up to date (regenerate: npm run docs:rules)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/rules.md'), 'utf8')).toBe(renderRulesDoc());
  });
  it('lists every rule id once', () => {
    const doc = renderRulesDoc();
    for (const id of Object.keys(RULES)) expect(doc.split(`| \`${id}\` |`).length - 1).toBe(1);
  });
});

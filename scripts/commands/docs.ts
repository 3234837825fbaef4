/** `npm run docs:rules`: regenerate docs/rules.md from the rule catalog. */
import { writeFile } from 'node:fs/promises';
import { renderRulesDoc } from '../core/rules-doc.ts';

export async function main(): Promise<number> {
  await writeFile('docs/rules.md', renderRulesDoc());
  process.stdout.write('Wrote docs/rules.md\n');
  return 0;
}

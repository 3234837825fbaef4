/** Renders docs/rules.md from the rule catalog, so the list a contributor reads is the list we enforce. */
import { RULES, type RuleLayer } from './rule-ids.ts';

const LAYER_TITLES: Record<RuleLayer, string> = {
  bytes: '1. Bytes: size, encoding, strict JSON',
  schema: '2. Schema: the official JSON Schema named by `$schema`',
  semantic: '3. Official rules on top of the schema',
  tree: '4. The tree: paths, collisions, status and owners files',
  change: '5. Changes against the base branch',
  proof: '6. Proofs on a pull request: namespace ownership and package artifacts',
  gate: '7. Pull-request policy',
};

export function renderRulesDoc(): string {
  let out =
    '# Validation rules\n\nEvery problem the registry reports carries one of these ids (`rule`), the file, the JSON path and,\nwhere it helps, the line and column. Generated from `scripts/core/rule-ids.ts`; `npm test` checks it is current.\n';
  const layers = new Map<string, Array<[string, string]>>();
  for (const [id, r] of Object.entries(RULES) as Array<[string, { layer: string; summary: string }]>) {
    if (!layers.has(r.layer)) layers.set(r.layer, []);
    layers.get(r.layer)!.push([id, r.summary]);
  }
  for (const [layer, rules] of layers) {
    out += `\n## ${LAYER_TITLES[layer as RuleLayer] ?? layer}\n\n| rule | what it requires |\n| --- | --- |\n`;
    for (const [id, summary] of rules) out += `| \`${id}\` | ${summary.replace(/\|/g, '\\|')} |\n`;
  }
  return out;
}

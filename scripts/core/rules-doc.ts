/** Renders docs/rules.md from the rule catalog, so the list a contributor reads is the list we enforce. */
import { GATE_LABELS, gateMeta, LAYERS, RULES, type RuleId } from './rule-ids.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The labels a rule can raise on a PR, as the PR shows them. */
function labelCell(id: RuleId): string {
  const g = gateMeta(id);
  const names = (g.labels ?? []).map((l) => `\`${GATE_LABELS[l]}\``);
  for (const l of g.refusedProofLabels ?? []) names.push(`\`${GATE_LABELS[l]}\` (when refused for good)`);
  return names.join(', ');
}

export function renderRulesDoc(): string {
  let out =
    '# Validation rules\n\nEvery problem the registry reports carries one of these ids (`rule`), the file, the JSON path and,\nwhere it helps, the line and column. Generated from `scripts/core/rule-ids.ts`; `npm test` checks it is current.\n\n' +
    'On a pull request, an error of a rule adds the label in its *PR label* column (a lookup that may pass later also\nadds `registry: retry later`), and the maintainer override turns the errors of a rule marked *waivable* into\nwarnings ([maintainers.md](maintainers.md)). Validation is never waivable. How to word a message:\n[messages.md](messages.md).\n';
  const layers = new Map<string, RuleId[]>();
  for (const id of Object.keys(RULES) as RuleId[]) {
    const layer = RULES[id].layer;
    if (!layers.has(layer)) layers.set(layer, []);
    layers.get(layer)!.push(id);
  }
  for (const [layer, ids] of layers) {
    out += `\n## ${LAYERS[layer as keyof typeof LAYERS].title}\n\n| rule | what it requires | PR label | override |\n| --- | --- | --- | --- |\n`;
    for (const id of ids)
      out += `| \`${id}\` | ${cell(RULES[id].summary)} | ${labelCell(id)} | ${gateMeta(id).waivable ? 'waivable' : ''} |\n`;
  }
  return out;
}

/** How the gate treats each rule comes from the catalog: the policy's invariants, checked over every rule. */
import { describe, expect, test } from 'vitest';
import { GATE_LABELS, gateMeta, type RuleId, RULES } from '../../scripts/core/rule-ids.ts';

const ids = Object.keys(RULES) as RuleId[];
const VALIDATION_LAYERS = new Set(['bytes', 'schema', 'semantic', 'tree', 'change']);

describe('gate metadata', () => {
  test.each(ids)('%s: validation is never waivable, and every validation error marks the PR invalid', (id) => {
    const g = gateMeta(id);
    if (VALIDATION_LAYERS.has(RULES[id].layer)) {
      expect(g.waivable).toBeFalsy();
      expect(g.labels).toContain('invalid');
      expect(g.checklist).toBe('documents');
    }
    // A waivable rule never counts as a document error, so the "Documents valid" row cannot be waived to green.
    if (g.waivable) expect(g.checklist).not.toBe('documents');
    for (const l of [...(g.labels ?? []), ...(g.refusedProofLabels ?? [])]) expect(GATE_LABELS).toHaveProperty(l);
  });

  test.each<{ rule: RuleId; labels: string[]; waivable: boolean; checklist?: string }>([
    { rule: 'json-syntax', labels: ['invalid'], waivable: false, checklist: 'documents' },
    { rule: 'immutable-modified', labels: ['invalid'], waivable: false, checklist: 'documents' },
    { rule: 'artifact-npm', labels: ['artifact'], waivable: true, checklist: 'artifacts' },
    { rule: 'network-failure', labels: [], waivable: true, checklist: 'artifacts' },
    { rule: 'proof-signature', labels: [], waivable: true },
    { rule: 'path-policy', labels: ['maintainer'], waivable: true, checklist: 'paths' },
    { rule: 'namespace-proof', labels: ['ownerProof'], waivable: true },
    { rule: 'owners-change-proof', labels: ['ownerProof'], waivable: true },
    { rule: 'pr-too-many-files', labels: ['invalid'], waivable: false, checklist: 'documents' },
    { rule: 'pr-head-moved', labels: ['retry'], waivable: false, checklist: 'documents' },
    { rule: 'pr-file-unreadable', labels: ['invalid', 'retry'], waivable: false, checklist: 'documents' },
    { rule: 'maintainer-override', labels: [], waivable: false },
  ])('$rule', ({ rule, labels, waivable, checklist }) => {
    const g = gateMeta(rule);
    expect({ labels: g.labels ?? [], waivable: g.waivable === true, checklist: g.checklist }).toEqual({
      labels,
      waivable,
      checklist,
    });
  });

  test('a lookup refused for good raises the artifact label from the proof', () => {
    expect(gateMeta('network-failure').refusedProofLabels).toEqual(['artifact']);
  });
});

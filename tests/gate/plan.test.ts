/** The gate's planned GitHub writes, a pure function of the snapshot, the verdict and what the PR shows now. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { GATE_LABEL_STYLE, GATE_LABELS } from '../../scripts/core/rule-ids.ts';
import { evaluate, type Verdict } from '../../scripts/gate/evaluate.ts';
import {
  ANNOTATIONS_PER_REQUEST,
  type GitHubState,
  type GitHubWrite,
  NO_VERDICT_TITLE,
  planActions,
  planMissingResult,
} from '../../scripts/gate/plan.ts';
import { COMMENT_MARKER, commentBody } from '../../scripts/gate/report.ts';
import type { PrSnapshot } from '../../scripts/gate/snapshot.ts';

const load = (name: string): PrSnapshot =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/gate', name, 'snapshot.json'), 'utf8')) as PrSnapshot;
const snapshot = load('owner-publishes-pass');
const verdict = evaluate(snapshot, parseConfig({}));
const BODY = commentBody(snapshot, verdict);
/** A repository the gate has run on before: its labels exist. */
const ALL: string[] = Object.values(GATE_LABELS);
const kinds = (w: GitHubWrite[]) =>
  w.map((x) =>
    x.kind === 'add-labels'
      ? `add ${x.labels.join(', ')}`
      : x.kind === 'create-label'
        ? `create-label ${x.name}`
        : x.kind === 'remove-label'
          ? `remove ${x.label}`
          : x.kind === 'update-comment'
            ? `update-comment ${x.commentId}`
            : x.kind,
  );

describe('planActions', () => {
  const bot = (id: number, body: string) => ({ id, body, authorType: 'Bot' });
  const user = (id: number, body: string) => ({ id, body, authorType: 'User' });
  test.each<{ why: string; state: GitHubState; writes: string[] }>([
    {
      why: 'a fresh PR: check run, new comment, the verdict labels',
      state: { comments: [], labels: [], repoLabels: ALL },
      writes: ['create-check-run', 'create-comment', `add ${GATE_LABELS.ready}`],
    },
    {
      why: 'our comment from an earlier push is updated in place',
      state: { comments: [user(1, 'hi'), bot(7, `${COMMENT_MARKER}\nold verdict`)], labels: [], repoLabels: ALL },
      writes: ['create-check-run', 'update-comment 7', `add ${GATE_LABELS.ready}`],
    },
    {
      why: 'an unchanged comment and labels already present are not written again',
      state: { comments: [bot(7, BODY)], labels: [GATE_LABELS.ready], repoLabels: ALL },
      writes: ['create-check-run'],
    },
    {
      why: 'a copied marker by a user is not ours; a bot comment without the marker neither',
      state: {
        comments: [user(3, `${COMMENT_MARKER}\nfake: approved`), bot(4, 'a welcome message')],
        labels: [],
        repoLabels: ALL,
      },
      writes: ['create-check-run', 'create-comment', `add ${GATE_LABELS.ready}`],
    },
    {
      why: "the gate's stale labels are removed, anyone else's are kept",
      state: {
        comments: [],
        labels: ['help wanted', GATE_LABELS.invalid, 'registry: maintainer override', GATE_LABELS.retry],
        repoLabels: ALL,
      },
      writes: [
        'create-check-run',
        'create-comment',
        `add ${GATE_LABELS.ready}`,
        `remove ${GATE_LABELS.invalid}`,
        `remove ${GATE_LABELS.retry}`,
      ],
    },
  ])('$why', ({ state, writes }) => {
    expect(kinds(planActions(snapshot, verdict, state))).toEqual(writes);
  });

  test('the check run is on the head SHA with the verdict as conclusion; the details URL only when given', () => {
    const [run] = planActions(snapshot, verdict, { comments: [], labels: [], repoLabels: ALL });
    expect(run).toMatchObject({
      kind: 'create-check-run',
      name: 'registry-gate',
      headSha: snapshot.pr.headSha,
      conclusion: 'success',
      output: { title: expect.stringContaining('Ready for review'), annotations: [] },
    });
    expect(run).not.toHaveProperty('detailsUrl');
    const [linked] = planActions(
      snapshot,
      verdict,
      { comments: [], labels: [], repoLabels: ALL },
      { detailsUrl: 'https://ci/run/1' },
    );
    expect(linked).toMatchObject({ detailsUrl: 'https://ci/run/1' });
  });

  test('annotations go 50 per request: the create, then updates of the same run', () => {
    const file = snapshot.files[0]!.path;
    const many: Verdict = {
      ...verdict,
      outcome: 'fail',
      problems: Array.from({ length: 120 }, (_, i) => ({
        rule: 'description-length' as const,
        severity: 'error' as const,
        file,
        jsonPath: '$.description',
        line: i + 1,
        message: `problem ${i}`,
      })),
    };
    const writes = planActions(snapshot, many, { comments: [], labels: [], repoLabels: ALL });
    const runs = writes.filter((w) => w.kind === 'create-check-run' || w.kind === 'update-check-run');
    expect(runs.map((w) => [w.kind, w.output.annotations?.length])).toEqual([
      ['create-check-run', ANNOTATIONS_PER_REQUEST],
      ['update-check-run', ANNOTATIONS_PER_REQUEST],
      ['update-check-run', 20],
    ]);
    expect(runs.every((w) => w.output.summary === runs[0]!.output.summary)).toBe(true);
  });

  test('planning is pure: the same inputs give the same plan, and the inputs are not changed', () => {
    const state: GitHubState = { comments: [bot(7, 'x')], labels: [GATE_LABELS.invalid], repoLabels: [] };
    const before = JSON.stringify([snapshot, verdict, state]);
    expect(planActions(snapshot, verdict, state)).toEqual(planActions(snapshot, verdict, state));
    expect(JSON.stringify([snapshot, verdict, state])).toBe(before);
  });
});

describe('labels are created before first use, with a colour and a description', () => {
  test('a label the repository lacks is created right before it is added; existing ones (any case) are not', () => {
    const state: GitHubState = { comments: [], labels: [], repoLabels: [] };
    const failing: Verdict = { ...verdict, labels: [GATE_LABELS.invalid, GATE_LABELS.ownerProof] };
    const writes = planActions(snapshot, failing, { ...state, repoLabels: ['REGISTRY: INVALID', 'bug'] });
    expect(kinds(writes)).toEqual([
      'create-check-run',
      'create-comment',
      `create-label ${GATE_LABELS.ownerProof}`,
      `add ${GATE_LABELS.invalid}, ${GATE_LABELS.ownerProof}`,
    ]);
    expect(writes[2]).toEqual({
      kind: 'create-label',
      name: GATE_LABELS.ownerProof,
      color: GATE_LABEL_STYLE.ownerProof.color,
      description: GATE_LABEL_STYLE.ownerProof.description,
    });
  });

  test('a label already on the PR is neither created nor added', () => {
    const writes = planActions(snapshot, verdict, { comments: [], labels: [GATE_LABELS.ready], repoLabels: [] });
    expect(kinds(writes)).toEqual(['create-check-run', 'create-comment']);
  });

  test.each(Object.entries(GATE_LABEL_STYLE))('%s: a six-digit hex colour and a description GitHub accepts', (_, s) => {
    expect(s.color).toMatch(/^[0-9a-f]{6}$/);
    expect(s.description.length).toBeGreaterThan(0);
    expect(s.description.length).toBeLessThanOrEqual(100);
  });
});

describe('no verdict', () => {
  test('plans one failing check run on the head that says why, and nothing else', () => {
    const writes = planMissingResult('f'.repeat(40), 'The analyze job was cancelled.', {
      detailsUrl: 'https://ci/run/2',
    });
    expect(writes).toEqual([
      {
        kind: 'create-check-run',
        name: 'registry-gate',
        headSha: 'f'.repeat(40),
        conclusion: 'failure',
        detailsUrl: 'https://ci/run/2',
        output: { title: NO_VERDICT_TITLE, summary: expect.stringContaining('The analyze job was cancelled.') },
      },
    ]);
    expect((writes[0] as { output: { summary: string } }).output.summary).toContain('fffffffffff');
  });

  test('the reason is escaped like any PR-supplied text (it can quote a corrupt result document)', () => {
    const [w] = planMissingResult('a'.repeat(40), 'not JSON: "@everyone <img src=x>" is not valid');
    const summary = (w as { output: { summary: string } }).output.summary;
    expect(summary).not.toContain('@everyone');
    expect(summary).not.toContain('<img');
  });
});

describe('the override label', () => {
  const OVERRIDE = 'registry: maintainer override';
  const overridden = load('maintainer-override-pass');
  const state: GitHubState = { comments: [], labels: [OVERRIDE], repoLabels: ALL };
  const planFor = (edit: (s: PrSnapshot) => void) => {
    const s = structuredClone(overridden);
    edit(s);
    return kinds(planActions(s, evaluate(s, parseConfig({})), state));
  };

  test('an override that covers the head is kept', () => {
    expect(planFor(() => {})).not.toContain(`remove ${OVERRIDE}`);
  });

  test('one older than the head push, or applied without the maintain role, is removed after the verdict labels', () => {
    const stale = planFor((s) => {
      s.override!.headPushedAt = '2099-01-01T00:00:00Z';
    });
    expect(stale.at(-1)).toBe(`remove ${OVERRIDE}`);
    const triage = planFor((s) => {
      s.override!.permission = { role: 'triage', maintain: false, admin: false };
    });
    expect(triage.at(-1)).toBe(`remove ${OVERRIDE}`);
  });

  test('after a failed lookup it is kept (a re-run may honour it)', () => {
    expect(
      planFor((s) => {
        s.override!.lookupFailed = 'reading the PR timeline failed (HTTP 502)';
      }),
    ).not.toContain(`remove ${OVERRIDE}`);
  });
});

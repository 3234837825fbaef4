import { describe, expect, it } from 'vitest';
import {
  IMPORT_MARKER,
  importPrBody,
  importPrTitle,
  planImportPr,
  type TreeChange,
} from '../../scripts/import/pr-plan.ts';

const add = (path: string): TreeChange => ({ path, change: 'added' });
const mod = (path: string): TreeChange => ({ path, change: 'modified' });
const T = 'servers/io.github.acme/tool';

describe('planImportPr', () => {
  const changes = [
    add(`${T}/1.1.0/server.json`),
    add(`${T}/1.1.0/status.json`),
    mod(`${T}/1.0.0/status.json`),
    add('servers/io.github.acme/other/2.0.0/server.json'),
    mod('servers/_upstream.json'),
  ];

  it('groups version folders in name order, with the sync file when everything fits', () => {
    const plan = planImportPr(changes, 10);
    expect(plan.folders.map((f) => `${f.name} ${f.version} ${f.added}`)).toEqual([
      'io.github.acme/other 2.0.0 true',
      'io.github.acme/tool 1.0.0 false',
      'io.github.acme/tool 1.1.0 true',
    ]);
    expect(plan.files).toEqual([
      'servers/io.github.acme/other/2.0.0/server.json',
      `${T}/1.0.0/status.json`,
      `${T}/1.1.0/server.json`,
      `${T}/1.1.0/status.json`,
      'servers/_upstream.json',
    ]);
    expect(plan.left).toBe(0);
    expect(importPrTitle(plan)).toBe('Import from upstream: 2 new version(s), 1 status change(s) in 2 server(s)');
  });

  it('caps the folders of one PR and then leaves the sync time out', () => {
    const plan = planImportPr(changes, 2);
    expect(plan.left).toBe(1);
    expect(plan.files).not.toContain('servers/_upstream.json');
    expect(importPrBody(plan, () => undefined)).toContain('first 2 version folders; 1 more wait for the next run');
  });

  it('a sync time alone is nothing to propose', () => {
    expect(planImportPr([mod('servers/_upstream.json')]).files).toEqual([]);
  });

  it('refuses what an import never does: deletions, a changed server.json, files outside the layout', () => {
    const plan = planImportPr([
      { path: `${T}/1.0.0/server.json`, change: 'deleted' },
      mod(`${T}/1.0.0/server.json`),
      add('servers/io.github.acme/notes.txt'),
    ]);
    expect(plan.refused.map((r) => r.path)).toEqual([
      `${T}/1.0.0/server.json`,
      `${T}/1.0.0/server.json`,
      'servers/io.github.acme/notes.txt',
    ]);
  });

  it('escapes upstream text in the body and quotes the summary in a fence nothing can close', () => {
    const plan = planImportPr([
      add('servers/io.github.acme/tool/1.0.0/server.json'),
      add('servers/io.github.acme/tool/1.0.0/status.json'),
    ]);
    const body = importPrBody(plan, () => 'deprecated <b>@team</b>', 'log with ``` inside and @someone');
    expect(body.startsWith(IMPORT_MARKER)).toBe(true);
    expect(body).toContain('| io.github.acme/tool | 1.0.0 | added (deprecated &lt;b&gt;@\u200bteam…) |');
    expect(body).toContain('````text\nlog with ``` inside and @someone\n````');
  });
});

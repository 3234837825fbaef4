/** The import's summary for a terminal or a log (pure). Upstream strings are shown without control characters. */
import { UPSTREAM_SYNC_PATH } from './sync-state.ts';
import type { ImportResult } from './run.ts';

const clean = (s: string, max = 300): string => {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** A list of server names, the first few only: an allow-everything import may read thousands. */
const names = (list: readonly string[], shown = 20): string =>
  list
    .slice(0, shown)
    .map((s) => clean(s, 200))
    .join(', ') + (list.length > shown ? `, … and ${list.length - shown} more` : '');

export function renderSummary(r: ImportResult): string {
  const { plan } = r;
  const out: string[] = [];
  out.push(
    `Upstream ${r.upstream}: ${r.listed} record(s) ${r.via === 'feed' ? `read from its changes feed in ${r.pages} request(s)` : `listed in ${r.pages} page(s)`}${r.query ? `, updated_since ${r.query}` : ', everything'}.`,
  );
  if (r.filterIgnored)
    out.push(
      '  The upstream ignored updated_since (a static host does): every allowed server was read in full, which is correct but not incremental.',
    );
  out.push(`Servers allowed and read: ${r.servers.length}${r.servers.length ? ` (${names(r.servers)})` : ''}.`);
  if (r.missing.length) out.push(`Not at the upstream: ${names(r.missing)}.`);
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push(`${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  };
  section(
    'Versions added',
    plan.added.map((a) => `+ ${clean(a.name)} ${clean(a.version)}${a.status !== 'active' ? ` (${a.status})` : ''}`),
  );
  section(
    'Status changes',
    plan.statusChanges.map(
      (c) =>
        `~ ${clean(c.name)} ${clean(c.version)}: ${c.from} → ${c.to}${c.message ? ` (${JSON.stringify(clean(c.message))})` : ''}`,
    ),
  );
  section(
    'Skipped',
    plan.skipped.map((s) => `- ${clean(s.name)} ${clean(s.version)} [${s.rule}] ${clean(s.message, 500)}`),
  );
  section(
    'Kept ours',
    plan.reported.map((s) => `! ${clean(s.name)} ${clean(s.version)} [${s.reason}] ${clean(s.message, 500)}`),
  );
  if (r.sync) out.push(`Sync time: ${UPSTREAM_SYNC_PATH} → ${r.sync.to}${r.sync.from ? ` (was ${r.sync.from})` : ''}.`);
  const changes = plan.added.length + plan.statusChanges.length;
  if (r.dryRun) out.push(`Dry run: nothing written (${changes} version change(s) planned).`);
  else if (r.written === 0) out.push('Nothing to write: the tree already has everything allowed.');
  else
    out.push(`Wrote ${r.written} file(s). Review them, then open a pull request (the gate judges it like any other).`);
  return `${out.join('\n')}\n`;
}

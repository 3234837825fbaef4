/**
 * What one import pull request holds (pure): the tree changes an import left in a checkout → version folders, capped
 * so that one PR stays reviewable and under the gate's file limit, and the PR's title and body. When the cap cuts,
 * the sync file stays out: the next run starts from the same time and proposes the rest once this PR is merged.
 */
import { codeBlock, md } from '../core/markdown.ts';
import { classifyPath, SERVERS_DIR } from '../core/repo-path.ts';

/** Version folders per PR: at most 2 files each plus the sync file stays under the gate's 300-file limit. */
export const DEFAULT_MAX_VERSIONS = 100;
export const IMPORT_BRANCH = 'registry-import';
export const IMPORT_MARKER = '<!-- mcp-registry:import -->';
/** GitHub refuses a body over 65,536 characters. */
const MAX_BODY = 60_000;

export interface TreeChange {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

export interface PrFolder {
  name: string;
  version: string;
  /** Paths in the folder that changed (server.json and/or status.json). */
  files: string[];
  /** True when its server.json is new. */
  added: boolean;
}

export interface ImportPrPlan {
  folders: PrFolder[];
  /** Folders the cap left for a later PR. */
  left: number;
  /** Every path to commit: the folders' files, and the sync file unless the cap cut. */
  files: string[];
  /** Changes an import never makes (deletions, files outside the layout): the run stops on them. */
  refused: TreeChange[];
}

export function planImportPr(changes: readonly TreeChange[], maxVersions = DEFAULT_MAX_VERSIONS): ImportPrPlan {
  const folders = new Map<string, PrFolder>();
  const refused: TreeChange[] = [];
  let sync: string | undefined;
  for (const c of changes) {
    const k = classifyPath(c.path);
    if (c.change === 'deleted') refused.push(c);
    else if (k.kind === 'upstream-sync') sync = c.path;
    else if ((k.kind === 'server' && c.change === 'added') || k.kind === 'status') {
      const dir = `${SERVERS_DIR}/${k.namespace}/${k.server}/${k.version}`;
      const f = folders.get(dir) ?? { name: `${k.namespace}/${k.server}`, version: k.version, files: [], added: false };
      f.files.push(c.path);
      if (k.kind === 'server') f.added = true;
      folders.set(dir, f);
    } else refused.push(c);
  }
  const all = [...folders.keys()].sort().map((d) => folders.get(d)!);
  const taken = all.slice(0, Math.max(0, maxVersions));
  const left = all.length - taken.length;
  const files = taken.flatMap((f) => f.files.sort());
  if (sync && left === 0 && taken.length > 0) files.push(sync);
  return { folders: taken, left, files, refused };
}

export function importPrTitle(plan: ImportPrPlan): string {
  const added = plan.folders.filter((f) => f.added).length;
  const changed = plan.folders.length - added;
  const servers = new Set(plan.folders.map((f) => f.name)).size;
  const parts = [added ? `${added} new version(s)` : '', changed ? `${changed} status change(s)` : ''].filter(Boolean);
  return `Import from upstream: ${parts.join(', ')} in ${servers} server(s)`;
}

/**
 * The PR body: every folder with what happens to it, the cap's note, and the import's own summary. Names, versions
 * and statuses come from an upstream, so they are escaped like any PR-supplied text.
 */
export function importPrBody(
  plan: ImportPrPlan,
  statusOf: (path: string) => string | undefined,
  summary?: string,
): string {
  const lines = [
    IMPORT_MARKER,
    'The scheduled import (`npm run import`, `.github/workflows/import.yml`) found these changes at the upstream. The gate judges this pull request like any other; merging it publishes them. This branch is rebuilt by every run: push nothing to it.',
    '',
    '| server | version | change |',
    '| --- | --- | --- |',
  ];
  for (const f of plan.folders) {
    const status = f.files.map((p) => (p.endsWith('/status.json') ? statusOf(p) : undefined)).find(Boolean);
    const change = f.added ? `added${status ? ` (${md(status, 20)})` : ''}` : `status → ${md(status ?? 'changed', 20)}`;
    lines.push(`| ${md(f.name, 200)} | ${md(f.version, 100)} | ${change} |`);
  }
  if (plan.left > 0)
    lines.push(
      '',
      `This pull request holds the first ${plan.folders.length} version folders; ${plan.left} more wait for the next run after it is merged (one PR stays reviewable and under the gate's file limit). The sync time is not advanced until everything is in.`,
    );
  if (summary)
    lines.push('', '<details><summary>Import log</summary>', '', codeBlock(summary, 'text', 20_000), '', '</details>');
  const body = lines.join('\n');
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n\n… (cut)` : body;
}

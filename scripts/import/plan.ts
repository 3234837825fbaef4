/**
 * The import's decision (pure): upstream records + the local tree → the files to write, and everything not written
 * with its reason. A version the tree lacks becomes `servers/<name>/<version>/server.json` (the upstream's `server`
 * object, formatted as `npm run new` formats files) plus a status.json when the upstream deprecated it. A version the
 * tree has is never rewritten: an upstream document that differs is reported, and only a stronger upstream status
 * (deprecated, deleted) or a new status message is mirrored into status.json. Every planned version folder goes
 * through the same tree validation as a pull request; one the rules refuse is skipped with the rule.
 */
import { codeUnitOrder } from '../core/compare.ts';
import { formatJson, jsonEqual } from '../core/json/format.ts';
import type { RegistryConfig } from '../config/config.ts';
import type { Problem } from '../core/problem.ts';
import type { Status, StatusDoc } from '../core/types.ts';
import { parseStrict } from '../core/json/strict-json.ts';
import { nameFormatError } from '../rules/names.ts';
import type { TreeFile } from '../tree/files.ts';
import { classifyPath, SERVER_FILE, SERVERS_DIR, STATUS_FILE, unsafeVersionFolder } from '../core/repo-path.ts';
import { validateTree } from '../validate/tree.ts';
import type { UpstreamRecord } from '../proofs/upstream-records.ts';

export interface PlannedWrite {
  /** Repository-relative. */
  path: string;
  text: string;
}

export interface AddedVersion {
  name: string;
  version: string;
  status: Status;
}

export interface StatusChange {
  name: string;
  version: string;
  from: Status;
  to: Status;
  message?: string;
}

/** Why a version was not written: a validation rule id, or `deleted-upstream` / `unsafe-path`. */
export interface Skipped {
  name: string;
  version: string;
  rule: string;
  message: string;
}

/** Differences kept on our side on purpose (published versions never change; a restore is a person's decision). */
export interface Reported {
  name: string;
  version: string;
  reason: 'upstream-rewrote' | 'upstream-restored';
  message: string;
}

export interface ImportPlan {
  added: AddedVersion[];
  statusChanges: StatusChange[];
  skipped: Skipped[];
  reported: Reported[];
  writes: PlannedWrite[];
}

const SEVERITY: Record<Status, number> = { active: 0, deprecated: 1, deleted: 2 };

interface LocalVersion {
  server?: Uint8Array;
  status?: StatusDoc;
}

/** One version folder the plan wants to write, validated as a unit. */
interface Group {
  dir: string;
  name: string;
  version: string;
  files: PlannedWrite[];
  added?: AddedVersion;
  change?: StatusChange;
}

export function planImport(
  records: readonly UpstreamRecord[],
  local: readonly TreeFile[],
  config: RegistryConfig,
): ImportPlan {
  const here = indexLocal(local);
  const plan: ImportPlan = { added: [], statusChanges: [], skipped: [], reported: [], writes: [] };
  const groups: Group[] = [];
  const seen = new Set<string>();
  const ordered = [...records].sort((a, b) => codeUnitOrder(a.name, b.name) || codeUnitOrder(a.version, b.version));
  for (const r of ordered) {
    const key = `${r.name}\u0000${r.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { name, version } = r;
    const unsafe = nameFormatError(name) ?? unsafeVersionFolder(version) ?? (version === 'latest' ? 'reserved' : '');
    if (unsafe) {
      plan.skipped.push({ name, version, rule: 'unsafe-path', message: `cannot be a folder of the tree: ${unsafe}` });
      continue;
    }
    const dir = `${SERVERS_DIR}/${name}/${version}`;
    const mine = here.get(`${dir}/`);
    if (mine?.server) {
      compareExisting(r, mine, dir, plan, groups);
      continue;
    }
    if (r.status === 'deleted') {
      plan.skipped.push({
        name,
        version,
        rule: 'deleted-upstream',
        message: 'the upstream deleted this version; a version the tree never had is not imported as a tombstone',
      });
      continue;
    }
    const files = [{ path: `${dir}/${SERVER_FILE}`, text: formatJson(r.server) }];
    if (r.status !== 'active') files.push({ path: `${dir}/${STATUS_FILE}`, text: formatJson(statusDoc(r)) });
    groups.push({ dir, name, version, files, added: { name, version, status: r.status } });
  }

  for (const g of validGroups(groups, local, config, plan.skipped)) {
    plan.writes.push(...g.files);
    if (g.added) plan.added.push(g.added);
    if (g.change) plan.statusChanges.push(g.change);
  }
  return plan;
}

function compareExisting(r: UpstreamRecord, mine: LocalVersion, dir: string, plan: ImportPlan, groups: Group[]): void {
  const { name, version } = r;
  const parsed = parseStrict(new TextDecoder().decode(mine.server));
  if (!parsed.ok || !jsonEqual(parsed.value, r.server)) {
    plan.reported.push({
      name,
      version,
      reason: 'upstream-rewrote',
      message: `the upstream's server.json differs from ${dir}/${SERVER_FILE}; a published version never changes, so ours is kept`,
    });
  }
  const from = mine.status?.status ?? 'active';
  const fromMessage = mine.status?.message;
  if (
    SEVERITY[r.status] > SEVERITY[from] ||
    (r.status !== 'active' && r.status === from && r.statusMessage !== fromMessage)
  ) {
    groups.push({
      dir,
      name,
      version,
      files: [{ path: `${dir}/${STATUS_FILE}`, text: formatJson(statusDoc(r)) }],
      change: { name, version, from, to: r.status, ...(r.statusMessage ? { message: r.statusMessage } : {}) },
    });
  } else if (SEVERITY[r.status] < SEVERITY[from]) {
    plan.reported.push({
      name,
      version,
      reason: 'upstream-restored',
      message: `the upstream marks it ${r.status}, ours is ${from}; restoring is a maintainer's decision, so ours is kept`,
    });
  }
}

function statusDoc(r: UpstreamRecord): StatusDoc {
  return r.statusMessage ? { status: r.status, message: r.statusMessage } : { status: r.status };
}

/**
 * Validate every group against the whole tree (a collision or a taken remote URL needs the rest of the tree), drop
 * the groups that bring a new error, and validate again until what is left is clean.
 */
function validGroups(groups: Group[], local: readonly TreeFile[], config: RegistryConfig, skipped: Skipped[]): Group[] {
  if (groups.length === 0) return [];
  const key = (p: Problem) => `${p.rule}\u0000${p.file}\u0000${p.jsonPath}\u0000${p.message}`;
  const baseline = new Set(
    validateTree(local, config)
      .problems.filter((p) => p.severity === 'error')
      .map(key),
  );
  const encoder = new TextEncoder();
  let left = groups;
  for (;;) {
    const planned = new Set(left.flatMap((g) => g.files.map((f) => f.path)));
    const files: TreeFile[] = [
      ...local.filter((f) => !planned.has(f.path)),
      ...left.flatMap((g) => g.files.map((f) => ({ path: f.path, bytes: encoder.encode(f.text) }))),
    ];
    const fresh = validateTree(files, config).problems.filter((p) => p.severity === 'error' && !baseline.has(key(p)));
    const refused = new Map<Group, Problem>();
    for (const p of fresh)
      for (const g of left)
        if (!refused.has(g) && (p.file.startsWith(`${g.dir}/`) || p.file === `${SERVERS_DIR}/${g.name}`))
          refused.set(g, p);
    if (refused.size === 0) return left;
    for (const [g, p] of refused) skipped.push({ name: g.name, version: g.version, rule: p.rule, message: p.message });
    left = left.filter((g) => !refused.has(g));
  }
}

/** Local version folders by `servers/<name>/<version>/`: the server.json bytes and the parsed status. */
function indexLocal(local: readonly TreeFile[]): Map<string, LocalVersion> {
  const out = new Map<string, LocalVersion>();
  for (const f of local) {
    const k = classifyPath(f.path);
    if (k.kind !== 'server' && k.kind !== 'status') continue;
    const dir = `${SERVERS_DIR}/${k.namespace}/${k.server}/${k.version}/`;
    const entry = out.get(dir) ?? {};
    if (k.kind === 'server') entry.server = f.bytes;
    else {
      const parsed = parseStrict(new TextDecoder().decode(f.bytes));
      const doc = parsed.ok ? (parsed.value as Partial<StatusDoc> | null) : null;
      if (doc && typeof doc === 'object' && typeof doc.status === 'string' && doc.status in SEVERITY)
        entry.status = doc as StatusDoc;
    }
    out.set(dir, entry);
  }
  return out;
}

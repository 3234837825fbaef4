/**
 * Records: version entries (from the validated tree) + git history → one official `ServerResponse`
 * per version folder, in the official list order (name, then version, as plain text). Pure.
 */
import type { RegistryConfig } from '../config/config.ts';
import { compareNewestFirst, pickLatest, type LatestCandidate } from '../core/latest.ts';
import {
  OFFICIAL_META_KEY,
  type OfficialMeta,
  type ServerRecord,
  type Status,
  type VersionEntry,
} from '../core/types.ts';
import type { RepoHistory } from '../history/fold.ts';
import type { OwnMeta } from './own-meta.ts';
import { codeUnitOrder } from '../core/compare.ts';

export interface RecordsResult {
  /** Sorted by name, then version (plain text): the official list order. */
  records: ServerRecord[];
  /** Folders with no commit yet (built from the working tree): their times fall back to HEAD's time. */
  uncommitted: string[];
}

type Config = Pick<RegistryConfig, 'metaKey' | 'repositoryUrl' | 'defaultBranch'>;

export function buildRecords(entries: readonly VersionEntry[], history: RepoHistory, config: Config): RecordsResult {
  const uncommitted: string[] = [];
  const repo = config.repositoryUrl.replace(/\/+$/, '');
  const drafts: Array<{ record: ServerRecord; official: OfficialMeta; candidate: LatestCandidate; name: string }> = [];
  for (const entry of entries) {
    if (!entry.document) throw new Error(`buildRecords: ${entry.file} has no parsed document (validate first)`);
    const folder = entry.file.slice(0, entry.file.lastIndexOf('/'));
    const times = history.folders.get(folder);
    if (!times) uncommitted.push(folder);
    const publishedAt = times?.publishedAt ?? history.headTime;
    const statusAt = times?.statusChangedAt;
    const changedAt = statusAt !== undefined && statusAt > publishedAt ? statusAt : publishedAt;
    const status: Status = entry.status?.status ?? 'active';
    const official: OfficialMeta = {
      status,
      statusChangedAt: changedAt,
      ...(entry.status?.message !== undefined && status !== 'active' ? { statusMessage: entry.status.message } : {}),
      publishedAt,
      updatedAt: changedAt,
      isLatest: false,
    };
    const own: OwnMeta = {
      path: entry.file,
      sourceUrl: `${repo}/blob/${times?.publishedCommit ?? config.defaultBranch}/${encodePath(entry.file)}`,
      ...(times ? { publishedCommit: times.publishedCommit } : {}),
      ...(entry.statusFile
        ? {
            statusPath: entry.statusFile,
            statusSourceUrl: `${repo}/blob/${times?.statusCommit ?? config.defaultBranch}/${encodePath(entry.statusFile)}`,
            ...(times?.statusCommit ? { statusCommit: times.statusCommit } : {}),
          }
        : {}),
      historyUrl: `${repo}/commits/${config.defaultBranch}/${encodePath(folder)}`,
    };
    const record: ServerRecord = {
      server: entry.document,
      _meta: { [OFFICIAL_META_KEY]: official, [config.metaKey]: own },
    };
    drafts.push({ record, official, name: entry.name, candidate: { version: entry.version, publishedAt, status } });
  }

  const byName = new Map<string, typeof drafts>();
  for (const d of drafts) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
  }
  for (const list of byName.values()) {
    const latest = pickLatest(list.map((d) => d.candidate));
    for (const d of list) d.official.isLatest = d.candidate.version === latest;
  }

  drafts.sort((a, b) => codeUnitOrder(a.name, b.name) || codeUnitOrder(a.candidate.version, b.candidate.version));
  return { records: drafts.map((d) => d.record), uncommitted: uncommitted.sort() };
}

/** A server's versions, newest publish first (the official `…/versions` order). */
export function newestFirst(records: readonly ServerRecord[]): ServerRecord[] {
  return [...records].sort((a, b) => compareNewestFirst(candidate(a), candidate(b)));
}

export function candidate(r: ServerRecord): LatestCandidate {
  const o = r._meta[OFFICIAL_META_KEY];
  return { version: r.server.version, publishedAt: o.publishedAt, status: o.status };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
